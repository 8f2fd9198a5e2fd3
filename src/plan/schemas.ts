import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { closestName } from './did-you-mean.js';
import type { LocatedYaml, Problem } from './located-yaml.js';

/** The package's schemas/ folder (same depth from src/plan and dist/plan). */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

// ajv and the validators made from the schemas are CommonJS: loaded with require, only when a
// schema is first used, so that commands which validate nothing never load them.
const require = createRequire(import.meta.url);
const compiled = new Map<string, ValidateFunction>();
const texts = new Map<string, string>();
const sources = new Map<string, object>();
let ajv: import('ajv/dist/2020.js').Ajv2020 | undefined;

/** The options of every validator, at build time (scripts/compile-schemas.mjs) and at run time. */
const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true } as const;

/** The text of schemas/<name>, read once per process. */
function schemaText(name: string): string {
  let text = texts.get(name);
  if (text === undefined) {
    text = readFileSync(`${SCHEMAS_DIR}${name}`, 'utf8');
    texts.set(name, text);
  }
  return text;
}

/** The JSON of schemas/<name>, parsed once per process. */
function schemaSource(name: string): object {
  let schema = sources.get(name);
  if (!schema) {
    schema = JSON.parse(schemaText(name)) as object;
    sources.set(name, schema);
  }
  return schema;
}

/**
 * A validator for schemas/<name>, or for one of its `$defs` (e.g. `phase-diff` of
 * phase-results.schema.json), made once per process. The build compiles every schema and every
 * definition ahead (schemas/compiled/, ajv standalone); that validator is used while the schema
 * file still has the hash it was compiled from, so an edited schema is never checked by a stale
 * validator: it is compiled here instead.
 */
export function schemaValidator(name: string, definition?: string): ValidateFunction {
  const key = definition === undefined ? name : `${name}#${definition}`;
  let v = compiled.get(key);
  if (!v) {
    v = prebuilt(name, definition, hash('sha256', schemaText(name))) ?? compileNow(name, definition);
    compiled.set(key, v);
  }
  return v;
}

/** Where the build puts the validator of a schema or of one of its definitions. */
export function compiledValidatorFile(name: string, definition?: string): string {
  return `${name.replace(/\.json$/, '')}${definition === undefined ? '' : `.${definition}`}.cjs`;
}

function prebuilt(name: string, definition: string | undefined, sha256: string): ValidateFunction | undefined {
  try {
    const v = require(`${SCHEMAS_DIR}compiled/${compiledValidatorFile(name, definition)}`) as ValidateFunction & { schemaSha256?: string };
    return v.schemaSha256 === sha256 ? v : undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}

function compileNow(name: string, definition: string | undefined): ValidateFunction {
  if (!ajv) {
    const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
    ajv = addFormats(new Ajv2020(AJV_OPTIONS));
  }
  const schema = schemaSource(name) as { $id?: string };
  if (schema.$id === undefined) return ajv.compile(schema);
  // Added once by its $id, so the whole file and each of its definitions share one compilation.
  if (!ajv.getSchema(schema.$id)) ajv.addSchema(schema);
  return definition === undefined ? ajv.getSchema(schema.$id)! : ajv.compile({ $ref: `${schema.$id}#/$defs/${definition}` });
}

/**
 * The property names the schema allows where an `additionalProperties` error arose, found from
 * the error's schemaPath in the schema's JSON (so it works for a precompiled validator too).
 */
const allowedCache = new Map<string, string[]>();

function allowedProperties(name: string, schemaPath: string): string[] {
  const cacheKey = `${name}${schemaPath}`;
  const cached = allowedCache.get(cacheKey);
  if (cached) return cached;
  const segments = schemaPath.replace(/^#\//, '').split('/').slice(0, -1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = schemaSource(name);
  for (const seg of segments) node = (node as Record<string, unknown> | undefined)?.[seg];
  const properties = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
  const allowed = properties ? Object.keys(properties) : [];
  allowedCache.set(cacheKey, allowed);
  return allowed;
}

/** Validates and maps every ajv error to a file:line:col problem, in file order. */
export function validateLocated(name: string, value: unknown, yaml: LocatedYaml): Problem[] {
  const validate = schemaValidator(name);
  if (validate(value)) return [];
  const problems = (validate.errors ?? []).filter(notNoise).map((e) => toProblem(name, e, yaml, value));
  return dedupe(problems).sort((a, b) => a.line - b.line || a.column - b.column);
}

// oneOf reports every branch's failure and then "must match exactly one schema"; the branch
// errors say what is wrong, so the summary line is only kept when it is alone.
function notNoise(e: ErrorObject): boolean {
  return e.keyword !== 'if';
}

function toProblem(name: string, e: ErrorObject, yaml: LocatedYaml, root: unknown): Problem {
  const base = { file: yaml.file, severity: 'error' as const };
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params['additionalProperty']);
      const allowed = allowedProperties(name, e.schemaPath);
      const near = closestName(key, allowed);
      const hint = near ? `; did you mean "${near}"?` : allowed.length > 0 ? `; known here: ${allowed.join(', ')}` : '';
      return { ...base, ...yaml.locate(e.instancePath, key), pointer: `${e.instancePath}/${escapePointer(key)}`, message: `unknown property "${key}"${hint}` };
    }
    case 'type':
      if (e.instancePath === '') {
        return { ...base, ...yaml.locate(''), pointer: '', message: `must be a YAML mapping of keys to values (version: 1, …), not ${kindOf(root)}` };
      }
      return { ...base, ...yaml.locate(e.instancePath), pointer: e.instancePath, message: e.message ?? e.keyword };
    case 'required':
      return { ...base, ...yaml.locate(e.instancePath), pointer: e.instancePath, message: `missing required property "${String(e.params['missingProperty'])}"` };
    case 'enum':
      return { ...base, ...yaml.locate(e.instancePath), pointer: e.instancePath, message: `must be one of: ${(e.params['allowedValues'] as unknown[]).join(', ')}` };
    case 'const':
      return { ...base, ...yaml.locate(e.instancePath), pointer: e.instancePath, message: `must be ${JSON.stringify(e.params['allowedValue'])}` };
    case 'pattern':
      return { ...base, ...yaml.locate(e.instancePath), pointer: e.instancePath, message: `must match ${String(e.params['pattern'])}` };
    default:
      return { ...base, ...yaml.locate(e.instancePath), pointer: e.instancePath, message: e.message ?? e.keyword };
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.line}:${p.column}:${p.pointer}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
