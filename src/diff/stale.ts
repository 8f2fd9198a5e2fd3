import type { ChangeEntry, Changeset, ChangeSummary } from './changeset.js';

/**
 * Why one unit's entry differs between the changeset approved at a gate and the one computed now:
 * - `new`: planned now, not in what was approved;
 * - `dropped`: approved, no longer part of the changeset;
 * - `kind`: the unit gets another kind of change (e.g. approved as a change, now a retirement);
 * - `renumber-source`: renumbered from another id than approved;
 * - `source-text`: the text the unit would get differs from the approved one (the source changed);
 * - `hub-text`: the hub's text of the unit differs from the one approved against (the hub changed).
 */
export type StaleReason = 'new' | 'dropped' | 'kind' | 'renumber-source' | 'source-text' | 'hub-text';

export interface EntryDelta {
  readonly id: string;
  readonly approved?: ChangeEntry;
  readonly current?: ChangeEntry;
  readonly reasons: readonly StaleReason[];
}

/** The "diff of diffs": what a reviewer approved against what the plan would do now. */
export interface ChangesetDelta {
  readonly approved: ChangeSummary;
  readonly current: ChangeSummary;
  /** Only the entries that differ: the current document order, then the dropped ones in theirs. */
  readonly entries: readonly EntryDelta[];
}

/**
 * Compares the changeset approved at a gate with the one computed now, unit by unit. Entries
 * are matched by id; order and ordinals are not compared (an insertion shifts them and is
 * reported itself as `new`). Pure and deterministic.
 *
 * @example
 * ```ts
 * const delta = explainStale(approvedAtSg1, diffUnits(hubUnitsNow, cutUnitsNow));
 * if (!sameChanges(delta)) process.stderr.write(renderStaleTerminal(delta, { gate: 'SG_1', color: false }));
 * ```
 */
export function explainStale(approved: Changeset, current: Changeset): ChangesetDelta {
  const before = keyed(approved.entries);
  const entries: EntryDelta[] = [];
  for (const [key, now] of keyed(current.entries)) {
    const then = before.get(key);
    before.delete(key);
    if (!then) {
      if (now.kind !== 'unchanged' || now.moved) entries.push({ id: now.id, current: now, reasons: ['new'] });
      continue;
    }
    const reasons = compare(then, now);
    if (reasons.length > 0) entries.push({ id: now.id, approved: then, current: now, reasons });
  }
  for (const then of before.values()) {
    if (then.kind !== 'unchanged' || then.moved) entries.push({ id: then.id, approved: then, reasons: ['dropped'] });
  }
  return { approved: approved.summary, current: current.summary, entries };
}

/** True when what was approved is exactly what would be done now. */
export function sameChanges(delta: ChangesetDelta): boolean {
  return delta.entries.length === 0;
}

function compare(then: ChangeEntry, now: ChangeEntry): StaleReason[] {
  const reasons: StaleReason[] = [];
  if (then.kind !== now.kind) reasons.push('kind');
  if (then.kind === 'renumber' && now.kind === 'renumber' && then.fromId !== now.fromId) reasons.push('renumber-source');
  if (then.after && now.after && then.after.sha256 !== now.after.sha256) reasons.push('source-text');
  if (then.before && now.before && then.before.id === now.before.id && then.before.sha256 !== now.before.sha256) reasons.push('hub-text');
  return reasons;
}

/** Entries by id; a second entry with the same id (duplicate ids in a cut) gets its own key. */
function keyed(entries: readonly ChangeEntry[]): Map<string, ChangeEntry> {
  const out = new Map<string, ChangeEntry>();
  for (const e of entries) {
    let key = e.id;
    for (let n = 2; out.has(key); n += 1) key = `${e.id}#${n}`;
    out.set(key, e);
  }
  return out;
}
