/**
 * Which paired units left their place: those outside the longest run of pairs that keeps the
 * old order. An insertion or a deletion shifts units without taking any out of that run, so
 * only a real move (a unit taken from one place and put in another) is flagged.
 *
 * `oldOf[n]` is the old index paired with new index `n`, or -1. O(n log n).
 */
export function movedFlags(oldOf: Int32Array): Uint8Array {
  const moved = new Uint8Array(oldOf.length);
  if (increasing(oldOf)) return moved;
  // Patience sorting: tails[k] is the new index ending the best increasing run of length k+1.
  const tails: number[] = [];
  const previous = new Int32Array(oldOf.length).fill(-1);
  for (let n = 0; n < oldOf.length; n += 1) {
    const o = oldOf[n]!;
    if (o < 0) continue;
    moved[n] = 1;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (oldOf[tails[mid]!]! < o) lo = mid + 1;
      else hi = mid;
    }
    previous[n] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = n;
  }
  for (let n = tails.length > 0 ? tails[tails.length - 1]! : -1; n >= 0; n = previous[n]!) moved[n] = 0;
  return moved;
}

/**
 * Where each unpaired old unit (a retirement) goes in the candidate's order: after the entry of
 * the nearest old unit before it that stayed in place, or before everything (key -1). So a
 * deletion in the middle of a law is shown in the middle, not at the end.
 */
export function retirementAnchors(oldCount: number, newOfOld: Int32Array, moved: Uint8Array): Map<number, number[]> {
  const anchors = new Map<number, number[]>();
  let anchor = -1;
  for (let o = 0; o < oldCount; o += 1) {
    const n = newOfOld[o]!;
    if (n >= 0) {
      if (!moved[n]) anchor = n;
      continue;
    }
    const list = anchors.get(anchor);
    if (list) list.push(o);
    else anchors.set(anchor, [o]);
  }
  return anchors;
}

/** The usual case, checked first: nothing moved, so the longest run is every pair. */
function increasing(oldOf: Int32Array): boolean {
  let last = -1;
  for (let n = 0; n < oldOf.length; n += 1) {
    const o = oldOf[n]!;
    if (o < 0) continue;
    if (o < last) return false;
    last = o;
  }
  return true;
}
