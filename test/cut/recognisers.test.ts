import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getProfile, profileNames } from '../../src/cut/profiles/index.js';
import type { MarkerRule, MarkerSpan } from '../../src/cut/profiles/profile.js';

/** What `rule.pattern` finds at `i`, in the form a recogniser reports it. */
function byPattern(rule: MarkerRule, s: string, i: number): { printed: string; end: number } | null {
  rule.pattern.lastIndex = i;
  const m = rule.pattern.exec(s);
  if (m === null) return null;
  let printed = m.groups?.['num'];
  for (let g = 1; printed === undefined && g < m.length; g += 1) printed = m[g];
  return { printed: printed ?? '', end: rule.pattern.lastIndex };
}

/** The recogniser's answer in the same form; 'undecided' (the pattern decides) counts as agreeing. */
function byRecogniser(rule: MarkerRule, s: string, i: number): { printed: string; end: number } | null | 'undecided' {
  const span: MarkerSpan = { numberStart: -1, numberEnd: -1, end: -1 };
  const said = rule.recognise!(s, i, span);
  if (said === 'undecided') return said;
  return said === 'match' ? { printed: s.slice(span.numberStart, span.numberEnd), end: span.end } : null;
}

function agree(rule: MarkerRule, s: string, i: number): void {
  const mine = byRecogniser(rule, s, i);
  if (mine !== 'undecided') expect(mine, `${JSON.stringify(s)} at ${i}`).toEqual(byPattern(rule, s, i));
}

const recognised = profileNames.flatMap((name) => getProfile(name).rules.filter((r) => r.recognise !== undefined).map((rule) => ({ name, rule })));

// Characters around the edges of the built-in patterns: digits, letters (some capitals, some
// outside ASCII), punctuation, blanks, line ends.
const edgy = fc.constantFrom(...'0123456789abcdđefghiklmnoxyzAĐQUƯ.)( \t\u00a0\r\n:;-–—\\*'.split(''), 'Điều', 'ĐIỀU', 'Điều ');
const line = fc.array(edgy, { maxLength: 8 }).map((cs) => cs.join(''));

describe('hand-written recognisers agree with the patterns they stand for', () => {
  it('there are some to check', () => {
    expect(recognised.map(({ name, rule }) => `${name} ${String(rule.level)}`)).toEqual(['vn-legal article', 'vn-legal clause', 'vn-legal point']);
  });

  it.each(recognised.map(({ name, rule }) => [`${name} ${String(rule.level)}`, rule] as const))('%s', (_, rule) => {
    const cases = [
      '1.', '1. x', '12.\tx', '123.\u00a0x', '1234. x', '1.1.', '1.000', '1.x', '1\\.', '1.\r\n', '1.\n', 'a)', 'đ)', 'f)', 'A)', 'a) x', 'a', ')', '',
      'Điều 5.', 'Điều 44a. Quyền', 'ĐIỀU 12: X', 'Điều 5 - X', 'Điều 5 – X', 'Điều\u00a07', 'Điều 5', 'Điều 5\r\n', 'Điều 5 QUY ĐỊNH', 'Điều 5 của Luật',
      'Điều 5 Luật', 'Điều 5AB', 'Điều 5aQU', 'Điều 5 QU', 'Điều 5\u00a0QU.', 'Điều 5 Qu', 'Điều lệ', 'Điều kiện', 'Điều 123456.', 'Điều 12345.', 'Điều 5b2', 'Điều 5A.', 'Điều 5 ĐIỀU', 'Điều 5ư', 'ĐIều 5.', 'Điều 5 Q',
    ];
    for (const s of cases) for (let i = 0; i <= s.length; i += 1) agree(rule, s, i);
    fc.assert(
      fc.property(line, line, (before, after) => agree(rule, before + after, before.length)),
      { numRuns: 5000 },
    );
  });

  it('decide the usual forms themselves', () => {
    const article = getProfile('vn-legal').rules.find((r) => r.level === 'article')!;
    for (const s of ['Điều 5. Phạm vi', 'ĐIỀU 12: X', 'Điều 44a. Quyền', 'Điều 5 QUY ĐỊNH', 'Điều lệ công ty', 'Điều 88 của Luật này']) {
      expect(byRecogniser(article, s, 0), s).not.toBe('undecided');
    }
  });
});
