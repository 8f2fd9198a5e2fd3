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

/** The changeset from the hub's active units to the units just cut. */
export function changesetFor(existing: readonly HubUnit[], cut: SegmentResult): Changeset {
  return diffUnits(activeRecords(existing), cut.units.map(fromCut));
}
