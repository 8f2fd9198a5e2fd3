import type { CutDiagnostic, SegmentResult } from '../../cut/unit.js';
import { check, type Phase } from '../phase.js';
import { changesetFor } from '../cut-and-compare.js';
import type { GateCheck } from '../views.js';
import type { DiscoverResult } from './discover.js';
import type { IdentifyResult } from './identify.js';

export interface ValidateResult {
  readonly checks: readonly GateCheck[];
  readonly warnings: readonly CutDiagnostic[];
}

/** Phase 6 (gate G1): the cut is lossless, its ids are sound, and the plan's policy holds. */
export const validate: Phase<ValidateResult> = {
  name: 'validate',
  async run(ctx) {
    const { plan } = ctx;
    const { document, units: existing } = await ctx.result<DiscoverResult>('discover');
    const cut = await ctx.result<SegmentResult>('segment');
    const ids = await ctx.result<IdentifyResult>('identify');

    const joined = cut.units.map((u) => u.text).join('');
    const firstDiff = firstDifference(joined, document.body);
    const errors = cut.diagnostics.filter((d) => d.severity === 'error');
    const changeset = changesetFor(existing, cut);
    const active = existing.filter((u) => u.status === 'active').length;
    const retireRatio = active === 0 ? 0 : changeset.summary.retire / active;

    const checks: GateCheck[] = [
      check('lossless', firstDiff < 0, firstDiff < 0
        ? `${cut.units.length} units concatenate to the source byte for byte (${document.body.length} characters)`
        : `the units differ from the source at character ${firstDiff}`),
      check('unique-ids', ids.duplicates.length === 0, ids.duplicates.length === 0
        ? 'every unit id is unique'
        : `duplicate ids: ${ids.duplicates.map((d) => `${d.id} (lines ${d.lines.join(', ')})`).join('; ')}`),
      check('unambiguous-ids', ids.collisions.length === 0 && ids.malformed.length === 0,
        ids.collisions.length === 0 && ids.malformed.length === 0
          ? 'ids are ASCII and distinct regardless of letter case'
          : [...ids.collisions.map((c) => `ids differ only in case: ${c.ids.join(', ')}`), ...ids.malformed.map((id) => `malformed id ${id}`)].join('; ')),
      check('cut-errors', errors.length === 0, errors.length === 0
        ? 'the cut reported no errors'
        : errors.map((d) => `line ${d.line}:${d.column} ${d.message}`).join('; ')),
      check('max-units', cut.units.length <= plan.policy.maxUnits,
        `${cut.units.length} units (policy maxUnits ${plan.policy.maxUnits})`),
      check('max-retire-ratio', retireRatio <= plan.policy.maxRetireRatio,
        `${changeset.summary.retire} of ${active} active units would retire (${percent(retireRatio)}; policy maxRetireRatio ${percent(plan.policy.maxRetireRatio)})`),
    ];
    return {
      result: { checks, warnings: cut.diagnostics.filter((d) => d.severity === 'warning') },
      gate: { kind: 'automatic', gate: 'G1', checks },
    };
  },
};

function firstDifference(a: string, b: string): number {
  if (a === b) return -1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return n;
}

function percent(x: number): string {
  return `${(x * 100).toFixed(1).replace(/\.0$/, '')}%`;
}
