import { cells, contains, containsLower, isBlank, onlyChar, opensQuotation, runLength } from './blocks.js';
import { ContainedMarkers, type ContainerKind } from './contained.js';
import type { CutDiagnostic } from './unit.js';

/** How a block asks the scanner whether its lines hold markers (to count them, never to cut). */
export interface MarkerProbe {
  /** Tests `text[i, end)` of the line starting at `start`, and counts a marker found there. */
  line(start: number, i: number, end: number, lineNo: number): void;
  /** A table cell: counts it when it holds a titled marker (an article, a chapter). */
  cell(text: string, lineNo: number, column: number): void;
  /** Counts the marker the scanner has just matched on this line. */
  matched(lineNo: number, column: number): void;
}

type Mode = 'none' | 'fence' | 'comment' | 'htmltable' | 'quotation';

/**
 * The Markdown blocks in which a marker is text, not structure: fenced code, HTML comments and
 * tables, pipe tables, block quotes, and quotations opened by a quotation mark (an amendment
 * quoting the new text of an article). Tracks which one a line is in, across lines.
 */
export class ContainedBlocks {
  readonly #text: string;
  readonly #warnInCode: boolean;
  readonly #probe: MarkerProbe;
  readonly #markers: ContainedMarkers;
  #mode: Mode = 'none';
  #close = '';

  constructor(text: string, warnInCode: boolean, probe: MarkerProbe, out: CutDiagnostic[]) {
    this.#text = text;
    this.#warnInCode = warnInCode;
    this.#probe = probe;
    this.#markers = new ContainedMarkers(out);
  }

  /** A block spans lines and the current line is inside it. */
  get open(): boolean {
    return this.#mode !== 'none';
  }

  /** The line is outside any block (a blank line also ends tables and block quotes). */
  outside(): void {
    if (this.#mode === 'none') this.#markers.enter(null, 0);
  }

  /** A line while a block is open; the block ends on its closing line. */
  inside(start: number, i: number, end: number, lineNo: number): void {
    const text = this.#text;
    const mode = this.#mode;
    if (mode === 'fence') {
      if (text.startsWith(this.#close, i) && onlyChar(text, i, end, this.#close.charCodeAt(0)) >= this.#close.length) this.#end();
      else if (this.#warnInCode) this.#probe.line(start, i, end, lineNo);
      return;
    }
    if (mode !== 'comment' || this.#warnInCode) this.#probe.line(start, i, end, lineNo);
    if (mode === 'comment' && contains(text, i, end, '-->')) this.#mode = 'none';
    if (mode === 'htmltable' && containsLower(text, i, end, '</table')) this.#mode = 'none';
    if (mode === 'quotation' && contains(text, i, end, this.#close)) this.#end();
  }

  /**
   * Whether the line (its first non-blank character `c` at `i`) belongs to a block: a fence, an
   * HTML comment or table, a pipe-table row or a block quote. Opens the block when it spans lines.
   */
  starts(c: number, start: number, i: number, end: number, lineNo: number): boolean {
    const text = this.#text;
    if ((c === 96 || c === 126) && runLength(text, i, end, c) >= 3) {
      this.#open('fence', String.fromCharCode(c).repeat(runLength(text, i, end, c)), 'code', lineNo);
      return true;
    }
    if (c === 60 && text.startsWith('<!--', i)) {
      this.#markers.enter('code', lineNo);
      if (this.#warnInCode) this.#probe.line(start, i, end, lineNo);
      if (!contains(text, i + 4, end, '-->')) this.#mode = 'comment';
      return true;
    }
    if (c === 60 && /^<table\b/iu.test(text.slice(i, i + 7))) {
      this.#markers.enter('table', lineNo);
      if (!containsLower(text, i, end, '</table')) this.#mode = 'htmltable';
      return true;
    }
    if (c === 124) {
      this.#markers.enter('table', lineNo);
      for (const cell of cells(text.slice(i, end))) this.#probe.cell(cell.text, lineNo, i - start + cell.at + 1);
      return true;
    }
    if (c === 62) {
      this.#markers.enter('quote', lineNo);
      let j = i;
      while (j < end && (text.charCodeAt(j) === 62 || isBlank(text.charCodeAt(j)))) j += 1;
      if (j < end) this.#probe.line(start, j, end, lineNo);
      return true;
    }
    return false;
  }

  /** A line opening with a quotation mark, whose marker (if any) the scanner has just matched. */
  quotation(i: number, end: number, lineNo: number, column: number): void {
    this.#markers.enter('quote', lineNo);
    this.#probe.matched(lineNo, column);
    const { opens, close } = opensQuotation(this.#text.slice(i, end));
    if (opens) this.#open('quotation', close, 'quote', lineNo);
    else this.#markers.enter(null, 0);
  }

  /** Counts a marker inside the current block. */
  note(line: number, column: number, sample: string): void {
    this.#markers.note(line, column, sample);
  }

  /** At the end of the text: a quotation still open swallowed what followed it. */
  finish(): void {
    this.#markers.flush(this.#mode === 'quotation');
  }

  #open(mode: Mode, close: string, kind: ContainerKind, lineNo: number): void {
    this.#markers.enter(kind, lineNo);
    this.#mode = mode;
    this.#close = close;
  }

  #end(): void {
    this.#mode = 'none';
    this.#markers.enter(null, 0);
  }
}
