import { profileFor } from '../cut/profiles/index.js';
import { segment } from '../cut/segment.js';
import type { SegmentResult } from '../cut/unit.js';
import type { HubUnit } from '../discovery/facts.js';
import type { Changeset } from '../diff/changeset.js';
import { diffUnits } from '../diff/diff-units.js';
import type { Plan } from '../plan/plan.js';
import { activeRecords, fromCut } from './unit-records.js';

/** Cuts a document body the way the plan says. */
export function cutDocument(plan: Plan, body: string): SegmentResult {
  return segment(body, profileFor(plan.cut), { prefix: plan.prefix, unit: plan.cut.unit });
}

// The validate phase (for the retire ratio) and the diff phase ask for the same changeset, of the
// same two results, one after the other in one process: it is computed once. Phase results are
// never changed once made, so the pair of objects identifies the changeset.
const computed = new WeakMap<SegmentResult, WeakMap<readonly HubUnit[], Changeset>>();

/** The changeset from the hub's active units to the units just cut (computed once per pair). */
export function changesetFor(existing: readonly HubUnit[], cut: SegmentResult): Changeset {
  let byExisting = computed.get(cut);
  if (!byExisting) computed.set(cut, (byExisting = new WeakMap()));
  let changeset = byExisting.get(existing);
  if (!changeset) byExisting.set(existing, (changeset = diffUnits(activeRecords(existing), cut.units.map(fromCut))));
  return changeset;
}
