import type { SegmentResult, Unit } from '../cut/unit.js';
import type { KnownUnit, KnownUnits } from '../discovery/discoverer.js';
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
 * The units of a cut as `Discoverer.readUnits`'s `knownUnits` (the discover phase). Why not a map
 * of every hash: building it for 100,000 units and looking up each key cost ~6 MB and, in the
 * 100k plan's profile, ~150 ms.
 */
export function knownUnitsOf(cut: SegmentResult): KnownUnits {
  // The cut's units themselves, which the segment phase's result keeps: the hub's units may view them.
  return { ...knownUnitsIn(cut.units, (u) => u.sha256, (u: Unit) => u), lasting: true };
}

/** The units discovery already read, as `knownUnits` of a later read of the hub (rebase, execute). */
export function knownHubUnits(units: readonly HubUnit[]): KnownUnits {
  return knownUnitsIn(units, (u) => u.contentSha256, (u) => ({ id: u.iuId, path: u.path, heading: u.heading, sha256: u.contentSha256, text: u.body }));
}

/**
 * `near` looks at the unit the hub's ordinal names, shifted by how far off the last unit found
 * was, then a few places either side: the hub's keys come in document order, so after an
 * insertion every later unit is found at the new offset at once. `find` is one pass.
 */
function knownUnitsIn<T>(units: readonly T[], hashOf: (u: T) => string, known: (u: T) => KnownUnit): KnownUnits {
  let shift = 0;
  const at = (i: number, sha256: string): T | undefined => {
    const u = i >= 0 && i < units.length ? units[i]! : undefined;
    return u !== undefined && hashOf(u) === sha256 ? u : undefined;
  };
  return {
    near(sha256, ordinal) {
      const guess = ordinal - 1 + shift;
      const here = at(guess, sha256);
      if (here !== undefined) return known(here);
      for (let d = 1; d <= NEAR_WINDOW; d++) {
        const after = at(guess + d, sha256);
        if (after !== undefined) {
          shift += d;
          return known(after);
        }
        const before = at(guess - d, sha256);
        if (before !== undefined) {
          shift -= d;
          return known(before);
        }
      }
      return undefined;
    },
    find(sha256s) {
      const found = new Map<string, KnownUnit>();
      for (const u of units) {
        const h = hashOf(u);
        if (sha256s.has(h) && !found.has(h)) found.set(h, known(u));
      }
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
