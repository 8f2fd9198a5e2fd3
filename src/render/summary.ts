import type { ChangeSummary } from '../diff/changeset.js';

/** `Plan: 2 to add, 1 to change, 1 renumbered, 1 to retire, 212 unchanged.` */
export function summaryLine(s: ChangeSummary, label = 'Plan'): string {
  const moved = s.moved > 0 ? `; ${s.moved} moved` : '';
  return `${label}: ${s.add} to add, ${s.change} to change, ${s.renumber} renumbered, ${s.retire} to retire, ${s.unchanged} unchanged${moved}.`;
}

export function hasChanges(s: ChangeSummary): boolean {
  return s.add + s.change + s.renumber + s.retire + s.moved > 0;
}

export function shortFingerprint(fp: string): string {
  return fp.length > 19 ? `${fp.slice(0, 19)}…` : fp;
}
