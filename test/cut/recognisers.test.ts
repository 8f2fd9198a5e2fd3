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

function byRecogniser(rule: MarkerRule, s: string, i: number): { printed: string; end: number } | null {
  const span: MarkerSpan = { numberStart: -1, numberEnd: -1, end: -1 };
  return rule.recognise!(s, i, span) ? { printed: s.slice(span.numberStart, span.numberEnd), end: span.end } : null;
}

const recognised = profileNames.flatMap((name) => getProfile(name).rules.filter((r) => r.recognise !== undefined).map((rule) => ({ name, rule })));

// Characters around the edges of the built-in patterns: digits, point letters, punctuation, blanks, line ends.
const edgy = fc.constantFrom(...'0123456789abcdđefghiklmnoxyzAĐ.)( \t\u00a0\r\n:;-–\\*'.split(''));
const line = fc.array(edgy, { maxLength: 8 }).map((cs) => cs.join(''));

describe('hand-written recognisers agree with the patterns they stand for', () => {
  it('there are some to check', () => {
    expect(recognised.map(({ name, rule }) => `${name} ${String(rule.level)}`)).toEqual(['vn-legal clause', 'vn-legal point']);
  });

  it.each(recognised.map(({ name, rule }) => [`${name} ${String(rule.level)}`, rule] as const))('%s', (_, rule) => {
    const cases = ['1.', '1. x', '12.\tx', '123.\u00a0x', '1234. x', '1.1.', '1.000', '1.x', '1\\.', '1.\r\n', '1.\n', 'a)', 'đ)', 'f)', 'A)', 'a) x', 'a', ')', ''];
    for (const s of cases) for (let i = 0; i <= s.length; i += 1) expect(byRecogniser(rule, s, i), `${JSON.stringify(s)} at ${i}`).toEqual(byPattern(rule, s, i));
    fc.assert(
      fc.property(line, line, (before, after) => {
        const s = before + after;
        expect(byRecogniser(rule, s, before.length)).toEqual(byPattern(rule, s, before.length));
      }),
      { numRuns: 2000 },
    );
  });
});
