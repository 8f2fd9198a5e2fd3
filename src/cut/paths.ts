import type { MarkerTable } from './markers.js';
import type { MarkerRule } from './profiles/profile.js';

/**
 * Which ancestors enter a unit's id, in the spirit of Akoma Ntoso's naming: only as much of the
 * path as makes the id unique. An `always` ancestor (an article above its clauses) is always in;
 * an `on-restart` ancestor (a chapter above its articles) only when the numbering of that level
 * restarts in every such ancestor: `D44` in a law whose articles run through the document,
 * `C2-D1` in one that starts again at Điều 1 in each chapter.
 */
export class IdScopes {
  readonly #markers: MarkerTable;
  readonly #rules: readonly MarkerRule[];
  readonly #restarts: Set<number>;

  constructor(markers: MarkerTable, rules: readonly MarkerRule[], finest: number) {
    this.#markers = markers;
    this.#rules = rules;
    this.#restarts = findRestarts(markers, rules, finest);
  }

  /** The nearest ancestor of marker `k` whose path enters `k`'s id, or -1. */
  of(k: number): number {
    const { rule: ruleOf, parent: parentOf } = this.#markers;
    const r = ruleOf[k]!;
    let a = parentOf[k]!;
    while (a >= 0 && this.#rules[ruleOf[a]!]!.childIds !== 'always' && !this.#restarts.has(restartKey(r, ruleOf[a]!))) a = parentOf[a]!;
    return a;
  }
}

const restartKey = (child: number, container: number): number => child * 256 + container;

/**
 * The (child level, container level) pairs whose numbering starts again in every container:
 * at least two containers hold children of that level, and every one after the first starts at
 * the first number. A single mistake ("Điều 5" twice) is not a restart: it stays a duplicate.
 */
function findRestarts(markers: MarkerTable, rules: readonly MarkerRule[], finest: number): Set<number> {
  const seen = new Map<number, { containers: Set<number>; allRestart: boolean }>();
  const { rule: ruleOf, parent: parentOf } = markers;
  for (let k = 0; k < markers.length; k += 1) {
    const r = ruleOf[k]!;
    if (r > finest) continue;
    for (let a = parentOf[k]!; a >= 0; a = parentOf[a]!) {
      if (rules[ruleOf[a]!]!.childIds !== 'on-restart') break;
      const key = restartKey(r, ruleOf[a]!);
      let entry = seen.get(key);
      if (!entry) {
        entry = { containers: new Set(), allRestart: true };
        seen.set(key, entry);
      }
      if (entry.containers.has(a)) continue;
      entry.containers.add(a);
      // Not a restart unless this container's first child is number one (1, a, I).
      if (entry.containers.size > 1 && !(markers.n[k] === 1 && markers.sub[k] === 0)) entry.allRestart = false;
    }
  }
  const out = new Set<number>();
  for (const [key, entry] of seen) if (entry.containers.size >= 2 && entry.allRestart) out.add(key);
  return out;
}
