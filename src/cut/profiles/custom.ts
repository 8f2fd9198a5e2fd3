import { arabicOrRomanValue, EN_LETTERS, idSafe, letterValue } from './numbers.js';
import type { MarkerRule, Profile } from './profile.js';

/** One rule of `cut.rules` in a plan (see schemas/plan.schema.json). */
export interface CustomRuleSpec {
  readonly level: string;
  /** Regular expression (JavaScript, Unicode mode) with a named group `num` for the printed number. */
  readonly pattern: string;
  /** Id token template, e.g. `A{num}`. */
  readonly token: string;
  /** The level this one nests under; omitted for a top-level rule. */
  readonly parent?: string | undefined;
  /** Enter the ids of the units below only when their numbering restarts under this level. */
  readonly container?: boolean | undefined;
  readonly ignoreCase?: boolean | undefined;
  /** Short name template for headings of finer levels, e.g. `Art. {num}`; default `{level} {num}`. */
  readonly label?: string | undefined;
}

/** A problem with one field of one rule, for the plan loader to place at its file:line:col. */
export interface RuleProblem {
  readonly index: number;
  readonly field: keyof CustomRuleSpec;
  readonly message: string;
}

const TOKEN_LITERAL = /^[A-Za-z0-9]*$/;

/** Compiles `cut.rules` into a profile named `custom`, or says what is wrong with each rule. */
export function compileCustomRules(specs: readonly CustomRuleSpec[]): { profile?: Profile; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const rules: MarkerRule[] = [];
  const seen = new Map<string, CustomRuleSpec>();
  specs.forEach((spec, index) => {
    const problem = (field: keyof CustomRuleSpec, message: string): void => void problems.push({ index, field, message });
    if (seen.has(spec.level) || spec.level === 'preamble') problem('level', `level "${spec.level}" is ${spec.level === 'preamble' ? 'reserved' : 'defined twice'}`);
    const parent = spec.parent === undefined ? undefined : seen.get(spec.parent);
    if (spec.parent !== undefined && parent === undefined) {
      problem('parent', `parent "${spec.parent}" must be the level of an earlier rule${seen.size > 0 ? ` (one of: ${[...seen.keys()].join(', ')})` : ''}`);
    }
    const pattern = compilePattern(spec, problem);
    const parts = spec.token.split('{num}');
    if (parts.length !== 2 || !parts.every((p) => TOKEN_LITERAL.test(p))) {
      problem('token', 'must contain {num} exactly once, and otherwise only ASCII letters and digits');
    }
    seen.set(spec.level, spec);
    if (!pattern) return;
    const labelTemplate = spec.label ?? `${spec.level} {num}`;
    rules.push({
      level: spec.level,
      pattern,
      parents: spec.parent === undefined ? [] : [spec.parent],
      // Like an article in a law without chapters: a rule under a container may also stand alone.
      topLevel: parent === undefined || parent.container === true,
      childIds: spec.container === true ? 'on-restart' : 'always',
      token: (n) => spec.token.replace('{num}', idSafe(n)),
      value: (n) => arabicOrRomanValue(n) ?? letterValue(EN_LETTERS, n),
      heading: 'line',
      label: (n) => labelTemplate.replace('{num}', n),
    });
  });
  if (problems.length > 0 || rules.length === 0) return { problems };
  return {
    profile: { name: 'custom', rules, defaultUnit: String(rules[rules.length - 1]!.level), lines: 'strip', warnInCode: true, inPlace: false },
    problems,
  };
}

function compilePattern(spec: CustomRuleSpec, problem: (field: keyof CustomRuleSpec, message: string) => void): RegExp | undefined {
  let pattern: RegExp;
  try {
    pattern = new RegExp(spec.pattern, spec.ignoreCase === true ? 'uyi' : 'uy');
  } catch (e) {
    problem('pattern', `is not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
    return undefined;
  }
  if (!/\(\?<num>/.test(spec.pattern)) {
    problem('pattern', 'must have a named group for the printed number, e.g. (?<num>\\d+)');
    return undefined;
  }
  pattern.lastIndex = 0;
  if (pattern.test('')) {
    problem('pattern', 'matches an empty line, so every line would open a unit');
    return undefined;
  }
  return pattern;
}
