import type { SegmentResult, Unit } from '../cut/unit.js';
import type { HubUnit } from '../discovery/facts.js';
import type { Changeset } from '../diff/changeset.js';
import { diffUnits } from '../diff/diff-units.js';
import type { Plan } from '../plan/plan.js';
import { boundedSegment } from './bounded-cut.js';
import { activeRecords, fromCut } from './unit-records.js';

// The discover phase cuts the document to learn which unit bodies it need not read, and the
// segment phase right after it asks for the same cut: the last cut per plan is kept.
const lastCut = new WeakMap<Plan, { readonly body: string; readonly cut: Promise<SegmentResult> }>();

/**
 * Cuts a document body the way the plan says (once, when asked twice in a row); a plan's custom
 * rules run under a time limit.
 */
export function cutDocument(plan: Plan, body: string): Promise<SegmentResult> {
  const last = lastCut.get(plan);
  if (last && last.body === body) return last.cut;
  const cut = boundedSegment(body, plan.cut, { prefix: plan.prefix, unit: plan.cut.unit });
  lastCut.set(plan, { body, cut });
  return cut;
}

/** The units of a cut by their sha256, for `Discoverer.readUnits`'s `knownUnits`. */
export function unitsByHash(cut: SegmentResult): (sha256: string) => Unit | undefined {
  const index = new Map<string, number>();
  const units = cut.units;
  for (let i = 0; i < units.length; i++) index.set(units[i]!.sha256, i);
  return (sha256) => {
    const i = index.get(sha256);
    return i === undefined ? undefined : units[i];
  };
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
