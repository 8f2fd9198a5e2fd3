import type { Unit } from '../cut/unit.js';
import type { HubUnit } from '../discovery/facts.js';
import type { UnitRecord } from '../diff/changeset.js';

export function fromCut(u: Unit): UnitRecord {
  return { id: u.id, path: u.path, ordinal: u.ordinal, heading: u.heading, body: u.text, sha256: u.sha256 };
}

export function fromHub(u: HubUnit): UnitRecord {
  return { id: u.iuId, path: u.path, ordinal: u.ordinal, heading: u.heading, body: u.body, sha256: u.contentSha256 };
}

/** The hub units a changeset compares against: the active ones. */
export function activeRecords(units: readonly HubUnit[]): UnitRecord[] {
  return units.filter((u) => u.status === 'active').map(fromHub);
}
