import type { NumberValue } from './profiles/numbers.js';

/**
 * The markers a scan found, stored column by column. A 20 MB law holds ~200,000 markers; one
 * object each kept the garbage collector busier than the cut itself, so numbers live in typed
 * arrays and only the strings in plain arrays.
 */
export class MarkerTable {
  length = 0;
  /** Index into the profile's rules. */
  rule = new Uint8Array(1024);
  /** Offset of the marker's line: a unit starts at the beginning of its marker's line. */
  start = new Int32Array(1024);
  line = new Int32Array(1024);
  column = new Int32Array(1024);
  /** Index of the enclosing marker, or -1. */
  parent = new Int32Array(1024);
  /** Position in the numbering sequence (see NumberValue); `sub` is -1 when the number has none. */
  n = new Int32Array(1024);
  sub = new Int32Array(1024);
  /** 1 when nothing but punctuation follows the marker on its line ("Điều 5." alone). */
  bare = new Uint8Array(1024);
  readonly printed: string[] = [];
  /** Display heading for `heading: 'line'` rules, '' otherwise. */
  readonly title: string[] = [];

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
    this.printed.push(printed);
    this.title.push(title);
    this.length = k + 1;
    return k;
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
  }
}
