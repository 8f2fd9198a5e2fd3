import { describe, expect, it } from 'vitest';
import { compileCustomRules } from '../../src/cut/profiles/custom.js';
import { profileFor } from '../../src/cut/profiles/index.js';
import { CutterError } from '../../src/errors.js';
import { formatProblem } from '../../src/plan/located-yaml.js';
import { checkPlanText } from '../../src/plan/load-plan.js';
import { cut, lines } from './support.js';

const RULES = [
  { level: 'chapter', pattern: '^CHAPTER (?<num>[IVX]+)', token: 'CH{num}', container: true },
  { level: 'rule', pattern: '^Rule (?<num>\\d+)\\.', token: 'R{num}', parent: 'chapter', label: 'Rule {num}' },
  { level: 'para', pattern: '^\\((?<num>\\d+)\\)', token: 'P{num}', parent: 'rule' },
];

describe('custom rules', () => {
  it('cut with the plan\'s own levels, tokens and parents', () => {
    const profile = profileFor({ profile: 'custom', rules: RULES });
    const { units, diagnostics } = cut(lines('CHAPTER I', '**Rule 1.** Scope', '(1) one', '(2) two', 'Rule 2. Terms', 'CHAPTER II', 'Rule 3. Again'), profile);
    expect(units.map((u) => [u.path, u.heading])).toEqual([
      ['CHI', 'CHAPTER I'],
      ['R1', 'Rule 1. Scope'],
      ['R1-P1', '(1) one'],
      ['R1-P2', '(2) two'],
      ['R2', 'Rule 2. Terms'],
      ['CHII', 'CHAPTER II'],
      ['R3', 'Rule 3. Again'],
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('a container enters its children\'s ids when their numbers restart in it', () => {
    const profile = profileFor({ profile: 'custom', rules: RULES });
    expect(cut(lines('CHAPTER I', 'Rule 1. a', 'CHAPTER II', 'Rule 1. b'), profile).units.map((u) => u.path)).toEqual(['CHI', 'CHI-R1', 'CHII', 'CHII-R1']);
  });

  it('says what is wrong with each rule', () => {
    const { problems } = compileCustomRules([
      { level: 'a', pattern: '^(?<num>\\d+', token: 'A{num}' },
      { level: 'b', pattern: '^B', token: 'B', parent: 'zz' },
      { level: 'c', pattern: '(?<num>\\d*)', token: 'C-{num}' },
      { level: 'a', pattern: '^(?<num>x)', token: 'A{num}' },
    ]);
    expect(problems.map((p) => `${p.index} ${p.field}: ${p.message}`)).toEqual([
      '0 pattern: is not a valid regular expression: /^(?<num>\\d+/uy: Unterminated group',
      '1 parent: parent "zz" must be the level of an earlier rule (one of: a)',
      '1 pattern: must have a named group for the printed number, e.g. (?<num>\\d+)',
      '1 token: must contain {num} exactly once, and otherwise only ASCII letters and digits',
      '2 pattern: matches an empty line, so every line would open a unit',
      '2 token: must contain {num} exactly once, and otherwise only ASCII letters and digits',
      '3 level: level "a" is defined twice',
    ]);
  });

  it('profileFor refuses bad rules with a CutterError', () => {
    expect(() => profileFor({ profile: 'custom', rules: [{ level: 'a', pattern: '(', token: 'A{num}' }] })).toThrow(CutterError);
  });
});

describe('cut.rules in a plan', () => {
  const plan = (cutSection: string): string => `version: 1\ndocument: KB-1\nprefix: ICX\ncut:\n${cutSection}`;

  it('loads custom rules as profile custom, the last level being the default unit', () => {
    const check = checkPlanText('p.yaml', plan([
      '  rules:',
      '    - { level: chapter, pattern: "^CHAPTER (?<num>[IVX]+)", token: "CH{num}", container: true }',
      '    - { level: rule, pattern: "^Rule (?<num>\\\\d+)", token: "R{num}", parent: chapter }',
      '',
    ].join('\n')));
    expect(check.problems).toEqual([]);
    expect(check.plan?.cut).toMatchObject({ profile: 'custom', unit: 'rule' });
    expect(check.plan?.cut.rules?.[1]).toEqual({ level: 'rule', pattern: '^Rule (?<num>\\d+)', token: 'R{num}', parent: 'chapter' });
  });

  it('reports a regular expression that does not compile at its own line and column', () => {
    const problems = checkPlanText('p.yaml', plan([
      '  unit: rule',
      '  rules:',
      '    - level: chapter',
      '      pattern: "^CHAPTER (?<num>[IVX]+)"',
      '      token: CH{num}',
      '    - level: rule',
      '      pattern: "^Rule (?<num>\\\\d+"',
      '      token: R{num}',
      '      parent: chaptr',
      '',
    ].join('\n'))).problems.map(formatProblem);
    expect(problems).toEqual([
      'p.yaml:11:16  /cut/rules/1/pattern  is not a valid regular expression: /^Rule (?<num>\\d+/uy: Unterminated group',
      'p.yaml:13:15  /cut/rules/1/parent  parent "chaptr" must be the level of an earlier rule (one of: chapter)',
    ]);
  });

  it('refuses rules together with a profile, and a unit the rules do not define', () => {
    const problems = checkPlanText('p.yaml', plan([
      '  profile: vn-legal',
      '  unit: article',
      '  rules:',
      '    - { level: rule, pattern: "^Rule (?<num>\\\\d+)", token: "R{num}" }',
      '',
    ].join('\n'))).problems.map(formatProblem);
    expect(problems).toEqual([
      'p.yaml:5:12  /cut/profile  give either a profile or rules, not both: rules replace the profile',
      'p.yaml:6:9  /cut/unit  the rules have no level "article"; use one of: rule',
    ]);
  });

  it('accepts a built-in profile\'s own levels for unit, and names them when it is wrong', () => {
    expect(checkPlanText('p.yaml', plan('  profile: en-legal\n  unit: amendment\n')).problems).toEqual([]);
    expect(checkPlanText('p.yaml', plan('  profile: markdown\n  unit: clause\n')).problems.map(formatProblem)).toEqual([
      'p.yaml:6:9  /cut/unit  profile markdown has no level "clause"; use one of: h1, h2, h3, h4, h5, h6',
    ]);
  });
});
