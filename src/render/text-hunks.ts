import { diffLines } from 'diff';

export interface HunkLine {
  readonly sign: '-' | '+';
  readonly text: string;
}

/**
 * The lines that differ between two unit texts. Line-level: a unit is a paragraph or a few,
 * so the changed lines are what a reviewer reads. (Word-level hunks come with issue 4.)
 */
export function changedLines(before: string, after: string, max = 12): { lines: HunkLine[]; omitted: number } {
  const lines: HunkLine[] = [];
  for (const part of diffLines(before, after)) {
    if (!part.added && !part.removed) continue;
    for (const text of part.value.replace(/\n$/, '').split('\n')) {
      if (text.trim() === '') continue;
      lines.push({ sign: part.added ? '+' : '-', text });
    }
  }
  return { lines: lines.slice(0, max), omitted: Math.max(0, lines.length - max) };
}
