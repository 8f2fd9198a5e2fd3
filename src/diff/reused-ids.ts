import type { Changeset, UnitRecord } from './changeset.js';

/**
 * The ids a changeset gives to other text while their current text moves on: after an article
 * is inserted at the top, `LAW-D1` is added (new text) and its old text is renumbered to
 * `LAW-D2`, whose old text goes to `LAW-D3`, and so on. In the hub an id is one row, so such an
 * id is not inserted and its old unit not retired: the row is updated, guarded by the text it
 * holds now. Returns, for each such id, the existing unit that holds it now.
 *
 * The same holds when an id's text is deleted and a later unit is renumbered onto it (Điều 1
 * deleted: old D2 becomes D1): the retired text's row is rewritten, not retired.
 *
 * For the executor: an add or renumber whose id is in the map is an update expecting the
 * map's unit's hash; a renumber's `fromId` or a retirement whose id is in the map is not
 * retired (its row lives on under other text).
 */
export function reusedIds(changeset: Changeset): Map<string, UnitRecord> {
  const movedAway = new Map<string, UnitRecord>();
  for (const e of changeset.entries) {
    if ((e.kind === 'renumber' || e.kind === 'retire') && e.before) movedAway.set(e.before.id, e.before);
  }
  const reused = new Map<string, UnitRecord>();
  for (const e of changeset.entries) {
    if (e.kind !== 'add' && e.kind !== 'renumber') continue;
    const holder = movedAway.get(e.id);
    if (holder) reused.set(e.id, holder);
  }
  return reused;
}
