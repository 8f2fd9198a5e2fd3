import type { ChangeSummary } from '../diff/changeset.js';

/** `Plan: 2 to add, 1 to change, 1 renumbered, 1 to retire, 212 unchanged.` */
export function summaryLine(s: ChangeSummary): string {
  return `Plan: ${s.add} to add, ${s.change} to change, ${s.renumber} renumbered, ${s.retire} to retire, ${s.unchanged} unchanged.`;
}

export function hasChanges(s: ChangeSummary): boolean {
  return s.add + s.change + s.renumber + s.retire > 0;
}

export function shortFingerprint(fp: string): string {
  return fp.length > 19 ? `${fp.slice(0, 19)}…` : fp;
}
