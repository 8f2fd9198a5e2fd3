import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChangeEntry, Changeset, UnitRecord } from '../../src/diff/changeset.js';
import { summarize } from '../../src/diff/changeset.js';
import { canonicalJson } from '../../src/diff/canonical-json.js';
import { diffUnits } from '../../src/diff/diff-units.js';
import { createHash } from 'node:crypto';
import { changesetFingerprint, fingerprintOf, fingerprintOfRows, HashWriter } from '../../src/diff/fingerprint.js';
import { rec } from './units.js';

const existing = [rec('ICX-CONST-D1', 'Điều 1. Phạm vi\n', 1), rec('ICX-CONST-D2', 'Điều 2. Đối tượng\n', 2)];
const candidate = [rec('ICX-CONST-D1', 'Điều 1. Phạm vi áp dụng\n', 1), rec('ICX-CONST-D2', 'Điều 2. Giải thích\n', 2), rec('ICX-CONST-D3', 'Điều 3. Đối tượng\n', 3)];
const input = {
  gate: 'SG_1',
  formatVersion: 1,
  plan: { version: 1, document: 'KB-6839', prefix: 'ICX-CONST', mode: 'dryrun', source: 'embedded', cut: { profile: 'vn-legal', unit: 'clause' }, policy: { maxUnits: 5000, maxRetireRatio: 0.2 } },
  snapshot: { documentId: 'KB-6839', revision: 7, bodySha256: 'a'.repeat(64), unitSetSha256: 'b'.repeat(64) },
  changeset: diffUnits(existing, candidate),
};

describe('fingerprint', () => {
  it('is pinned: the same inputs give this value on any machine, in any release of format 1', () => {
    // If this changes, every approval recorded against a fingerprint is void: bump FORMAT_VERSION.
    expect(input.changeset.entries.map((e) => `${e.kind} ${e.id}`)).toEqual(['change ICX-CONST-D1', 'add ICX-CONST-D2', 'renumber ICX-CONST-D3']);
    expect(changesetFingerprint(input)).toBe('sha256:3a27a0b1305bea150066beaf9e5a12417c54a722ba32ed00b8ccd78b3018d9ab');
  });

  it('does not depend on the order keys were written in', () => {
    const reordered = { changeset: input.changeset, snapshot: { ...input.snapshot }, plan: JSON.parse(JSON.stringify(input.plan)) as unknown, formatVersion: 1, gate: 'SG_1' };
    expect(changesetFingerprint(reordered)).toBe(changesetFingerprint(input));
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });

  it('changes with anything a reviewer was shown', () => {
    const fp = changesetFingerprint(input);
    expect(changesetFingerprint({ ...input, gate: 'SG_2' })).not.toBe(fp);
    expect(changesetFingerprint({ ...input, snapshot: { ...input.snapshot, revision: 8 } })).not.toBe(fp);
    expect(changesetFingerprint({ ...input, changeset: diffUnits(existing, candidate.slice(0, 2)) })).not.toBe(fp);
    expect(changesetFingerprint({ ...input, plan: { ...input.plan, mode: 'live' } })).not.toBe(fp);
  });

  it('is a sha256 of canonical JSON', () => {
    expect(fingerprintOf({ a: 1 })).toBe('sha256:015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
  });

  it('is pinned with SG_2 extras, quotes, a rule with a pattern and a retire (computed before the fingerprint was streamed)', () => {
    const before = [rec('ICX-CONST-D1', 'Điều 1. Phạm vi\n', 1), rec('ICX-CONST-D2', 'Điều 2. Đối tượng\n', 2), rec('ICX-CONST-D9', 'Điều 9. Bỏ\n', 9)];
    const after = [rec('ICX-CONST-D1', 'Điều 1. Phạm vi\n', 1), rec('ICX-CONST-D2', 'Điều 2. Giải thích "x"\n', 2), rec('ICX-CONST-D3', 'Điều 3. Đối tượng\n', 3)];
    expect(changesetFingerprint({
      gate: 'SG_2', formatVersion: 1,
      plan: { document: 'KB-1', prefix: 'ICX-CONST', cut: { rules: [{ level: 'article', pattern: '^Điều' }] } },
      snapshot: { documentId: 'KB-1', revision: 3, bodySha256: 'c'.repeat(64), unitSetSha256: 'd'.repeat(64) },
      changeset: diffUnits(before, after),
      extra: { sg1: `sha256:${'e'.repeat(64)}`, operations: [['upsert', 'ICX-CONST-D2', 'f'.repeat(64)]] },
    })).toBe('sha256:ae63b7c186055f88bf654d0dfcec084c8586a842190f97d8bef7ba8a900f8390');
  });

  it('streamed, equals the sha256 of the whole canonical JSON it stands for (generated changesets)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 12 });
    const record = fc.record({ id: text, path: text, ordinal: fc.integer(), heading: text, body: text, sha256: text }) as fc.Arbitrary<UnitRecord>;
    const entry = fc.record({
      kind: fc.constantFrom('add', 'change', 'renumber', 'retire', 'unchanged'),
      id: text,
      fromId: fc.option(text, { nil: undefined }),
      heading: text,
      ordinal: fc.integer({ min: -5, max: 1e9 }),
      before: fc.option(record, { nil: undefined }),
      after: fc.option(record, { nil: undefined }),
      moved: fc.option(fc.boolean(), { nil: undefined }),
    }) as fc.Arbitrary<ChangeEntry>;
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(fc.property(
      fc.array(entry, { maxLength: 40 }), fc.constantFrom('SG_1', 'SG_2'), json, fc.option(json, { nil: undefined }),
      fc.record({ documentId: text, revision: fc.integer(), bodySha256: text, unitSetSha256: text }),
      (entries, gate, plan, extra, snapshot) => {
        const changeset: Changeset = { entries, summary: summarize(entries) };
        const whole = (g: string) => fingerprintOf({
          gate: g, formatVersion: 1, plan, snapshot,
          changeset: entries.map((e) => ({
            kind: e.kind, id: e.id, fromId: e.fromId, ordinal: e.ordinal,
            heading: e.after?.heading ?? e.before?.heading, before: e.before?.sha256, after: e.after?.sha256,
          })),
          extra,
        });
        expect(changesetFingerprint({ gate, formatVersion: 1, plan, snapshot, changeset, extra })).toBe(whole(gate));
        // The second fingerprint of the same changeset starts from the first one's hash of it.
        const other = gate === 'SG_1' ? 'SG_2' : 'SG_1';
        expect(changesetFingerprint({ gate: other, formatVersion: 1, plan, snapshot, changeset, extra })).toBe(whole(other));
      },
    ), { numRuns: 300 });
  });

  it('streamed, equals the whole canonical JSON past the hash writer\'s chunk size', () => {
    const many = Array.from({ length: 3000 }, (_, i) => rec(`ICX-D${i}`, `Điều ${i}. "nội dung" ${'x'.repeat(i % 50)}\n`, i));
    const changeset = diffUnits(many.slice(0, 2900), many.slice(100));
    const whole = fingerprintOf({
      gate: 'SG_1', formatVersion: 1, plan: input.plan, snapshot: input.snapshot,
      changeset: changeset.entries.map((e) => ({
        kind: e.kind, id: e.id, fromId: e.fromId, ordinal: e.ordinal,
        heading: e.after?.heading ?? e.before?.heading, before: e.before?.sha256, after: e.after?.sha256,
      })),
    });
    expect(changesetFingerprint({ ...input, changeset })).toBe(whole);
    expect(changesetFingerprint({ ...input, changeset }), 'again, from the kept hash of the changeset').toBe(whole);
  });

  it('writes each value as the UTF-8 of canonicalJson (JSON.stringify for a string), in place (generated values)', () => {
    // Lone surrogates and controls (escaped), pairs, two- and three-byte characters, and strings
    // long enough to be written past the buffer or in several runs of it.
    const unit = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom('\ud800', '\udfff', '\udbff\udc00', '\u0000', '\u001f', '\u007f', '"', '\\', '\b\f\n\r\t', 'Điều', '€', '😀'),
    );
    const text = fc.oneof(
      fc.array(unit, { maxLength: 12 }).map((parts) => parts.join('')),
      fc.tuple(unit, fc.integer({ min: 1, max: 40_000 })).map(([part, times]) => part.repeat(times)),
    );
    const value = fc.oneof(text, fc.maxSafeInteger(), fc.constantFrom(0, -0, 1e21, 0.5, -1.25), fc.constant(null), fc.boolean(), fc.jsonValue({ maxDepth: 2 }));
    const hexOf = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
    fc.assert(fc.property(fc.array(value, { maxLength: 30 }), (values) => {
      const out = new HashWriter(createHash('sha256'));
      values.forEach((v, i) => {
        if (i > 0) out.ascii(',');
        out.json(v);
      });
      expect(out.digestHex()).toBe(hexOf(values.map((v) => (typeof v === 'string' ? JSON.stringify(v) : canonicalJson(v))).join(',')));
    }), { numRuns: 300 });
  });

  it('of rows, streamed, equals fingerprintOf of the same array (generated rows)', () => {
    const cell = fc.oneof(fc.string({ unit: 'binary', maxLength: 10 }), fc.integer(), fc.constant(null), fc.constant(undefined), fc.boolean());
    fc.assert(fc.property(fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 50 }), (rows) => {
      expect(fingerprintOfRows(rows)).toBe(fingerprintOf(rows));
      expect(fingerprintOfRows((function* made() { yield* rows; })()), 'rows made one at a time').toBe(fingerprintOf(rows));
    }), { numRuns: 300 });
  });
});
