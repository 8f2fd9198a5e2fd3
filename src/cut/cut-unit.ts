import { sha256Hex } from './hash.js';
import type { MarkerTable } from './markers.js';
import type { MarkerRule } from './profiles/profile.js';
import type { Level, PathStep, Unit, UnitJson } from './unit.js';

/**
 * Everything the units of one cut share, stored column by column: the source text, the scan's
 * markers and, per unit, its marker, start and parent. A `CutUnit` is a small handle into it.
 *
 * Why: a 20 MB law has ~100,000 units. Made as full objects with their text hashed up front, the
 * hashes alone cost about as much as the whole scan, and the objects and strings that survive
 * the young generation kept the garbage collector busier than the cut itself (bench/RESULTS.md).
 */
export class CutSource {
  /** Per unit: its marker (-1 for the preamble), its first character, its parent unit (-1 at the top). */
  readonly markerOf: Int32Array;
  readonly startOf: Int32Array;
  readonly parentOf: Int32Array;
  readonly units: CutUnit[] = [];
  /** Labels made so far, by marker: a clause's label is its article's plus its own number. */
  readonly #labels: (string | undefined)[];

  constructor(
    readonly text: string,
    readonly markers: MarkerTable,
    readonly rules: readonly MarkerRule[],
    readonly prefix: string,
    /** Id token of each marker that became a unit, with its joining dash (`-K2`), by marker index. */
    readonly tokens: readonly (string | undefined)[],
    /** Per marker, the nearest ancestor whose path enters its id, or -1 (see IdScopes). */
    readonly scopes: Int32Array,
    capacity: number,
  ) {
    this.markerOf = new Int32Array(capacity);
    this.startOf = new Int32Array(capacity);
    this.parentOf = new Int32Array(capacity);
    this.#labels = new Array<string | undefined>(markers.length);
  }

  add(marker: number, id: string, start: number, parent: number): CutUnit {
    const i = this.units.length;
    this.markerOf[i] = marker;
    this.startOf[i] = start;
    this.parentOf[i] = parent;
    const unit = new CutUnit(this, i, id);
    this.units.push(unit);
    return unit;
  }

  /** `[...steps of the scope ancestor, own step]`: the levels and printed numbers that make the id. */
  stepsOf(k: number): PathStep[] {
    const chain: number[] = [];
    for (let a = k; a >= 0; a = this.scopes[a]!) chain.push(a);
    return chain.reverse().map((a) => ({
      level: this.rules[this.markers.rule[a]!]!.level, printed: this.markers.printed[a]!, token: this.tokens[a]!.slice(1),
    }));
  }

  headingOf(k: number, id: string): string {
    const label = this.labelOf(k);
    return (this.rules[this.markers.rule[k]!]!.heading === 'line' ? this.markers.title[k] : label) || label || id.slice(this.prefix.length + 1);
  }

  /** Short name of marker `k`: `Điều 44, khoản 2`. */
  labelOf(k: number): string {
    let label = this.#labels[k];
    if (label === undefined) {
      const parent = this.markers.parent[k]!;
      label = this.rules[this.markers.rule[k]!]!.label(this.markers.printed[k]!, parent >= 0 ? this.labelOf(parent) : null);
      this.#labels[k] = label;
    }
    return label;
  }
}

/**
 * One unit of a cut: its id is made by the cut, every other field is read from the cut's
 * columns, or (text, sha256, heading, path, steps) derived on first read and, for the hash and
 * the heading, kept. `toJSON` gives the plain object, so a unit serialises like the record it
 * stands for.
 */
export class CutUnit implements Unit {
  readonly #source: CutSource;
  readonly #index: number;
  #sha256: string | undefined;
  #heading: string | undefined;

  constructor(source: CutSource, index: number, readonly id: string) {
    this.#source = source;
    this.#index = index;
  }

  get level(): Level | string {
    const k = this.#source.markerOf[this.#index]!;
    return k < 0 ? 'preamble' : this.#source.rules[this.#source.markers.rule[k]!]!.level;
  }

  get ordinal(): number {
    return this.#index + 1;
  }

  get parentId(): string | null {
    const p = this.#source.parentOf[this.#index]!;
    return p < 0 ? null : this.#source.units[p]!.id;
  }

  get start(): number {
    return this.#source.startOf[this.#index]!;
  }

  get end(): number {
    const next = this.#index + 1;
    return next < this.#source.units.length ? this.#source.startOf[next]! : this.#source.text.length;
  }

  get line(): number {
    const k = this.#source.markerOf[this.#index]!;
    return k < 0 ? 1 : this.#source.markers.line[k]!;
  }

  get column(): number {
    const k = this.#source.markerOf[this.#index]!;
    return k < 0 ? 1 : this.#source.markers.column[k]!;
  }

  get path(): string {
    return this.id.slice(this.#source.prefix.length + 1);
  }

  get text(): string {
    return this.#source.text.slice(this.start, this.end);
  }

  get sha256(): string {
    return (this.#sha256 ??= sha256Hex(this.text));
  }

  get heading(): string {
    const k = this.#source.markerOf[this.#index]!;
    return (this.#heading ??= k < 0 ? 'Preamble' : this.#source.headingOf(k, this.id));
  }

  get steps(): readonly PathStep[] {
    const k = this.#source.markerOf[this.#index]!;
    return k < 0 ? [] : this.#source.stepsOf(k);
  }

  toJSON(): UnitJson {
    return {
      id: this.id, path: this.path, steps: this.steps, level: this.level, ordinal: this.ordinal, heading: this.heading,
      parentId: this.parentId, start: this.start, end: this.end, line: this.line, column: this.column, text: this.text, sha256: this.sha256,
    };
  }
}
