import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { SCHEMAS_DIR, schemaValidator } from '../../src/plan/schemas.js';

const addFormats = addFormatsModule.default;
const require = createRequire(import.meta.url);
const names = readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.schema.json'));

// The build (npm test builds first) compiles every schema ahead; these pin that the command
// uses that validator, and that it judges exactly as a validator compiled at run time does.
describe('schemas compiled at build time', () => {
  it('finds the schemas to check (an empty list would check nothing)', () => {
    expect(names).toEqual(expect.arrayContaining(['plan.schema.json', 'config.schema.json', 'run-state.schema.json', 'phase-results.schema.json']));
  });

  it.each(names)('%s has a prebuilt validator, and schemaValidator uses it', (name) => {
    const prebuilt = require(`${SCHEMAS_DIR}compiled/${name.replace(/\.json$/, '.cjs')}`) as unknown;
    expect(typeof prebuilt).toBe('function');
    expect(schemaValidator(name)).toBe(prebuilt);
  });

  it('gives the same errors as a validator compiled at run time', () => {
    const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }));
    const runtime = ajv.compile(JSON.parse(readFileSync(`${SCHEMAS_DIR}plan.schema.json`, 'utf8')) as object);
    const prebuilt = schemaValidator('plan.schema.json');
    const plans: unknown[] = [
      { version: 1, document: 'KB-1', prefix: 'X' },
      { version: 2, document: 7, prefix: 'X', extra: true },
      { version: 1, document: 'KB-1', prefix: 'X', mode: 'nope', cut: { profile: 'vn-legal', unit: 3 } },
      { version: 1, document: 'KB-1', prefix: 'X', policy: { maxUnits: -1, maxRetireRatio: 2 } },
      [],
      null,
    ];
    for (const plan of plans) {
      expect(prebuilt(plan)).toBe(runtime(plan));
      expect(prebuilt.errors ?? null).toEqual(runtime.errors ?? null);
    }
  });
});
