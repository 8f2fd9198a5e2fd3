import { describe, expect, it } from 'vitest';
import { CutterError } from '../../src/errors.js';
import { formatProblem } from '../../src/plan/located-yaml.js';
import { checkPlanText } from '../../src/plan/load-plan.js';
import { boundedSegment } from '../../src/orchestrator/bounded-cut.js';

const HANGING_RULE = { level: 'article', pattern: '^(?<num>([^#]|[^#])+)#', token: 'D{num}' };

describe('custom rules cannot hang cutter', () => {
  it('refuses a pattern with catastrophic backtracking at validation, at the pattern', () => {
    const problems = checkPlanText('p.yaml', [
      'version: 1', 'document: KB-1', 'prefix: ICX', 'cut:', '  rules:',
      `    - { level: article, pattern: '^Art\\. (?<num>\\d+)', token: 'A{num}' }`,
      "    - level: clause",
      "      parent: article",
      "      pattern: '^(?<num>([^#]|[^#])+)#'",
      "      token: 'K{num}'",
    ].join('\n')).problems.map(formatProblem);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^p\.yaml:9:16 {2}\/cut\/rules\/1\/pattern {2}can take exponential time on some lines: "\[\^#\]" and "\[\^#\]" can match the same text in more than one way; rewrite it/);
  });

  it('accepts linear patterns', () => {
    const check = checkPlanText('p.yaml', [
      'version: 1', 'document: KB-1', 'prefix: ICX', 'cut:', '  rules:',
      `    - { level: article, pattern: '^Art(?:icle)?\\.? (?<num>\\d+[a-z]?)\\.', token: 'A{num}' }`,
      `    - { level: clause, parent: article, pattern: '^\\((?<num>\\d+)\\)', token: 'K{num}' }`,
    ].join('\n'));
    expect(check.problems).toEqual([]);
  });

  it('stops a cut whose pattern backtracks for ever, with a clear error, whatever got past validation', async () => {
    const text = `${'x'.repeat(40)}\nmore text\n`;
    const error = await boundedSegment(text, { profile: 'custom', rules: [HANGING_RULE] }, { prefix: 'ICX', unit: 'article' }, 300)
      .then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(CutterError);
    expect((error as CutterError).code).toBe('cut_time_limit');
    expect((error as CutterError).message).toMatch(/took longer than 0\.3 s and was stopped/);
    // Coming back at all proves the worker was stopped: the match itself needs ~2^40 steps.
  });

  it('cuts with sound custom rules in the worker to the same units as in this thread', async () => {
    const text = 'Art. 1. One\nbody\nArt. 2. Two\nmore\n';
    const result = await boundedSegment(text, { profile: 'custom', rules: [{ level: 'article', pattern: '^Art\\. (?<num>\\d+)\\.', token: 'A{num}' }] }, { prefix: 'ICX' });
    expect(result.units.map((u) => [u.id, u.text])).toEqual([['ICX-A1', 'Art. 1. One\nbody\n'], ['ICX-A2', 'Art. 2. Two\nmore\n']]);
  });
});
