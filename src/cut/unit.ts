import type { CutUnit } from './cut-unit.js';

/**
 * The information unit as the cut engine produces it: one article, clause or point (or a
 * container's own text, or the preamble), with its exact slice of the source.
 */

/**
 * Structural levels known to the built-in profiles (coarse to fine within each); custom rules
 * name their own.
 */
export type Level =
  | 'preamble'
  | 'part'
  | 'chapter'
  | 'section'
  | 'article'
  | 'amendment'
  | 'clause'
  | 'point'
  | 'subpoint'
  | 'h1'
  | 'h2'
  | 'h3'
  | 'h4'
  | 'h5'
  | 'h6';

/** One step of a unit's path: the level and its printed number as cleaned for ids. */
export interface PathStep {
  readonly level: Level | string;
  /** The number as printed in the source (`44a`, `II`, `đ`). */
  readonly printed: string;
  /** The id token for this step (`D44a`, `K2`, `Pdd`). */
  readonly token: string;
}

/**
 * The fields of a unit. `segment` returns `CutUnit`s, which derive `text`, `sha256`, `heading`,
 * `path` and `steps` on first read; `JSON.stringify` (through `toJSON`) gives all of them.
 */
export interface Unit {
  /** `{prefix}-{path}`, e.g. `ICX-CONST-D44-K2-Pa`. */
  readonly id: string;
  /** The id without the prefix, e.g. `D44-K2-Pa`. */
  readonly path: string;
  readonly steps: readonly PathStep[];
  readonly level: Level | string;
  /** 1-based position in document order. */
  readonly ordinal: number;
  /** Human heading, e.g. `Điều 44. Quyền của cổ đông` or `Điều 44, khoản 2`. */
  readonly heading: string;
  /**
   * Id of the enclosing unit in the document's tree, or null at the top. Not always a prefix
   * of the id: an article's parent is its chapter, but `D44` does not name the chapter.
   */
  readonly parentId: string | null;
  /** UTF-16 offsets into the source: `text === source.slice(start, end)`. */
  readonly start: number;
  readonly end: number;
  /** 1-based line and column of the unit's marker (1:1 for the preamble). */
  readonly line: number;
  readonly column: number;
  readonly text: string;
  /** Hex sha256 of `text` (UTF-8). */
  readonly sha256: string;
}

/** A unit as plain data: what `CutUnit.toJSON` returns. */
export type UnitJson = { -readonly [K in keyof Unit]: Unit[K] };

export type Severity = 'error' | 'warning';

/**
 * Something the cut noticed; errors fail gate G1, warnings are shown. Codes: `duplicate_id`,
 * `unclosed_quotation` (errors); `numbering_skip`, `numbering_backwards`, `empty_unit`,
 * `marker_in_table`, `marker_in_quote`, `marker_in_code`, `marker_in_sentence` (warnings).
 */
export interface CutDiagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  /** 1-based; the column counts UTF-16 code units, as editors do. */
  readonly line: number;
  readonly column: number;
}

export interface SegmentResult {
  /** Units: `CutUnit`s from `segment`, plain objects once a run's saved result is read back. */
  readonly units: readonly Unit[];
  readonly diagnostics: readonly CutDiagnostic[];
}

export interface SegmentOptions {
  readonly prefix: string;
  /** Finest level that becomes a unit; finer markers stay inside their parent's text. */
  readonly unit?: string | undefined;
}

/** What `segment` returns: the units as handles, whose derived fields are made on first read. */
export interface CutResult extends SegmentResult {
  readonly units: readonly CutUnit[];
}
