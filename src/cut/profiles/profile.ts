import type { Level } from '../unit.js';
import type { NumberValue } from './numbers.js';

/**
 * A marker rule: a line whose text (after Markdown decoration, see `Profile.lines`) starts with
 * `pattern` opens a unit of `level` under the nearest open unit whose level is in `parents`.
 */
export interface MarkerRule {
  readonly level: Level | string;
  /**
   * Sticky (`y`) regular expression tested at the start of the line's text. The printed number
   * is the named group `num` if the pattern has one, else the first capture group that matched
   * (empty when none did, e.g. a Markdown heading without a number).
   */
  readonly pattern: RegExp;
  /**
   * A hand-written equivalent of `pattern`: the same matches with the same printed number, read
   * from character codes. For the rules that mark most lines of a law (articles, clauses,
   * points), where the match array and strings of `exec` cost more than the test itself. It may
   * leave a case it does not read by hand (a letter outside ASCII where the pattern asks for
   * `\p{Lu}`) to the pattern. `pattern` stays the definition; test/cut/recognisers.test.ts holds
   * the two to agreement. When present it is asked first, so a rule made from a built-in one with
   * another `pattern` (`{ ...rule, pattern }`) must drop or replace `recognise` too.
   */
  readonly recognise?: ((s: string, i: number, span: MarkerSpan) => Recognised) | undefined;
  /**
   * Characters the marker text can start with (after decoration), so that a line is only tested
   * against the rules it could match. Undefined: any character.
   */
  readonly starts?: string | undefined;
  /** Levels this one may sit directly under. */
  readonly parents: readonly (Level | string)[];
  /**
   * Levels of the same rank become units together: en-legal's amendments stand beside the
   * articles, so `--unit article` cuts both (and `--unit amendment` the same). Rules of one rank
   * are next to each other in `Profile.rules`. Undefined: the level is a rank of its own.
   */
  readonly rank?: string | undefined;
  /**
   * The marker opens a unit only on a heading line (ATX `#`, an HTML heading tag, or a line that
   * opens with bold): a bare `XIV` or `1.` is an amendment's heading under "Amendments", and the
   * first words of a paragraph anywhere else.
   */
  readonly headingOnly?: boolean | undefined;
  /** Whether the marker may also open outside any parent (e.g. an article in a law without chapters). */
  readonly topLevel: boolean;
  /**
   * How this level enters the ids of the units below it. `always`: clauses restart in every
   * article, so `D44-K2`. `on-restart`: chapters enter an article's id only when the article
   * numbers restart in every chapter; when they run through the document the id stays `D44`.
   */
  readonly childIds: 'always' | 'on-restart';
  /** Id token of a printed number: `44` -> `D44`. `ordinal` is the 1-based position among its siblings. */
  token(printed: string, ordinal: number): string;
  /** The token uses `ordinal` (unnumbered headings); counting siblings is skipped otherwise. */
  readonly ordinalTokens?: boolean | undefined;
  /** Position of a printed number in its sequence, or undefined when it has none (unnumbered headings). */
  value(printed: string): NumberValue | undefined;
  /** `line`: the heading is the marker's line (`Điều 44. Quyền của cổ đông`); `label`: made from the number. */
  readonly heading: 'line' | 'label';
  /** Short name, e.g. `Điều 44`, `Điều 44, khoản 2`; `parentLabel` is the enclosing unit's label. */
  label(printed: string, parentLabel: string | null): string;
}

/** A recogniser's answer: a match (see MarkerSpan), none, or "let the pattern decide". */
export type Recognised = 'match' | 'none' | 'undecided';

/** Where `MarkerRule.recognise` found its marker in `s`. */
export interface MarkerSpan {
  /** The printed number is `s.slice(numberStart, numberEnd)` (the capture group of `pattern`). */
  numberStart: number;
  numberEnd: number;
  /** Where the match ends, as `pattern.lastIndex` after a match. */
  end: number;
}

export interface Profile {
  readonly name: string;
  /** Coarse to fine. */
  readonly rules: readonly MarkerRule[];
  /** Default for `cut.unit`. */
  readonly defaultUnit: string;
  /**
   * `strip`: markers come wrapped in the decoration of word processors and web converters
   * (`### `, `**`, `- `, `[…]()`, `<a name>`, `1\.`), which is removed before matching.
   * `commonmark`: the Markdown syntax is the marker itself (ATX `#`), nothing is removed.
   */
  readonly lines: 'strip' | 'commonmark';
  /** Setext headings (`===` / `---` under a paragraph) and the level each opens. */
  readonly setext?: { readonly '=': string; readonly '-': string } | undefined;
  /** Printed number of a setext heading's text (setext has no marker of its own to carry one). */
  setextNumber?(title: string): string;
  /**
   * Words that leave a sentence unfinished at the end of a line ("… theo quy định tại"), tested
   * against the line's end: a marker-like start on the next line then continues the sentence of a
   * hard-wrapped paragraph instead of opening a unit.
   */
  readonly dangling?: RegExp | undefined;
  /** Whether a marker inside fenced code or an HTML comment deserves a warning. */
  readonly warnInCode: boolean;
  /**
   * The patterns are written to be tested in place on the whole text (no `^` or `$`; a line end
   * is `\r`, `\n` or the end of the input), which saves a copy of every candidate line.
   * Custom rules are tested on a copy of the line, where `^` and `$` mean what their authors expect.
   */
  readonly inPlace: boolean;
  /**
   * A list ordinal before a titled marker is decoration (`## 1. [Article I](…)`, `### 2. **II**`):
   * the titled marker wins over the clause the ordinal would make. Only titled rules
   * (`heading: 'line'`) are read after it; a line with none is read as it stands.
   */
  readonly ordinalLead?: boolean | undefined;
  /**
   * A numbered catchline before a section of the same number is the section's heading: the
   * section starts there (`2. Political power` / blank / `Section 2. All political power …`).
   */
  readonly catchlines?: boolean | undefined;
}

/**
 * Index of the finest rule that becomes a unit at `unit`: the last rule of its rank (see
 * `MarkerRule.rank`), or -1 when the profile has no such level.
 */
export function finestRuleIndex(rules: readonly MarkerRule[], unit: string): number {
  const first = rules.findIndex((r) => r.level === unit);
  if (first < 0) return -1;
  const rank = rules[first]!.rank ?? rules[first]!.level;
  let last = first;
  for (let k = first + 1; k < rules.length; k += 1) if ((rules[k]!.rank ?? rules[k]!.level) === rank) last = k;
  return last;
}

/** The profile's levels, coarse to fine, each once (two rules may share a level). */
export function levelsOf(profile: Profile): string[] {
  return [...new Set(profile.rules.map((r) => String(r.level)))];
}
