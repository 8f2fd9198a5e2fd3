/** The comparable face of a unit, whether cut from the source or read from the hub. */
export interface UnitRecord {
  readonly id: string;
  readonly path: string;
  readonly ordinal: number;
  readonly heading: string;
  readonly body: string;
  readonly sha256: string;
}

export type ChangeKind = 'add' | 'change' | 'renumber' | 'retire' | 'unchanged';

export interface ChangeEntry {
  readonly kind: ChangeKind;
  /** The unit's id after the change (for `retire`: the id that goes away). */
  readonly id: string;
  /** For `renumber`: the id the same text had before. */
  readonly fromId?: string;
  readonly heading: string;
  /** Ordinal in the candidate (or, for `retire`, in the existing set). */
  readonly ordinal: number;
  readonly before?: UnitRecord;
  readonly after?: UnitRecord;
  /** For `renumber`: 1 when the text is identical, lower when edited. */
  readonly similarity?: number;
}

export type ChangeSummary = Readonly<Record<ChangeKind, number>>;

export interface Changeset {
  readonly entries: readonly ChangeEntry[];
  readonly summary: ChangeSummary;
}

export const CHANGE_KINDS: readonly ChangeKind[] = ['add', 'change', 'renumber', 'retire', 'unchanged'];

export function summarize(entries: readonly ChangeEntry[]): ChangeSummary {
  const s = { add: 0, change: 0, renumber: 0, retire: 0, unchanged: 0 };
  for (const e of entries) s[e.kind] += 1;
  return s;
}

/** True when applying the changeset would change nothing. */
export function isEmpty(changeset: Changeset): boolean {
  return changeset.entries.every((e) => e.kind === 'unchanged');
}
