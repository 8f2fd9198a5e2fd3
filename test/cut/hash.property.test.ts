import { hash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256HexInPieces } from '../../src/cut/hash.js';

describe('sha256Hex', () => {
  it('in pieces equals the one-shot hash of the whole text (generated texts with surrogate pairs and lone halves)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'Đ', '\n', '\ud83d', '\ude00', '\ud83d\ude00'), maxLength: 40 });
    fc.assert(fc.property(text, fc.integer({ min: 1, max: 8 }), (t, piece) => {
      expect(sha256HexInPieces(t, piece)).toBe(hash('sha256', t, 'hex'));
    }), { numRuns: 3000 });
  });

  it('hashes a long text (past one piece) as the one-shot hash does', () => {
    const long = `${'Điều 1. Phạm vi \ud83d\ude00\n'.repeat(20_000)}\ud83d`;
    expect(sha256Hex(long)).toBe(hash('sha256', long, 'hex'));
  });
});
