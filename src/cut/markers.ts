import type { NumberValue } from './profiles/numbers.js';

/**
 * The markers a scan found, stored column by column. A 20 MB law holds ~200,000 markers; one
 * object each kept the garbage collector busier than the cut itself, so numbers live in typed
 * arrays and only the strings in plain arrays.
 */
export class MarkerTable {
  length = 0;
  /** Index into the profile's rules. */
  rule: Uint8Array;
  /** Offset of the marker's line: a unit starts at the beginning of its marker's line. */
  start: Int32Array;
  line: Int32Array;
  column: Int32Array;
  /** Index of the enclosing marker, or -1. */
  parent: Int32Array;
  /** Position in the numbering sequence (see NumberValue); `sub` is -1 when the number has none. */
  n: Int32Array;
  sub: Int32Array;
  /** 1 when nothing but punctuation follows the marker on its line ("Điều 5." alone). */
  bare: Uint8Array;
  /**
   * The strings are filled in place up to the capacity of the typed arrays, as those are, and
   * `finish` trims them to `length`: `push` onto ever-growing arrays of fresh strings cost a
   * tenth of a large scan.
   */
  printed: string[];
  /** Display heading for `heading: 'line'` rules, '' otherwise. */
  title: string[];

  /**
   * `capacity`: the expected number of markers. Growing a column copies it, and growing the string
   * columns of a large table cost more than filling them, so a good guess saves work.
   */
  constructor(capacity = 1024) {
    const size = Math.max(16, capacity);
    this.rule = new Uint8Array(size);
    this.start = new Int32Array(size);
    this.line = new Int32Array(size);
    this.column = new Int32Array(size);
    this.parent = new Int32Array(size);
    this.n = new Int32Array(size);
    this.sub = new Int32Array(size);
    this.bare = new Uint8Array(size);
    this.printed = new Array<string>(size);
    this.title = new Array<string>(size);
  }

  push(rule: number, printed: string, value: NumberValue | undefined, start: number, line: number, column: number, parent: number, title: string, bare: boolean): number {
    const k = this.length;
    if (k === this.rule.length) this.#grow();
    this.rule[k] = rule;
    this.start[k] = start;
    this.line[k] = line;
    this.column[k] = column;
    this.parent[k] = parent;
    this.n[k] = value?.n ?? 0;
    this.sub[k] = value?.sub ?? -1;
    this.bare[k] = bare ? 1 : 0;
    this.printed[k] = printed;
    this.title[k] = title;
    this.length = k + 1;
    return k;
  }

  /**
   * Ends the table: every column holds exactly `length` entries. The typed columns were sized
   * from the text's length and are kept for as long as the cut's units are, so the spare room
   * (6 MB on the 20 MB law, most of 8 MB for a long document with few headings) is given back.
   */
  finish(): void {
    const n = this.length;
    this.rule = this.rule.slice(0, n);
    this.start = this.start.slice(0, n);
    this.line = this.line.slice(0, n);
    this.column = this.column.slice(0, n);
    this.parent = this.parent.slice(0, n);
    this.n = this.n.slice(0, n);
    this.sub = this.sub.slice(0, n);
    this.bare = this.bare.slice(0, n);
    this.printed.length = n;
    this.title.length = n;
  }

  /** Takes back the markers from `n` on (a catchline's clause that turned out to be a section's heading). */
  truncate(n: number): void {
    if (n < this.length) this.length = n;
  }

  value(k: number): NumberValue | undefined {
    const sub = this.sub[k]!;
    return sub < 0 ? undefined : { n: this.n[k]!, sub };
  }

  #grow(): void {
    const size = this.rule.length * 2;
    const grow = <T extends Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.rule = grow(this.rule, (n) => new Uint8Array(n));
    this.bare = grow(this.bare, (n) => new Uint8Array(n));
    this.start = grow(this.start, (n) => new Int32Array(n));
    this.line = grow(this.line, (n) => new Int32Array(n));
    this.column = grow(this.column, (n) => new Int32Array(n));
    this.parent = grow(this.parent, (n) => new Int32Array(n));
    this.n = grow(this.n, (n) => new Int32Array(n));
    this.sub = grow(this.sub, (n) => new Int32Array(n));
    this.printed = growStrings(this.printed, size);
    this.title = growStrings(this.title, size);
  }
}

/** Makes room by setting `length` (the array turns holey); filling it in place measured faster than `push`. */
function growStrings(a: string[], size: number): string[] {
  a.length = size;
  return a;
}
