import type { CutDiagnostic } from './unit.js';

/** Where a marker can appear without being structure. */
export type ContainerKind = 'table' | 'quote' | 'code';

const CODES: Record<ContainerKind, string> = { table: 'marker_in_table', quote: 'marker_in_quote', code: 'marker_in_code' };
const WHERE: Record<ContainerKind, string> = { table: 'a table', quote: 'a quotation', code: 'code or an HTML comment' };

/**
 * Collects markers found inside tables, quotations and code, one warning per block (a quoted
 * amendment can hold dozens of clause markers; one warning with a count says it once).
 */
export class ContainedMarkers {
  readonly #out: CutDiagnostic[];
  #kind: ContainerKind | null = null;
  #blockLine = 0;
  #first: { line: number; column: number; sample: string } | null = null;
  #count = 0;

  constructor(out: CutDiagnostic[]) {
    this.#out = out;
  }

  /** The line is inside a block of `kind` (null: outside any); a new block starts at `blockLine`. */
  enter(kind: ContainerKind | null, blockLine: number): void {
    if (kind === this.#kind) return;
    this.flush();
    this.#kind = kind;
    this.#blockLine = blockLine;
  }

  note(line: number, column: number, sample: string): void {
    this.#count += 1;
    this.#first ??= { line, column, sample };
  }

  /** Ends the current block; `unclosed` says the block ran to the end of the document. */
  flush(unclosed = false): void {
    const first = this.#first;
    if (first !== null && this.#kind !== null) {
      const n = this.#count;
      const what = n === 1 ? `“${first.sample}” looks like a marker but is` : `${n} markers (first “${first.sample}”) are`;
      this.#out.push({
        severity: 'warning',
        code: CODES[this.#kind],
        message: `${what} inside ${WHERE[this.#kind]} (from line ${this.#blockLine}); kept as text, not cut`,
        line: first.line,
        column: first.column,
      });
      if (unclosed) {
        // A stray opening quote would otherwise silently swallow the rest of the document's structure.
        this.#out.push({
          severity: 'error',
          code: 'unclosed_quotation',
          message: `the quotation opened at line ${this.#blockLine} never closes, so the ${n} marker${n === 1 ? '' : 's'} after it stayed text; close the quotation or remove the stray quotation mark`,
          line: this.#blockLine,
          column: 1,
        });
      }
    }
    this.#first = null;
    this.#count = 0;
    this.#kind = null;
  }
}
