/**
 * The information unit as the cut engine produces it: one article, clause or point (or a
 * container's own text, or the preamble), with its exact slice of the source.
 */

/** Structural levels known to the built-in profiles, coarse to fine. */
export type Level =
  | 'preamble'
  | 'part'
  | 'chapter'
  | 'section'
  | 'article'
  | 'clause'
  | 'point'
  | 'heading';

/** One step of a unit's path: the level and its printed number as cleaned for ids. */
export interface PathStep {
  readonly level: Level | string;
  /** The number as printed in the source (`44a`, `II`, `đ`). */
  readonly printed: string;
  /** The id token for this step (`D44a`, `K2`, `Pdd`). */
  readonly token: string;
}

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
  /** Id of the enclosing unit, or null at the top. */
  readonly parentId: string | null;
  /** UTF-16 offsets into the source: `text === source.slice(start, end)`. */
  readonly start: number;
  readonly end: number;
  /** 1-based line of `start`. */
  readonly line: number;
  readonly text: string;
  /** Hex sha256 of `text` (UTF-8). */
  readonly sha256: string;
}

export type Severity = 'error' | 'warning';

/** Something the cut noticed; errors fail gate G1, warnings are shown. */
export interface CutDiagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export interface SegmentResult {
  readonly units: readonly Unit[];
  readonly diagnostics: readonly CutDiagnostic[];
}

export interface SegmentOptions {
  readonly prefix: string;
  /** Finest level that becomes a unit; finer markers stay inside their parent's text. */
  readonly unit?: string | undefined;
}
