import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/diff/canonical-json.js';
import { diffUnits } from '../../src/diff/diff-units.js';
import { changesetFingerprint, fingerprintOf } from '../../src/diff/fingerprint.js';
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
});
