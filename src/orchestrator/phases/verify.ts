import type { SegmentResult, Unit } from '../../cut/unit.js';
import type { HubUnit } from '../../discovery/facts.js';
import { itemFinder } from '../id-finder.js';
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

    const { operations } = await ctx.result<RebaseResult>('rebase');
    const checks = endStateChecks(planned, existing, readBack, new Set(operations.map((o) => o.iuId)));
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

/**
 * G2's checks of the units read back against the cut (`planned`) and what discovery saw
 * (`existing`); `touched`: the ids the operations wrote.
 *
 * Ids are unique in each list (discovery refuses a unit read twice, the simulator is a map, a cut
 * with a duplicate id fails G1) and the lists are in document order: each pass looks units up
 * where it expects them (idFinder), not in maps of 100,000 ids. A pass asks in its own order, so
 * each has its own finders.
 */
export function endStateChecks(
  planned: readonly Unit[], existing: readonly HubUnit[], readBack: readonly HubUnit[], touched: ReadonlySet<string>,
): GateCheck[] {
  const missing: string[] = [];
  const wrongText: string[] = [];
  const wrongPlace: string[] = [];
  const readBackOfPlanned = itemFinder(readBack, (u) => u.iuId);
  for (const u of planned) {
    const r = readBackOfPlanned(u.id);
    if (r?.status !== 'active') missing.push(u.id);
    if (r && r.contentSha256 !== u.sha256) wrongText.push(u.id);
    if (r && (r.ordinal !== u.ordinal || r.path !== u.path)) wrongPlace.push(u.id);
  }

  const shouldRetire: string[] = [];
  const notRetired: string[] = [];
  const plannedOfExisting = itemFinder(planned, (u) => u.id);
  const readBackOfExisting = itemFinder(readBack, (u) => u.iuId);
  for (const u of existing) {
    if (u.status !== 'active' || plannedOfExisting(u.iuId)) continue;
    shouldRetire.push(u.iuId);
    if (readBackOfExisting(u.iuId)?.status !== 'retired') notRetired.push(u.iuId);
  }

  const extra: string[] = [];
  const changedElsewhere: string[] = [];
  const plannedOfReadBack = itemFinder(planned, (u) => u.id);
  // Units no operation touched must read back as discovered (a retired unit stays as it was).
  const discoveredOf = itemFinder(existing, (u) => u.iuId);
  for (const u of readBack) {
    if (plannedOfReadBack(u.iuId)) continue;
    if (u.status === 'active') extra.push(u.iuId);
    if (touched.has(u.iuId)) continue;
    const b = discoveredOf(u.iuId);
    if (!b || b.contentSha256 !== u.contentSha256 || b.status !== u.status || b.path !== u.path || b.ordinal !== u.ordinal) changedElsewhere.push(u.iuId);
  }

  return [
    check('all-present', missing.length === 0, missing.length === 0 ? `all ${planned.length} planned units are active` : `not active: ${list(missing)}`),
    check('text-matches', wrongText.length === 0, wrongText.length === 0 ? 'every unit holds the text that was cut' : `other text: ${list(wrongText)}`),
    check('order-matches', wrongPlace.length === 0, wrongPlace.length === 0 ? 'every unit has its planned path and ordinal' : `other path or ordinal: ${list(wrongPlace)}`),
    check('retired', notRetired.length === 0, notRetired.length === 0 ? `${shouldRetire.length} units that left the document are retired` : `still active: ${list(notRetired)}`),
    check('nothing-else', extra.length === 0, extra.length === 0 ? 'no other active unit under the prefix' : `unplanned active units: ${list(extra)}`),
    check('untouched-unchanged', changedElsewhere.length === 0, changedElsewhere.length === 0
      ? 'no other unit under the prefix changed'
      : `changed outside the plan: ${list(changedElsewhere)}`),
  ];
}

function list(ids: readonly string[]): string {
  return ids.length <= LISTED ? ids.join(', ') : `${ids.slice(0, LISTED).join(', ')} and ${ids.length - LISTED} more`;
}
