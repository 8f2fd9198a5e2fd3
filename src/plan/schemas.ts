import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { LocatedYaml, Problem } from './located-yaml.js';

/** The package's schemas/ folder (same depth from src/plan and dist/plan). */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

// ajv and the validators made from the schemas are CommonJS: loaded with require, only when a
// schema is first used, so that commands which validate nothing never load them.
const require = createRequire(import.meta.url);
const compiled = new Map<string, ValidateFunction>();
let ajv: import('ajv/dist/2020.js').Ajv2020 | undefined;

/** The options of every validator, at build time (scripts/compile-schemas.mjs) and at run time. */
const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true } as const;

/**
 * A validator for schemas/<name>, made once per process. The build compiles every schema ahead
 * (schemas/compiled/, ajv standalone); that validator is used while the schema file still has
 * the hash it was compiled from, so an edited schema is never checked by a stale validator: it is
 * compiled here instead, as it was before the build compiled them.
 */
export function schemaValidator(name: string): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    const text = readFileSync(`${SCHEMAS_DIR}${name}`, 'utf8');
    v = prebuilt(name, hash('sha256', text)) ?? compileNow(text);
    compiled.set(name, v);
  }
  return v;
}

function prebuilt(name: string, sha256: string): ValidateFunction | undefined {
  try {
    const v = require(`${SCHEMAS_DIR}compiled/${name.replace(/\.json$/, '.cjs')}`) as ValidateFunction & { schemaSha256?: string };
    return v.schemaSha256 === sha256 ? v : undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}

function compileNow(text: string): ValidateFunction {
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
  ajv ??= addFormats(new Ajv2020(AJV_OPTIONS));
  return ajv.compile(JSON.parse(text) as object);
}
/** Validates and maps every ajv error to a file:line:col problem, in file order. */
export function validateLocated(name: string, value: unknown, yaml: LocatedYaml): Problem[] {
  const validate = schemaValidator(name);
  if (validate(value)) return [];
  const problems = (validate.errors ?? []).filter(notNoise).map((e) => toProblem(e, yaml));
  return dedupe(problems).sort((a, b) => a.line - b.line || a.column - b.column);
}

// oneOf reports every branch's failure and then "must match exactly one schema"; the branch
// errors say what is wrong, so the summary line is only kept when it is alone.
function notNoise(e: ErrorObject): boolean {
  return e.keyword !== 'if';
}

function toProblem(e: ErrorObject, yaml: LocatedYaml): Problem {
  const base = { file: yaml.file, severity: 'error' as const };
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params['additionalProperty']);
      return { ...base, ...yaml.locate(e.instancePath, key), pointer: `${e.instancePath}/${key}`, message: `unknown property "${key}"` };
    }
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

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.line}:${p.column}:${p.pointer}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
