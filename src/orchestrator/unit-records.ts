import type { Unit } from '../cut/unit.js';
import type { HubUnit } from '../discovery/facts.js';
import type { UnitRecord } from '../diff/changeset.js';

/**
 * The records a changeset compares are views of the units they come from, not copies: a plan of
 * a 100,000-unit law makes one record per cut unit and one per hub unit, and as copies (six
 * fields each, plus a slice of the source for the cut's body) they were ~20 MB that outlived
 * the young generation (bench/RESULTS.md, issue 14). Each view reads its unit's fields when
 * asked and serialises, through `toJSON`, as the plain record it stands for. Path, ordinal and
 * heading have the same names on both kinds of unit; id, body and hash are named by each kind.
 */
abstract class UnitView<U extends { readonly path: string; readonly ordinal: number; readonly heading: string }> implements UnitRecord {
  constructor(protected readonly unit: U) {}

  abstract get id(): string;
  abstract get body(): string;
  abstract get sha256(): string;

  get path(): string {
    return this.unit.path;
  }

  get ordinal(): number {
    return this.unit.ordinal;
  }

  get heading(): string {
    return this.unit.heading;
  }

  toJSON(): UnitRecord {
    return plainRecord(this);
  }
}

class CutRecord extends UnitView<Unit> {
  get id(): string {
    return this.unit.id;
  }

  get body(): string {
    return this.unit.text;
  }

  get sha256(): string {
    return this.unit.sha256;
  }
}

class HubRecord extends UnitView<HubUnit> {
  get id(): string {
    return this.unit.iuId;
  }

  get body(): string {
    return this.unit.body;
  }

  get sha256(): string {
    return this.unit.contentSha256;
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
