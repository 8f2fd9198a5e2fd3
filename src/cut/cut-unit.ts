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
  /** Per marker: the unit it became, or -1 (a marker finer than the unit level). */
  readonly unitOf: Int32Array;
  readonly units: CutUnit[] = [];
  // Made when first asked for, by unit or by marker.
  #hashes: (string | undefined)[] | undefined;
  #headings: (string | undefined)[] | undefined;
  #labels: (string | undefined)[] | undefined;

  constructor(
    readonly text: string,
    readonly markers: MarkerTable,
    readonly rules: readonly MarkerRule[],
    readonly prefix: string,
    /** Per marker, the nearest ancestor whose path enters its id, or -1 (see IdScopes). */
    readonly scopes: Int32Array,
    /** Per marker, its position among its siblings, for rules whose tokens count them (else 0). */
    readonly ordinals: Int32Array,
    capacity: number,
  ) {
    this.markerOf = new Int32Array(capacity);
    this.startOf = new Int32Array(capacity);
    this.parentOf = new Int32Array(capacity);
    this.unitOf = new Int32Array(markers.length).fill(-1);
  }

  add(marker: number, id: string, start: number, parent: number): CutUnit {
    const i = this.units.length;
    this.markerOf[i] = marker;
    this.startOf[i] = start;
    this.parentOf[i] = parent;
    if (marker >= 0) this.unitOf[marker] = i;
    const unit = new CutUnit(this, i, id);
    this.units.push(unit);
    return unit;
  }

  /** The id token of marker `k` (`K2`). */
  tokenOf(k: number): string {
    return this.rules[this.markers.rule[k]!]!.token(this.markers.printed[k]!, this.ordinals[k]!);
  }

  /** `[...steps of the scope ancestor, own step]`: the levels and printed numbers that make the id. */
  stepsOf(k: number): PathStep[] {
    const chain: number[] = [];
    for (let a = k; a >= 0; a = this.scopes[a]!) chain.push(a);
    return chain.reverse().map((a) => ({ level: this.rules[this.markers.rule[a]!]!.level, printed: this.markers.printed[a]!, token: this.tokenOf(a) }));
  }

  sha256Of(i: number): string {
    const hashes = (this.#hashes ??= new Array<string | undefined>(this.units.length));
    return (hashes[i] ??= sha256Hex(this.textOf(i)));
  }

  textOf(i: number): string {
    return this.text.slice(this.startOf[i]!, i + 1 < this.units.length ? this.startOf[i + 1]! : this.text.length);
  }

  headingOf(i: number): string {
    const headings = (this.#headings ??= new Array<string | undefined>(this.units.length));
    let heading = headings[i];
    if (heading === undefined) {
      const k = this.markerOf[i]!;
      const label = k < 0 ? 'Preamble' : this.labelOf(k);
      heading = (k >= 0 && this.rules[this.markers.rule[k]!]!.heading === 'line' ? this.markers.title[k] : label) || label || this.units[i]!.path;
      headings[i] = heading;
    }
    return heading;
  }

  /** Short name of marker `k`: `Điều 44, khoản 2`; a clause's is its article's plus its number. */
  labelOf(k: number): string {
    const labels = (this.#labels ??= new Array<string | undefined>(this.markers.length));
    let label = labels[k];
    if (label === undefined) {
      const parent = this.markers.parent[k]!;
      label = this.rules[this.markers.rule[k]!]!.label(this.markers.printed[k]!, parent >= 0 ? this.labelOf(parent) : null);
      labels[k] = label;
    }
    return label;
  }
}

/**
 * One unit of a cut: its id is made by the cut, every other field is read from the cut's
 * columns, or (text, sha256, heading, path, steps) derived on first read and, for the hash and
 * the heading, kept by the cut. `toJSON` gives the plain object, so a unit serialises like the
 * record it stands for.
 */
export class CutUnit implements Unit {
  // Three fields: a large cut makes ~100,000 of these, and each field costs 8 bytes.
  readonly #source: CutSource;
  readonly #index: number;

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
    return this.#source.textOf(this.#index);
  }

  get sha256(): string {
    return this.#source.sha256Of(this.#index);
  }

  get heading(): string {
    return this.#source.headingOf(this.#index);
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
