import type { LocatedYaml, Problem } from './located-yaml.js';
import type { Mode, PinnedApproval, Plan, SovereignGate } from './plan.js';
import type { RawPlan } from './load-plan.js';

/**
 * A batch plan (DESIGN §3): several documents driven as one run, each sovereign gate showing all
 * of them and passed by one approval. Every document is a whole `Plan`, with the shared fields
 * filled in, so the phases run on it exactly as on a plan of one document.
 */
export interface BatchPlan {
  readonly version: 1;
  readonly mode: Mode;
  readonly source: string;
  /** Pinned approvals of the batch's gates (the documents' own `approvals` are empty). */
  readonly approvals: Readonly<Partial<Record<SovereignGate, PinnedApproval>>>;
  /** In the plan's order, which is also the order of live writes. */
  readonly documents: readonly Plan[];
}

export interface RawBatchDocument {
  document: string;
  prefix: string;
  cut?: RawPlan['cut'];
  policy?: RawPlan['policy'];
}

type CutChecker = (cut: NonNullable<RawPlan['cut']>, base: string) => { cut?: Plan['cut']; problems: Problem[] };

const DEFAULT_POLICY = { maxUnits: 5000, maxRetireRatio: 0.2 };

/**
 * Checks the batch form on top of the schema's problems and builds the BatchPlan when there are
 * none. Each problem is located: a document or prefix listed twice, a prefix whose ids another
 * prefix's ids would start with (`ICX` and `ICX-CONST`: is `ICX-CONST-D1` unit `CONST-D1` of the
 * first or `D1` of the second?), and every cut problem of every document.
 */
export function batchOf(
  file: string, yaml: LocatedYaml, raw: RawPlan, schemaProblems: readonly Problem[], checkCut: CutChecker,
): { file: string; batch?: BatchPlan; problems: Problem[] } {
  const problems: Problem[] = [...schemaProblems];
  const at = (pointer: string, message: string): void => {
    problems.push({ file, ...yaml.locate(pointer), pointer, message, severity: 'error' });
  };
  for (const key of ['document', 'prefix'] as const) {
    if (raw[key] !== undefined) at(`/${key}`, `a batch plan lists its documents under documents:; move ${key} into one of its entries`);
  }
  const sound = (base: string): boolean => !schemaProblems.some((p) => p.pointer === '' || p.pointer === base || p.pointer.startsWith(`${base}/`));
  const shared = raw.cut !== undefined && sound('/cut') ? checkCut(raw.cut, '/cut') : raw.cut === undefined ? checkCut({}, '/cut') : { problems: [] };
  problems.push(...shared.problems);

  const docs = raw.documents ?? [];
  const cuts = docs.map((d, i) => {
    if (typeof d !== 'object' || d === null || d.cut === undefined) return shared.cut;
    const base = `/documents/${i}/cut`;
    if (!sound(base)) return undefined;
    const checked = checkCut(d.cut, base);
    problems.push(...checked.problems);
    return checked.cut;
  });

  const firstAt = new Map<string, number>();
  const where = (i: number, field: string): string => {
    const { line } = yaml.locate(`/documents/${i}/${field}`);
    return `/documents/${i} (line ${line})`;
  };
  docs.forEach((d, i) => {
    if (typeof d?.document !== 'string') return;
    const seen = firstAt.get(`document:${d.document}`);
    if (seen !== undefined) at(`/documents/${i}/document`, `document ${d.document} is already in this batch at ${where(seen, 'document')}; list each document once`);
    else firstAt.set(`document:${d.document}`, i);
  });
  // Each prefix once, where it first appears: a repeat is reported as a repeat, not twice more.
  const firstPrefix = new Map<string, number>();
  docs.forEach((d, i) => {
    if (typeof d?.prefix === 'string' && !firstPrefix.has(d.prefix)) firstPrefix.set(d.prefix, i);
  });
  docs.forEach((d, i) => {
    if (typeof d?.prefix !== 'string') return;
    const seen = firstAt.get(`prefix:${d.prefix}`);
    if (seen !== undefined) {
      at(`/documents/${i}/prefix`, `prefix ${d.prefix} is already used by ${docs[seen]!.document} at ${where(seen, 'prefix')}; each document needs its own prefix`);
      return;
    }
    firstAt.set(`prefix:${d.prefix}`, i);
    firstPrefix.forEach((j, prefix) => {
      const other = docs[j]!;
      if (j === i || !d.prefix.startsWith(`${prefix}-`)) return;
      at(`/documents/${i}/prefix`, `the ids of ${d.prefix} (${d.prefix}-…) also start with ${other.prefix}-, the prefix of ${other.document} at ${where(j, 'prefix')}: ` +
        'their units could not be told apart; choose prefixes where neither is the start of the other');
    });
  });

  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  if (problems.length > 0 || cuts.some((c) => c === undefined)) return { file, problems };
  const mode = raw.mode ?? 'dryrun';
  const source = raw.source ?? 'embedded';
  return {
    file,
    problems,
    batch: {
      version: 1, mode, source, approvals: raw.approvals ?? {},
      documents: docs.map((d, i) => ({
        version: 1, document: d.document, prefix: d.prefix, mode, source, cut: cuts[i]!,
        policy: { ...DEFAULT_POLICY, ...stripUndefined(raw.policy), ...stripUndefined(d.policy) },
        approvals: {},
      })),
    },
  };
}

function stripUndefined<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
