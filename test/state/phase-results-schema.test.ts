import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCHEMAS_DIR } from '../../src/plan/schemas.js';

const addFormats = addFormatsModule.default;
const schema = JSON.parse(readFileSync(`${SCHEMAS_DIR}phase-results.schema.json`, 'utf8')) as { $id: string };
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }));
ajv.addSchema(schema);

/** The schema at a JSON pointer of phase-results.schema.json. */
function at(pointer: string): Record<string, unknown> {
  return pointer.split('/').slice(1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, schema);
}

/** The pointers of the forms an if/then/else chain tells apart (a oneOf's each). */
function forms(pointer: string): string[] {
  const node = at(pointer);
  if ('if' in node) return [...forms(`${pointer}/then`), ...forms(`${pointer}/else`)];
  if ('oneOf' in node) return (node['oneOf'] as unknown[]).flatMap((_, i) => forms(`${pointer}/oneOf/${i}`));
  return [pointer];
}

/** The items of a large array, checked as told apart, and as a oneOf of the same forms. */
function bothWays(pointer: string): { told: (v: unknown) => boolean; oneOf: (v: unknown) => boolean; forms: string[] } {
  const found = forms(pointer);
  const told = ajv.compile({ $ref: `${schema.$id}#${pointer}` });
  const oneOf = ajv.compile({ oneOf: found.map((p) => ({ $ref: `${schema.$id}#${p}` })) });
  return { told: (v) => told(v), oneOf: (v) => oneOf(v), forms: found };
}

// Values of every kind a damaged row or entry may hold in any place.
const anything = fc.oneof(
  fc.constantFrom(null, true, '', 'active', 'retired', 'D1-K1', 0, -1, 7, 1.5, [0, 4], [-1, 2], [3], {}),
  fc.string({ maxLength: 3 }), fc.integer(), fc.double(),
);

/** Valid values, some damaged: an item replaced, inserted or removed. */
function damaged(valid: fc.Arbitrary<unknown[]>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.option(fc.tuple(fc.nat(9), fc.constantFrom('set', 'insert', 'remove'), anything), { freq: 1 })).map(([row, damage]) => {
    if (damage === null) return row;
    const [i, how, value] = damage;
    const copy = [...row];
    copy.splice(i % (copy.length + 1), how === 'insert' ? 0 : 1, ...(how === 'remove' ? [] : [value]));
    return copy;
  });
}

const textRef = fc.oneof(fc.string({ maxLength: 3 }), fc.tuple(fc.nat(), fc.nat()));
const damagedTextRef = fc.oneof(textRef, anything, damaged(fc.tuple(fc.integer({ min: -1, max: 9 }), fc.integer({ min: -1, max: 9 }))));
const status = fc.constantFrom('active', 'retired');
const row = fc.oneof(
  fc.integer({ min: -2, max: 100_000 }), fc.double(), anything, fc.array(anything, { maxLength: 9 }),
  // cutter-compact-1: [iuId, path, ordinal, heading, contentSha256, sourceRevision, status, body]
  damaged(fc.tuple(fc.string(), fc.string(), fc.integer(), fc.string(), fc.string(), fc.integer(), status, textRef)),
  // cutter-compact-2: [iuId or null, path, ordinal, heading, sourceRevision, status, body, contentSha256?]
  damaged(fc.tuple(fc.option(fc.string()), fc.string(), fc.integer(), fc.string(), fc.integer(), status, textRef)),
  damaged(fc.tuple(fc.option(fc.string()), fc.string(), fc.integer(), fc.string(), fc.integer(), status, textRef, fc.string())),
);

const unitRecord = fc.record({ id: fc.string(), path: fc.string(), ordinal: fc.integer(), sha256: fc.string() }, { requiredKeys: [] });
const entry = fc.oneof(
  anything, fc.array(anything, { maxLength: 3 }),
  damaged(fc.tuple(fc.integer({ min: -1, max: 9 }), fc.integer({ min: -1, max: 9 }))),
  fc.record({
    kind: fc.oneof({ arbitrary: fc.constantFrom('add', 'change', 'renumber', 'retire', 'unchanged'), weight: 4 }, anything),
    id: fc.oneof({ arbitrary: fc.string(), weight: 4 }, anything),
    ordinal: fc.oneof({ arbitrary: fc.integer(), weight: 4 }, anything),
    before: fc.oneof(fc.nat(), unitRecord, anything),
    after: fc.oneof(fc.nat(), unitRecord, anything),
  }, { requiredKeys: ['kind', 'id', 'ordinal'] }),
  fc.dictionary(fc.constantFrom('kind', 'id', 'ordinal', 'before'), anything),
);

// The rows of packed hub units (and the text in each) and the diff's changeset entries number one
// per unit: their forms are told apart by type and length before one is checked, which must
// accept exactly what "one of the forms" does.
describe('phase-results.schema.json, forms told apart', () => {
  it.each([
    ['packed hub units\' rows', '/$defs/packedUnits/properties/rows/items', row, 4],
    ['the diff\'s changeset entries', '/$defs/phase-diff/then/properties/changeset/properties/entries/items', entry, 2],
    ['texts as offsets or themselves (packedTextRef)', '/$defs/packedTextRef', damagedTextRef, 2],
  ] as const)('%s: accept exactly what a oneOf of their forms accepts', (_, pointer, values, count) => {
    const check = bothWays(pointer);
    expect(check.forms).toHaveLength(count);
    const seen = { valid: 0, invalid: 0 };
    fc.assert(fc.property(values, (v) => {
      const valid = check.told(v);
      expect(valid).toBe(check.oneOf(v));
      seen[valid ? 'valid' : 'invalid'] += 1;
    }), { numRuns: 3000 });
    // Both kinds, and plenty of each, so that the agreement says something.
    expect(Math.min(seen.valid, seen.invalid)).toBeGreaterThan(300);
  });
});
