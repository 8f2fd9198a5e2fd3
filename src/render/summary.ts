import type { Operation } from '../orchestrator/operations.js';
import type { ChangeSummary } from '../diff/changeset.js';

/** `Plan: 2 to add, 1 to change, 1 renumbered, 1 to retire, 212 unchanged.` */
export function summaryLine(s: ChangeSummary, label = 'Plan'): string {
  const moved = s.moved > 0 ? `; ${s.moved} moved` : '';
  return `${label}: ${s.add} to add, ${s.change} to change, ${s.renumber} renumbered, ${s.retire} to retire, ${s.unchanged} unchanged${moved}.`;
}

export function shortFingerprint(fp: string): string {
  return fp.length > 19 ? `${fp.slice(0, 19)}…` : fp;
}

/**
 * SG_2's operations in words. Updates that only move a unit (same text, new ordinal or heading)
 * are counted apart: after an insertion they are most of the list and say nothing about content.
 */
export function operationsLine(ops: readonly Operation[]): string {
  let inserts = 0, texts = 0, moves = 0, retires = 0;
  for (const o of ops) {
    if (o.op === 'insert') inserts += 1;
    else if (o.op === 'retire') retires += 1;
    else if (o.sha256 === o.expectSha256) moves += 1;
    else texts += 1;
  }
  return `Operations: ${ops.length}, in order: ${inserts} insert, ${texts} text update, ${moves} position-only update, ${retires} retire.`;
}
