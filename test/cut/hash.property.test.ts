import { hash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex, textDigest, textDigestInPieces } from '../../src/cut/hash.js';

describe('sha256Hex', () => {
  it('in pieces equals the one-shot hash of the whole text, and counts its UTF-8 bytes (generated texts with surrogate pairs and lone halves)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'Đ', '\n', '\ud83d', '\ude00', '\ud83d\ude00'), maxLength: 40 });
    fc.assert(fc.property(text, fc.integer({ min: 1, max: 8 }), (t, piece) => {
      expect(textDigestInPieces(t, piece)).toEqual({ sha256: hash('sha256', t, 'hex'), utf8Bytes: Buffer.byteLength(t, 'utf8') });
    }), { numRuns: 3000 });
  });

  it('hashes a long text (past one piece) as the one-shot hash does', () => {
    const long = `${'Điều 1. Phạm vi \ud83d\ude00\n'.repeat(20_000)}\ud83d`;
    expect(sha256Hex(long)).toBe(hash('sha256', long, 'hex'));
  });
});

describe('textDigest of long texts (the last one remembered)', () => {
  // Past one piece (256 Ki characters): only such texts are remembered.
  const longText = fc.tuple(fc.string({ unit: fc.constantFrom('a', 'ế', '\n', '\ud83d\ude00', '\ud83d'), minLength: 1, maxLength: 12 }), fc.nat())
    .map(([base, at]) => {
      const text = base.repeat(Math.ceil(300_000 / base.length));
      return { text, at: at % text.length };
    });

  it('gives every text its own digest, whichever text was remembered (an equal one, one of the same length that differs in one place, another)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(longText, fc.constantFrom('same', 'copy', 'changed')), { minLength: 1, maxLength: 4 }), (steps) => {
      for (const [{ text, at }, how] of steps) {
        // An equal text made afresh (another string, as a body read again), or one code unit changed (the same length).
        textDigest(text);
        const asked = how === 'same' ? text : how === 'copy' ? [...text].join('') : `${text.slice(0, at)}${text[at] === 'x' ? 'y' : 'x'}${text.slice(at + 1)}`;
        expect(textDigest(asked)).toEqual({ sha256: hash('sha256', asked, 'hex'), utf8Bytes: Buffer.byteLength(asked, 'utf8') });
        expect(sha256Hex(asked)).toBe(hash('sha256', asked, 'hex'));
      }
    }), { numRuns: 40 });
  });

  it('remembers the last long text: an equal text, even another string, gets the same digest without hashing again', () => {
    const body = 'Điều 1. Phạm vi điều chỉnh\n'.repeat(20_000);
    const first = textDigest(body);
    const readAgain = Buffer.from(body, 'utf8').toString('utf8');
    expect(textDigest(readAgain)).toBe(first);
    expect(textDigest(`${body} `)).not.toBe(first);
  });
});
