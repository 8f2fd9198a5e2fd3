/** How far the walk looks ahead for a match after a few units were inserted or removed. */
export const RESYNC_WINDOW = 8;

/**
 * Walks two lists side by side and pairs the elements that `same` says are equal, looking up to
 * RESYNC_WINDOW places ahead on either side when they stop lining up. Most units of a revised
 * document sit where they sat, or shifted by what was inserted before them, so this finds them
 * by comparing neighbours, in O(n·RESYNC_WINDOW) comparisons and without hashing anything:
 * on 100k units, hashing every id or text into a map costs more than the rest of the diff.
 * What it misses (moves, long insertions) is left for the map-based passes after it.
 */
export function alignedWalk(
  olds: readonly number[],
  news: readonly number[],
  same: (o: number, n: number) => boolean,
  pair: (o: number, n: number) => void,
): void {
  let i = 0;
  let j = 0;
  while (i < olds.length && j < news.length) {
    if (same(olds[i]!, news[j]!)) {
      pair(olds[i]!, news[j]!);
      i += 1;
      j += 1;
      continue;
    }
    let d = 1;
    for (; d <= RESYNC_WINDOW; d += 1) {
      if (j + d < news.length && same(olds[i]!, news[j + d]!)) {
        j += d;
        break;
      }
      if (i + d < olds.length && same(olds[i + d]!, news[j]!)) {
        i += d;
        break;
      }
    }
    if (d > RESYNC_WINDOW) {
      i += 1;
      j += 1;
    }
  }
}
