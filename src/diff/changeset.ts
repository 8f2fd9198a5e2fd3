/** The comparable face of a unit, whether cut from the source or read from the hub. */
export interface UnitRecord {
  readonly id: string;
  readonly path: string;
  readonly ordinal: number;
  readonly heading: string;
  readonly body: string;
  readonly sha256: string;
}

/**
 * - `add`: a new id whose text was nowhere before;
 * - `change`: the same id with other text;
 * - `renumber`: text that an id going away held, now under another id (identical, or similar
 *   above the threshold in `diff-units.ts`); a move to another chapter is a renumber too;
 * - `retire`: an id whose text is nowhere any more;
 * - `unchanged`: the same id with the same text.
 */
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
  /**
   * For `renumber`: 1 when the text is the same apart from the unit's own leading number
   * (`Điều 45.` → `Điều 46.`), lower when edited (never 1 then).
   */
  readonly similarity?: number;
  /**
   * True when the unit left its place among the other units that stay (it was moved, e.g. to
   * another chapter), as opposed to shifting because something was inserted or removed before it.
   */
  readonly moved?: boolean;
}

export type ChangeSummary = Readonly<Record<ChangeKind, number>> & {
  /** Units (of any kind but add and retire) that left their place among the others. */
  readonly moved: number;
};

export interface Changeset {
  readonly entries: readonly ChangeEntry[];
  readonly summary: ChangeSummary;
}

export const CHANGE_KINDS: readonly ChangeKind[] = ['add', 'change', 'renumber', 'retire', 'unchanged'];

export function summarize(entries: readonly ChangeEntry[]): ChangeSummary {
  let add = 0;
  let change = 0;
  let renumber = 0;
  let retire = 0;
  let moved = 0;
  for (const e of entries) {
    if (e.kind === 'add') add += 1;
    else if (e.kind === 'change') change += 1;
    else if (e.kind === 'renumber') renumber += 1;
    else if (e.kind === 'retire') retire += 1;
    if (e.moved) moved += 1;
  }
  return { add, change, renumber, retire, unchanged: entries.length - add - change - renumber - retire, moved };
}

/** True when applying the changeset would change nothing (not even the order of the units). */
export function isEmpty(changeset: Changeset): boolean {
  return changeset.entries.every((e) => e.kind === 'unchanged' && !e.moved);
}
