import type { Unit } from '../cut/unit.js';
import type { HubUnit } from '../discovery/facts.js';
import type { UnitRecord } from '../diff/changeset.js';

/**
 * The records a changeset compares are views of the units they come from, not copies: a plan of
 * a 100,000-unit law makes one record per cut unit and one per hub unit, and as copies (six
 * fields each, plus a slice of the source for the cut's body) they were ~20 MB that outlived
 * the young generation (bench/RESULTS.md, issue 14). Each view reads its unit's fields when
 * asked and serialises, through `toJSON`, as the plain record it stands for.
 */
class CutRecord implements UnitRecord {
  readonly #unit: Unit;

  constructor(unit: Unit) {
    this.#unit = unit;
  }

  get id(): string {
    return this.#unit.id;
  }

  get path(): string {
    return this.#unit.path;
  }

  get ordinal(): number {
    return this.#unit.ordinal;
  }

  get heading(): string {
    return this.#unit.heading;
  }

  get body(): string {
    return this.#unit.text;
  }

  get sha256(): string {
    return this.#unit.sha256;
  }

  toJSON(): UnitRecord {
    return plainRecord(this);
  }
}

/** A hub unit as a record: see CutRecord. */
class HubRecord implements UnitRecord {
  readonly #unit: HubUnit;

  constructor(unit: HubUnit) {
    this.#unit = unit;
  }

  get id(): string {
    return this.#unit.iuId;
  }

  get path(): string {
    return this.#unit.path;
  }

  get ordinal(): number {
    return this.#unit.ordinal;
  }

  get heading(): string {
    return this.#unit.heading;
  }

  get body(): string {
    return this.#unit.body;
  }

  get sha256(): string {
    return this.#unit.contentSha256;
  }

  toJSON(): UnitRecord {
    return plainRecord(this);
  }
}

function plainRecord(r: UnitRecord): UnitRecord {
  return { id: r.id, path: r.path, ordinal: r.ordinal, heading: r.heading, body: r.body, sha256: r.sha256 };
}

/** A unit just cut, as a changeset compares it. */
export function fromCut(u: Unit): UnitRecord {
  return new CutRecord(u);
}

export function fromHub(u: HubUnit): UnitRecord {
  return new HubRecord(u);
}

/** The hub units a changeset compares against: the active ones. */
export function activeRecords(units: readonly HubUnit[]): UnitRecord[] {
  const records: UnitRecord[] = [];
  for (const u of units) if (u.status === 'active') records.push(fromHub(u));
  return records;
}
