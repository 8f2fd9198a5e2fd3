import type { SegmentResult, Unit } from '../cut/unit.js';
import type { KnownUnits } from '../discovery/discoverer.js';
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

/** How far from its old place `near` looks for an unchanged unit (units inserted or removed before it). */
const NEAR_WINDOW = 8;

/**
 * The units of a cut as `Discoverer.readUnits`'s `knownUnits`. `near` looks at the unit the hub's
 * ordinal names, shifted by how far off the last unit found was, then a few places either side:
 * the hub's keys come in document order, so after an insertion every later unit is found at the
 * new offset at once. `find` is one pass over the cut. Why not a map of every hash: building it
 * for 100,000 units and looking up each key cost ~6 MB and, in the 100k plan's profile, ~150 ms.
 */
export function knownUnitsOf(cut: SegmentResult): KnownUnits {
  const units = cut.units;
  let shift = 0;
  const at = (i: number, sha256: string): Unit | undefined => {
    const u = i >= 0 && i < units.length ? units[i]! : undefined;
    return u && u.sha256 === sha256 ? u : undefined;
  };
  return {
    near(sha256, ordinal) {
      const guess = ordinal - 1 + shift;
      const here = at(guess, sha256);
      if (here) return here;
      for (let d = 1; d <= NEAR_WINDOW; d++) {
        const after = at(guess + d, sha256);
        if (after) {
          shift += d;
          return after;
        }
        const before = at(guess - d, sha256);
        if (before) {
          shift -= d;
          return before;
        }
      }
      return undefined;
    },
    find(sha256s) {
      const found = new Map<string, Unit>();
      for (const u of units) if (sha256s.has(u.sha256) && !found.has(u.sha256)) found.set(u.sha256, u);
      return found;
    },
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
