import type { HubUnit } from '../discovery/facts.js';
import type { UnitRecord } from '../diff/changeset.js';
import { recordOfCut } from '../diff/diff-documents.js';

/** A unit just cut, as a changeset compares it. */
export const fromCut = recordOfCut;

export function fromHub(u: HubUnit): UnitRecord {
  return { id: u.iuId, path: u.path, ordinal: u.ordinal, heading: u.heading, body: u.body, sha256: u.contentSha256 };
}

/** The hub units a changeset compares against: the active ones. */
export function activeRecords(units: readonly HubUnit[]): UnitRecord[] {
  return units.filter((u) => u.status === 'active').map(fromHub);
}
