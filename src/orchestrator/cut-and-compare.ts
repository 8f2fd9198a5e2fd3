import type { SegmentResult } from '../cut/unit.js';
import type { HubUnit } from '../discovery/facts.js';
import type { Changeset } from '../diff/changeset.js';
import { diffUnits } from '../diff/diff-units.js';
import type { Plan } from '../plan/plan.js';
import { boundedSegment } from './bounded-cut.js';
import { activeRecords, fromCut } from './unit-records.js';

/** Cuts a document body the way the plan says; a plan's custom rules run under a time limit. */
export function cutDocument(plan: Plan, body: string): Promise<SegmentResult> {
  return boundedSegment(body, plan.cut, { prefix: plan.prefix, unit: plan.cut.unit });
}

/** The changeset from the hub's active units to the units just cut. */
export function changesetFor(existing: readonly HubUnit[], cut: SegmentResult): Changeset {
  return diffUnits(activeRecords(existing), cut.units.map(fromCut));
}
