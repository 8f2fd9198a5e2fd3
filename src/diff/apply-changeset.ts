import type { Changeset, UnitRecord } from './changeset.js';

/**
 * The unit set `changeset` leads to from `existing`, after checking that the changeset was made
 * for exactly that set: every existing unit is accounted for once (kept, changed, renumbered or
 * retired) with the text the changeset expects, and the kinds say what the texts say. Throws a
 * RangeError naming the first entry that does not fit. Pure; for tests and for checking a
 * changeset read back from disk before it is trusted.
 */
export function applyChangeset(existing: readonly UnitRecord[], changeset: Changeset): UnitRecord[] {
  const pending = new Map<string, UnitRecord>();
  for (const u of existing) {
    if (pending.has(u.id)) throw new RangeError(`existing units hold ${u.id} twice`);
    pending.set(u.id, u);
  }
  const take = (id: string, sha256: string, what: string): UnitRecord => {
    const u = pending.get(id);
    if (!u) throw new RangeError(`${what}: ${id} is not among the existing units, or is used twice`);
    if (u.sha256 !== sha256) throw new RangeError(`${what}: ${id} has other text than the changeset expects`);
    pending.delete(id);
    return u;
  };
  const result: UnitRecord[] = [];
  const seen = new Set<string>();
  const retired = new Set(changeset.entries.filter((e) => e.kind === 'retire').map((e) => e.id));
  for (const e of changeset.entries) {
    const where = `${e.kind} ${e.id}`;
    if (e.kind === 'retire') {
      if (!e.before || e.before.id !== e.id) throw new RangeError(`${where}: a retirement needs the retired unit`);
      take(e.id, e.before.sha256, where);
      continue;
    }
    const after = e.after;
    if (!after || after.id !== e.id) throw new RangeError(`${where}: the entry has no unit after it`);
    if (seen.has(after.id)) throw new RangeError(`${where}: the result would hold ${after.id} twice`);
    seen.add(after.id);
    if (e.kind === 'add') {
      if (e.before) throw new RangeError(`${where}: an addition has no unit before it`);
      if (retired.has(e.id)) throw new RangeError(`${where}: the same id is retired, so this is a change`);
    } else {
      const from = e.kind === 'renumber' ? e.fromId : e.id;
      if (!e.before || from === undefined || e.before.id !== from) throw new RangeError(`${where}: the entry does not name the unit it comes from`);
      if (e.kind === 'renumber' && from === e.id) throw new RangeError(`${where}: a renumber keeps its id`);
      if ((e.kind === 'unchanged') !== (e.before.sha256 === after.sha256)) throw new RangeError(`${where}: the kind does not match the texts`);
      take(from, e.before.sha256, where);
    }
    result.push(after);
  }
  const left = [...pending.keys()];
  if (left.length > 0) throw new RangeError(`the changeset does not account for ${left.length} existing unit(s), e.g. ${left[0]}`);
  return result;
}
