import type { Level } from '../unit.js';

/** A marker rule: a line that matches starts a unit of `level` under the nearest `parent`. */
export interface MarkerRule {
  readonly level: Level | string;
  /** Tested against a line with its Markdown decoration (`#`, `**`, `- `, `[`) removed. */
  readonly pattern: RegExp;
  /** Levels this one may sit directly under; empty for top-level markers. */
  readonly parents: readonly (Level | string)[];
  /** Id token for a printed number, e.g. `44` -> `D44`. */
  token(printed: string): string;
  /** Whether this level enters the id of the units below it. */
  readonly inPath: boolean;
  /** Heading to show when the unit has no title of its own. */
  label(printed: string, parentHeading: string | null): string;
}

export interface Profile {
  readonly name: string;
  /** Coarse to fine. */
  readonly rules: readonly MarkerRule[];
  /** Default for `cut.unit`. */
  readonly defaultUnit: string;
}
