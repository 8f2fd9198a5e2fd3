// Compiles every schemas/*.schema.json into a standalone validator (schemas/compiled/<name>.cjs)
// at build time, so no command compiles a schema when it starts (ajv's compile of the plan schema
// alone took ~100 ms of `cutter validate`). Each file records the sha256 of the schema it was made
// from: src/plan/schemas.ts uses it only while it matches, and compiles at run time otherwise.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import standaloneModule from 'ajv/dist/standalone/index.js';

const addFormats = addFormatsModule.default;
const standaloneCode = standaloneModule.default;
const schemasDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
const outDir = join(schemasDir, 'compiled');

// The same options as the run-time fallback in src/plan/schemas.ts (AJV_OPTIONS there).
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, code: { source: true } }));
const names = readdirSync(schemasDir).filter((f) => f.endsWith('.schema.json')).sort();
const texts = new Map(names.map((name) => [name, readFileSync(join(schemasDir, name), 'utf8')]));
for (const [name, text] of texts) ajv.addSchema(JSON.parse(text));
const idOf = new Map([...texts].map(([name, text]) => [name, JSON.parse(text).$id ?? name]));

// Validators of schemas since removed go too; the hub template beside them is kept.
mkdirSync(outDir, { recursive: true });
for (const f of existsSync(outDir) ? readdirSync(outDir) : []) if (f.endsWith('.cjs')) rmSync(join(outDir, f));
// The file names src/plan/schemas.ts looks for (compiledValidatorFile there).
const fileOf = (name, definition) => `${name.replace(/\.json$/, '')}${definition === undefined ? '' : `.${definition}`}.cjs`;
let count = 0;
for (const [name, text] of texts) {
  const sha256 = createHash('sha256').update(text).digest('hex');
  const schema = JSON.parse(text);
  const write = (definition, validate) => {
    writeFileSync(join(outDir, fileOf(name, definition)), `${standaloneCode(ajv, validate)}\nmodule.exports.schemaSha256 = ${JSON.stringify(sha256)};\n`);
    count += 1;
  };
  write(undefined, ajv.getSchema(idOf.get(name)));
  // Each definition too: run state reading validates a phase's result against its own one.
  if (schema.$id !== undefined) {
    for (const definition of Object.keys(schema.$defs ?? {})) write(definition, ajv.compile({ $ref: `${schema.$id}#/$defs/${definition}` }));
  }
}
console.log(`compiled ${names.length} schemas (${count} validators) into schemas/compiled/`);
