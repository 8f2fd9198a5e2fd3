import type { SegmentResult } from '../../cut/unit.js';
import type { HubUnit } from '../../discovery/facts.js';
import { check, type Phase } from '../phase.js';
import type { GateCheck } from '../views.js';
import type { DiscoverResult } from './discover.js';
import type { ExecuteResult } from './execute.js';
import type { RebaseResult } from './rebase.js';

export interface VerifyResult {
  readonly checks: readonly GateCheck[];
  readonly activeCount: number;
  readonly retiredCount: number;
}

const LISTED = 5;

/**
 * Phase 10 (gate G2): read the units back from where execution wrote them and compare with the
 * planned end state: every cut unit active with its text and place, every unit that left the
 * document retired, and nothing else active under the prefix.
 */
export const verify: Phase<VerifyResult> = {
  name: 'verify',
  async run(ctx) {
    const { plan, deps } = ctx;
    const executed = await ctx.result<ExecuteResult>('execute');
    let readBack: HubUnit[];
    if (executed.target === 'simulator') {
      if (!deps.simulator.isSeeded(plan.document)) deps.simulator.importState(executed.simulator!);
      readBack = await deps.simulator.readUnits(plan.document, plan.prefix);
    } else {
      readBack = await deps.discoverer.readUnits(plan.document, plan.prefix);
    }
    const { units: planned } = await ctx.result<SegmentResult>('segment');
    const { units: existing } = await ctx.result<DiscoverResult>('discover');

    const byId = new Map(readBack.map((u) => [u.iuId, u]));
    const plannedIds = new Set(planned.map((u) => u.id));
    const missing = planned.filter((u) => byId.get(u.id)?.status !== 'active').map((u) => u.id);
    const wrongText = planned.filter((u) => { const r = byId.get(u.id); return r && r.contentSha256 !== u.sha256; }).map((u) => u.id);
    const wrongPlace = planned
      .filter((u) => { const r = byId.get(u.id); return r && (r.ordinal !== u.ordinal || r.path !== u.path); })
      .map((u) => u.id);
    const shouldRetire = existing.filter((u) => u.status === 'active' && !plannedIds.has(u.iuId)).map((u) => u.iuId);
    const notRetired = shouldRetire.filter((id) => byId.get(id)?.status !== 'retired');
    const extra = readBack.filter((u) => u.status === 'active' && !plannedIds.has(u.iuId)).map((u) => u.iuId);
    // Units no operation touched must read back as discovered (a retired unit stays as it was).
    const { operations } = await ctx.result<RebaseResult>('rebase');
    const touched = new Set(operations.map((o) => o.iuId));
    const seen = new Map(existing.map((u) => [u.iuId, u]));
    const changedElsewhere = readBack
      .filter((u) => !touched.has(u.iuId) && !plannedIds.has(u.iuId))
      .filter((u) => { const b = seen.get(u.iuId); return !b || b.contentSha256 !== u.contentSha256 || b.status !== u.status || b.path !== u.path || b.ordinal !== u.ordinal; })
      .map((u) => u.iuId);

    const checks: GateCheck[] = [
      check('all-present', missing.length === 0, missing.length === 0 ? `all ${planned.length} planned units are active` : `not active: ${list(missing)}`),
      check('text-matches', wrongText.length === 0, wrongText.length === 0 ? 'every unit holds the text that was cut' : `other text: ${list(wrongText)}`),
      check('order-matches', wrongPlace.length === 0, wrongPlace.length === 0 ? 'every unit has its planned path and ordinal' : `other path or ordinal: ${list(wrongPlace)}`),
      check('retired', notRetired.length === 0, notRetired.length === 0 ? `${shouldRetire.length} units that left the document are retired` : `still active: ${list(notRetired)}`),
      check('nothing-else', extra.length === 0, extra.length === 0 ? 'no other active unit under the prefix' : `unplanned active units: ${list(extra)}`),
      check('untouched-unchanged', changedElsewhere.length === 0, changedElsewhere.length === 0
        ? 'no other unit under the prefix changed'
        : `changed outside the plan: ${list(changedElsewhere)}`),
    ];
    return {
      result: {
        checks,
        activeCount: readBack.filter((u) => u.status === 'active').length,
        retiredCount: readBack.filter((u) => u.status === 'retired').length,
      },
      gate: { kind: 'automatic', gate: 'G2', checks },
    };
  },
};

function list(ids: readonly string[]): string {
  return ids.length <= LISTED ? ids.join(', ') : `${ids.slice(0, LISTED).join(', ')} and ${ids.length - LISTED} more`;
}
