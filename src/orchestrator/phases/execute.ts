import { randomUUID } from 'node:crypto';
import { crashPoint } from '../../crash-point.js';
import { fingerprintOf } from '../../diff/fingerprint.js';
import { CutterError, refusal } from '../../errors.js';
import type { SimulatorState } from '../../discovery/live-dry-run-discoverer.js';
import { SimulatorExecutor, type Executor, type OperationOutcome } from '../executor.js';
import { knownHubUnits } from '../cut-and-compare.js';
import type { Phase, RunJournal } from '../phase.js';
import type { RebaseResult } from './rebase.js';
import type { DiscoverResult } from './discover.js';
import { currentDocument, driftOutside, type Snapshot } from './snapshot.js';

export interface ExecuteResult {
  readonly target: 'simulator' | 'hub';
  readonly outcomes: readonly OperationOutcome[];
  /** Dry run: the simulator after execution, so verification can resume in another process. */
  readonly simulator: SimulatorState | null;
  /** The journal token recorded with the operations; null when there was nothing to execute. */
  readonly token?: string | null;
}

/** The first journal entry: written before the transaction opens. */
export interface ExecutionIntent {
  readonly token: string;
  readonly operationsFingerprint: string;
  readonly target: 'simulator' | 'hub';
}

/** The second: written inside the transaction, before its commit. */
export interface ExecutionJournalOutcomes {
  readonly token: string;
  readonly outcomes: readonly OperationOutcome[];
}

const INTENT = '09-execute-intent';
const OUTCOMES = '09-execute-outcomes';

/**
 * Phase 9: perform the operations. Dry run writes only to the simulator seeded from the live
 * (read-only) facts; live mode writes through the source's executor, in one transaction.
 *
 * The journal makes a crash anywhere harmless: the intent (a token and the operations'
 * fingerprint) is persisted before the transaction; the token is written to the hub inside it,
 * and the outcomes to the run just before the commit. On a re-run the hub is asked whether the
 * token committed: if it did, the journaled outcomes are the result and nothing is written again;
 * if not, nothing of it reached the hub and the same operations execute under the same token.
 */
export const execute: Phase<ExecuteResult> = {
  name: 'execute',
  async run(ctx) {
    const { plan, deps } = ctx;
    const { operations } = await ctx.result<RebaseResult>('rebase');
    const snap = await ctx.result<Snapshot>('snapshot');
    // G0 checked this when the run started; check again because a run can be resumed under
    // another configuration (an operator may have disabled execution since).
    if (plan.mode === 'live' && (!deps.executionEnabled || !deps.liveExecutor)) {
      throw refusal('execution_disabled', 'live execution is refused: execution is disabled or the source has no live executor', {
        hint: 'have the operator set execution.enabled: true in cutter.config.yaml (or CUTTER_EXECUTION_ENABLED=1), then cutter resume this run',
      });
    }
    const target = plan.mode === 'live' ? 'hub' : 'simulator';
    // Nothing to do: no transaction, no token, nothing written.
    if (operations.length === 0) return { result: { target, outcomes: [], simulator: null, token: null } };
    const journal = ctx.journal;
    if (!journal) throw new Error('execute runs only inside a persisted run');

    const operationsFingerprint = fingerprintOf(operations);
    let intent = await journal.read<ExecutionIntent>(INTENT);
    if (intent && intent.operationsFingerprint !== operationsFingerprint) {
      throw new CutterError('execution_journal_mismatch', 'the execution journal of this run records other operations than the run holds', {
        hint: 'the run folder was changed by hand; start a new run with cutter apply', details: { journal: intent, operationsFingerprint },
      });
    }
    // Only the hub can have committed an earlier attempt: the simulator is made afresh in every
    // process, so after a crash a dry run simply executes again on a new one.
    const hub = target === 'hub' ? deps.liveExecutor! : null;
    if (intent && hub && (await hub.committed(intent.token))) {
      return { result: { target, outcomes: await committedOutcomes(journal, intent.token), simulator: null, token: intent.token } };
    }

    // Anything that moved since the discovery voids SG_2, even a unit no operation touches. The
    // units the operations touch are left to their own guards (checked again inside the write).
    const discovered = await ctx.result<DiscoverResult>('discover');
    // The document's text is not read again, only its hash (the server takes it where it can).
    const document = await currentDocument(deps.discoverer, plan.document, snap);
    const touched = new Set(operations.map((o) => o.iuId));
    // Bodies discovery read are not read again (issue 14): only those of units changed since.
    const now = document ? await deps.discoverer.readUnits(plan.document, plan.prefix, { knownUnits: knownHubUnits(discovered.units) }) : [];
    const drift = document
      ? driftOutside(snap, discovered.units, document, now, touched)
      : [`document ${plan.document} is no longer in the hub`];
    if (drift.length > 0) {
      return { result: { target, outcomes: [], simulator: null, token: null }, gate: { kind: 'stale', gate: 'SG_2', reasons: drift, delta: null } };
    }
    if (!intent) {
      intent = { token: randomUUID(), operationsFingerprint, target };
      await journal.write(INTENT, intent);
    }
    const token = intent.token;
    // A dry run's simulator starts from the live facts just read (not read a second time).
    // With no drift the hub's text is the one discovery read (same hash), so that one is taken.
    if (!hub && !deps.simulator.isSeeded(plan.document)) {
      const { id, title, revision, status } = document!;
      deps.simulator.importState({ document: { id, title, body: discovered.document.body, revision, status }, prefix: plan.prefix, units: now });
    }
    const simulator = hub ? null : await deps.simulator.seed(plan.document);
    const executor: Executor = simulator ? new SimulatorExecutor(simulator) : hub!;
    const input = { documentId: plan.document, prefix: plan.prefix, sourceRevision: snap.revision, operations, token, operationsFingerprint };
    try {
      if (target === 'hub') crashPoint('before-transaction');
      const outcomes = await executor.execute(input, {
        beforeCommit: (o) => journal.write(OUTCOMES, { token, outcomes: o } satisfies ExecutionJournalOutcomes),
      });
      if (target === 'hub') crashPoint('after-commit');
      return { result: { target, outcomes, simulator: simulator ? await deps.simulator.exportState(plan.document) : null, token } };
    } catch (e) {
      // The hub moved between SG_2 and execution: nothing was written (the transaction rolled
      // back), and the SG_2 approval no longer describes what would be done.
      if (!(e instanceof CutterError) || e.code !== 'execution_conflict') throw e;
      const reasons = (e.details['reasons'] as string[] | undefined) ?? [e.message];
      return { result: { target, outcomes: [], simulator: null, token: null }, gate: { kind: 'stale', gate: 'SG_2', reasons, delta: null } };
    }
  },
};

async function committedOutcomes(journal: RunJournal, token: string): Promise<readonly OperationOutcome[]> {
  const entry = await journal.read<ExecutionJournalOutcomes>(OUTCOMES);
  // The outcomes are journaled before the commit, so a committed token without them means the
  // run's state was lost or edited: say so rather than guess what was written.
  if (!entry || entry.token !== token) {
    throw new CutterError('execution_journal_incomplete', `execution ${token} committed on the hub, but this run's journal does not hold its outcomes`, {
      hint: 'the run state was changed or lost after the commit; the hub holds the writes: check it with cutter plan, which shows no changes when they are complete',
      details: { token },
    });
  }
  return entry.outcomes;
}
