import { CutterError } from '../errors.js';
import type { HubUnit } from '../discovery/facts.js';
import type { InMemoryDiscoverer } from '../discovery/in-memory-discoverer.js';
import { decide, type Operation } from './operations.js';

export interface ExecutionInput {
  readonly documentId: string;
  readonly prefix: string;
  /** The document revision the operations were planned from; execution is refused on any other. */
  readonly sourceRevision: number;
  readonly operations: readonly Operation[];
}

export interface OperationOutcome {
  readonly op: Operation['op'];
  readonly iuId: string;
  readonly outcome: 'applied' | 'skipped';
}

/** Performs a run's operations against a target. Live implementations sit in src/hub/. */
export interface Executor {
  readonly target: 'simulator' | 'hub';
  execute(input: ExecutionInput): Promise<OperationOutcome[]>;
}

export function conflictError(documentId: string, reasons: string[]): CutterError {
  return new CutterError('execution_conflict', `execution of ${documentId} stopped: ${reasons.join('; ')}`, {
    hint: 'the hub changed while the run was waiting; start a new run with cutter apply',
    details: { reasons },
    exitCode: 4,
  });
}

/** Applies operations to the dry-run simulator, with the same guards as a live execution. */
export class SimulatorExecutor implements Executor {
  readonly target = 'simulator' as const;
  readonly #simulator: InMemoryDiscoverer;

  constructor(simulator: InMemoryDiscoverer) {
    this.#simulator = simulator;
  }

  async execute(input: ExecutionInput): Promise<OperationOutcome[]> {
    const document = await this.#simulator.readDocument(input.documentId);
    if (!document || document.revision !== input.sourceRevision) {
      throw conflictError(input.documentId, [
        `the document is at revision ${document?.revision ?? 'none'}, the operations were planned from revision ${input.sourceRevision}`,
      ]);
    }
    // Decide every operation first, so a conflict leaves the simulator untouched (like a rolled-back transaction).
    const decisions = input.operations.map((op) => {
      const u = this.#simulator.getUnit(op.iuId);
      return { op, decision: decide(op, u && { sha256: u.contentSha256, status: u.status, ordinal: u.ordinal, heading: u.heading }) };
    });
    const conflicts = decisions.flatMap(({ decision }) => (decision.action === 'conflict' ? [decision.reason] : []));
    if (conflicts.length > 0) throw conflictError(input.documentId, conflicts);
    return decisions.map(({ op, decision }) => {
      if (decision.action === 'apply') this.#simulator.putUnit(applyTo(this.#simulator.getUnit(op.iuId), op, input));
      return { op: op.op, iuId: op.iuId, outcome: decision.action === 'apply' ? 'applied' : 'skipped' };
    });
  }
}

function applyTo(current: HubUnit | undefined, op: Operation, input: ExecutionInput): HubUnit {
  if (op.op === 'retire') return { ...current!, status: 'retired' };
  return {
    iuId: op.iuId,
    documentId: input.documentId,
    prefix: input.prefix,
    path: op.path,
    ordinal: op.ordinal,
    heading: op.heading,
    body: op.body,
    contentSha256: op.sha256,
    sourceRevision: input.sourceRevision,
    status: 'active',
  };
}
