import { summarize, type ChangeEntry, type Changeset, type UnitRecord } from './changeset.js';

/**
 * The changeset that turns `existing` into `candidate`. Pure and deterministic.
 *
 * Same id, same hash: unchanged. Same id, other hash: change. A new id whose exact text an
 * existing id that is going away used to hold: renumber. Otherwise add / retire.
 */
export function diffUnits(existing: readonly UnitRecord[], candidate: readonly UnitRecord[]): Changeset {
  const before = new Map(existing.map((u) => [u.id, u]));
  const candidateIds = new Set(candidate.map((u) => u.id));

  // Existing units whose id disappears, indexed by text hash, each usable once, in order.
  const goneByHash = new Map<string, UnitRecord[]>();
  for (const u of existing) {
    if (candidateIds.has(u.id)) continue;
    const list = goneByHash.get(u.sha256);
    if (list) list.push(u);
    else goneByHash.set(u.sha256, [u]);
  }

  const matchedGone = new Set<string>();
  const entries: ChangeEntry[] = [];
  for (const after of candidate) {
    const prior = before.get(after.id);
    if (prior) {
      const kind = prior.sha256 === after.sha256 ? 'unchanged' : 'change';
      entries.push({ kind, id: after.id, heading: after.heading, ordinal: after.ordinal, before: prior, after });
      continue;
    }
    const twin = goneByHash.get(after.sha256)?.shift();
    if (twin) {
      matchedGone.add(twin.id);
      entries.push({
        kind: 'renumber', id: after.id, fromId: twin.id, heading: after.heading,
        ordinal: after.ordinal, before: twin, after, similarity: 1,
      });
      continue;
    }
    entries.push({ kind: 'add', id: after.id, heading: after.heading, ordinal: after.ordinal, after });
  }
  for (const u of existing) {
    if (candidateIds.has(u.id) || matchedGone.has(u.id)) continue;
    entries.push({ kind: 'retire', id: u.id, heading: u.heading, ordinal: u.ordinal, before: u });
  }
  return { entries, summary: summarize(entries) };
}
