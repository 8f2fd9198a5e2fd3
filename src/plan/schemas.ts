import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { LocatedYaml, Problem } from './located-yaml.js';

const addFormats = addFormatsModule.default;

/** The package's schemas/ folder (same depth from src/plan and dist/plan). */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** A validator for schemas/<name>, compiled once per process. */
export function schemaValidator(name: string): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    ajv ??= addFormats(new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }));
    v = ajv.compile(JSON.parse(readFileSync(`${SCHEMAS_DIR}${name}`, 'utf8')) as object);
    compiled.set(name, v);
  }
  return v;
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
