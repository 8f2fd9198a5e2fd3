import type { MarkerTable } from './markers.js';
import type { CutDiagnostic } from './unit.js';

/**
 * Duplicate ids (an error), and numbering that skips or goes backwards (warnings), among the
 * units that share an id scope: the articles of the whole document when their numbers run
 * through it, the clauses of one article, and so on. Children of a duplicated unit are checked
 * with the children of its first occurrence, since their ids collide too.
 *
 * Runs once per marker of a multi-megabyte document, hence the typed arrays: a number that
 * rises above every earlier one in its group cannot repeat a token, so the token map of a group
 * is only built when the numbering falls back or has no numbers (unnumbered headings, custom
 * printed numbers). `sameLevel` maps a rule to the first rule of its level, when two rules
 * share one.
 */
export function sequenceDiagnostics(
  markers: MarkerTable, finest: number, scopeOf: Int32Array, tokenOf: (k: number) => string, idOf: (k: number) => string, label: (k: number) => string,
  sameLevel?: Int32Array,
): CutDiagnostic[] {
  const out: CutDiagnostic[] = [];
  const n = markers.length;
  const rules = finest + 1;
  const canonical = new Int32Array(n);
  const groupOf = new Int32Array(n).fill(-1);
  // The group of (scope, rule) at slot[(scope + 1) * rules + rule], plus one (0: none yet): a
  // typed array, not a Map, so that ~25,000 groups make no garbage.
  const slot = new Int32Array((n + 1) * rules);
  // Per group (at most one per marker): first and last member, highest number so far (n, sub);
  // token map when needed.
  const first = new Int32Array(n);
  const last = new Int32Array(n);
  const maxN = new Int32Array(n);
  const maxSub = new Int32Array(n);
  const tokens = new Map<number, Map<string, number>>();
  let groups = 0;

  for (let k = 0; k < n; k += 1) {
    canonical[k] = k;
    let r = markers.rule[k]!;
    if (r > finest) continue;
    // Two rules of one level (en-legal's "Amendment XIV" and a bare "XIV" under "Amendments")
    // number one sequence and share one set of ids.
    if (sameLevel !== undefined) r = sameLevel[r]!;
    const scope = scopeOf[k]!;
    const at = (scope < 0 ? 0 : canonical[scope]! + 1) * rules + r;
    let g = slot[at]! - 1;
    if (g < 0) {
      g = groups;
      groups += 1;
      slot[at] = g + 1;
      first[g] = k;
      last[g] = -1;
      maxN[g] = -1;
      maxSub[g] = -1;
    }
    groupOf[k] = g;
    const vn = markers.n[k]!;
    const vsub = markers.sub[k]!;
    const rises = vsub >= 0 && (vn > maxN[g]! || (vn === maxN[g]! && vsub > maxSub[g]!));
    let map = tokens.get(g);
    if (!rises && map === undefined) {
      map = new Map();
      for (let j = first[g]!; j < k; j += 1) if (groupOf[j] === g && canonical[j] === j) map.set(tokenOf(j), j);
      tokens.set(g, map);
    }
    if (map !== undefined) {
      const token = tokenOf(k);
      const earlier = map.get(token);
      if (earlier !== undefined) {
        canonical[k] = earlier;
        out.push({
          severity: 'error', code: 'duplicate_id', line: markers.line[k]!, column: markers.column[k]!,
          message: `${idOf(k)} is given twice (first at line ${markers.line[earlier]}): two units print the same number; renumber one of them`,
        });
        continue;
      }
      map.set(token, k);
    }
    if (vsub < 0) continue;
    const problem = sequenceProblem(markers, last[g]!, k, label);
    if (problem) out.push({ severity: 'warning', code: problem.code, message: problem.message, line: markers.line[k]!, column: markers.column[k]! });
    last[g] = k;
    if (rises) {
      maxN[g] = vn;
      maxSub[g] = vsub;
    }
  }
  return out;
}

/** Whether marker `k` continues the sequence after `prev` (-1: it is the first of its group). */
function sequenceProblem(markers: MarkerTable, prev: number, k: number, label: (k: number) => string): { code: string; message: string } | undefined {
  const vn = markers.n[k]!;
  const vsub = markers.sub[k]!;
  if (prev < 0) {
    return vn === 1 && vsub === 0 ? undefined : { code: 'numbering_skip', message: `${label(k)} is the first of its kind here; numbering usually starts at 1 (or a, I)` };
  }
  const pn = markers.n[prev]!;
  const psub = markers.sub[prev]!;
  if (vn < pn || (vn === pn && vsub < psub)) return { code: 'numbering_backwards', message: `${label(k)} comes after ${label(prev)}: the numbering goes backwards` };
  const follows = (vn === pn + 1 && vsub === 0) || (vn === pn && vsub === psub + 1);
  if (!follows && (vn > pn || vsub > psub)) return { code: 'numbering_skip', message: `${label(k)} comes after ${label(prev)}: a number is skipped` };
  return undefined;
}
