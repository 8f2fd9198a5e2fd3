import { diffLines, diffWordsWithSpace, type Change } from 'diff';

export type WordOp = '=' | '-' | '+';

export interface WordPart {
  readonly op: WordOp;
  readonly text: string;
}

export interface TextDiff {
  /** The texts as equal, removed and added runs, in order. */
  readonly parts: readonly WordPart[];
  /**
   * `word` normally; `line` for very long texts; `whole` when the texts are too different to
   * diff within the bound (then `parts` is simply the old text removed and the new one added).
   */
  readonly granularity: 'word' | 'line' | 'whole';
}

/**
 * Texts longer than this are compared line by line: word diffing costs O(words × edits) in jsdiff,
 * and a reviewer reads a long text's changed lines, not its changed words.
 */
export const MAX_WORD_DIFF_CHARS = 20_000;
/**
 * Edits (words or lines) beyond which jsdiff gives up. jsdiff's other bound, `timeout`, is not
 * used: it reads the clock, so the same texts could render differently on a slower machine,
 * and this core is kept free of clocks. With both bounds one diff is at most about
 * (20,000 / 4 words) × 2 × 1,000 steps.
 */
export const MAX_EDIT_LENGTH = 1_000;

/**
 * Word-level diff of two unit texts. Pure and deterministic. The equal and removed parts
 * concatenate to `before` exactly, the equal and added parts to `after`.
 *
 * jsdiff's `diffWordsWithSpace` is used rather than `diffWords` because the latter gives the
 * common parts the new text's spacing, so the old side could not be shown as it was; a single
 * space left between two changes is folded into them, so `[-cho người-]{+ổn định+}` reads as one
 * change rather than `[-cho-]{+ổn+} [-người-]{+định+}`.
 */
export function diffText(before: string, after: string): TextDiff {
  if (before === after) return { parts: before ? [{ op: '=', text: before }] : [], granularity: 'word' };
  const long = before.length > MAX_WORD_DIFF_CHARS || after.length > MAX_WORD_DIFF_CHARS;
  const changes = long
    ? diffLines(before, after, { maxEditLength: MAX_EDIT_LENGTH })
    : diffWordsWithSpace(before, after, { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes) {
    const parts: WordPart[] = [];
    if (before) parts.push({ op: '-', text: before });
    if (after) parts.push({ op: '+', text: after });
    return { parts, granularity: 'whole' };
  }
  return { parts: foldSpaces(changes), granularity: long ? 'line' : 'word' };
}

type Group = { readonly eq: string } | { del: string; ins: string };

function foldSpaces(changes: readonly Change[]): WordPart[] {
  const groups: Group[] = [];
  for (const c of changes) {
    const last = groups[groups.length - 1];
    if (!c.added && !c.removed) groups.push({ eq: c.value });
    else if (last && !('eq' in last)) {
      if (c.added) last.ins += c.value;
      else last.del += c.value;
    } else groups.push(c.added ? { del: '', ins: c.value } : { del: c.value, ins: '' });
  }
  const folded: Group[] = [];
  for (let i = 0; i < groups.length; i += 1) {
    const g = groups[i]!;
    const prev = folded[folded.length - 1];
    const next = groups[i + 1];
    if ('eq' in g && /^[ \t\u00a0]+$/u.test(g.eq) && prev && !('eq' in prev) && next && !('eq' in next)) {
      prev.del += g.eq + next.del;
      prev.ins += g.eq + next.ins;
      i += 1;
    } else folded.push('eq' in g ? g : { ...g });
  }
  return folded.flatMap((g): WordPart[] =>
    'eq' in g
      ? [{ op: '=', text: g.eq }]
      : [...(g.del ? [{ op: '-' as const, text: g.del }] : []), ...(g.ins ? [{ op: '+' as const, text: g.ins }] : [])],
  );
}

/** True when the texts differ only in whitespace. */
export function onlyWhitespaceChanged(d: TextDiff): boolean {
  return d.parts.every((p) => p.op === '=' || p.text.trim() === '');
}
