import type { ChangeEntry } from '../diff/changeset.js';

/** `100% same text`, `87% same text`: floored, so an edited text never shows as 100%. */
export function sameText(e: ChangeEntry): string {
  return `${Math.floor((e.similarity ?? 1) * 100)}% same text`;
}

/** A renumber or move that carries its text over unchanged (apart from its own number). */
export function textKept(e: ChangeEntry): boolean {
  return e.kind === 'unchanged' || (e.kind === 'renumber' && (e.similarity ?? 1) >= 1);
}

export type Shown =
  | { readonly kind: 'entry'; readonly entry: ChangeEntry }
  | { readonly kind: 'renumber-run'; readonly entries: readonly ChangeEntry[] };

/** Runs shorter than this are listed unit by unit even in compact output. */
export const MIN_RUN = 3;

/**
 * The entries a reader is shown, in document order. Compact output leaves out unchanged units
 * (unless moved) and folds each run of consecutive renumbers that carry their text over
 * unchanged into one item, so that an article inserted at the top of a long law is two lines,
 * not thousands; `detail` lists everything.
 */
export function shownEntries(entries: readonly ChangeEntry[], detail: boolean): Shown[] {
  const out: Shown[] = [];
  let run: ChangeEntry[] = [];
  const flush = (): void => {
    if (run.length >= MIN_RUN) out.push({ kind: 'renumber-run', entries: run });
    else for (const entry of run) out.push({ kind: 'entry', entry });
    run = [];
  };
  for (const e of entries) {
    if (e.kind === 'unchanged' && !e.moved && !detail) continue;
    if (!detail && e.kind === 'renumber' && textKept(e) && !e.moved) {
      run.push(e);
      continue;
    }
    flush();
    out.push({ kind: 'entry', entry: e });
  }
  flush();
  return out;
}
