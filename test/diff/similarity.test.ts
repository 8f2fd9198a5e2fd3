import { describe, expect, it } from 'vitest';
import { diffUnits } from '../../src/diff/diff-units.js';
import { ALL_PAIRS, dice, MAX_CANDIDATES, MAX_FORCED, similarPairs, textBag } from '../../src/diff/similarity.js';
import { articleTexts, law } from './units.js';

/** Texts from a small shared vocabulary: the worst case for finding candidates by rare words. */
function texts(n: number, seed: number): string[] {
  let x = seed;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) % 40;
  return Array.from({ length: n }, () => Array.from({ length: 20 }, () => `từ${next()}`).join(' '));
}

describe('similarity', () => {
  it('is the Dice coefficient of the word multisets, ignoring case and the leading number', () => {
    expect(dice(textBag('Công ty họp', -1), textBag('công TY họp', -1))).toBe(1);
    expect(dice(textBag('a b c d', -1), textBag('a b c e', -1))).toBe(0.75);
    const text = 'Điều 5. Quyền của cổ đông';
    expect(dice(textBag(text, 5 * 65_536 + 6), textBag('Điều 6. Quyền của cổ đông', 5 * 65_536 + 6))).toBe(1);
  });

  it('compares every pair when there are few', () => {
    expect(similarPairs(texts(40, 1), texts(40, 2), () => [])).toHaveLength(1600);
    expect(1600).toBeLessThanOrEqual(ALL_PAIRS);
  });

  it('stays within its bound on thousands of unrelated rewritten units', () => {
    const news = texts(3000, 3);
    const pairs = similarPairs(texts(3000, 4), news, (n) => [n, n + 1, n + 2].filter((o) => o < 3000));
    expect(pairs.length).toBeLessThanOrEqual(news.length * (MAX_FORCED + MAX_CANDIDATES));
    expect(pairs.length).toBeGreaterThanOrEqual(news.length * 3 - 3);
  });

  it('pairs a renumbered law whose cross-references were renumbered too: 1 add + N renumbers', () => {
    // Every article refers to another one, so every text differs in more than its own number.
    const own = articleTexts(50);
    const body = (i: number, shift: number) => `${own[i]} Áp dụng theo quy định tại Điều ${((i * 7) % 50) + 1 + shift} của Luật này.`;
    const before = law(Array.from({ length: 50 }, (_, i) => body(i, 0)));
    const after = law(['Giải thích từ ngữ.', ...Array.from({ length: 50 }, (_, i) => body(i, 1))]);
    const cs = diffUnits(before, after);
    expect(cs.summary).toMatchObject({ add: 1, change: 0, renumber: 50, retire: 0 });
    expect(cs.entries.filter((e) => e.kind === 'renumber').every((e) => e.fromId === `LAW-D${Number(e.id.slice(5)) - 1}`)).toBe(true);
    expect(cs.entries.filter((e) => (e.similarity ?? 1) < 1).length).toBe(50);
  });
});
