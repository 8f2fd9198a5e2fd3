import { CutterError } from '../errors.js';
import type { HubUnit } from '../discovery/facts.js';
import type { InMemoryDiscoverer } from '../discovery/in-memory-discoverer.js';
import { decide, type CurrentUnit, type Operation } from './operations.js';

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
    const unit = (iuId: string): TargetUnit | undefined => {
      const u = this.#simulator.getUnit(iuId);
      return u && { documentId: u.documentId, prefix: u.prefix, sha256: u.contentSha256, status: u.status, ordinal: u.ordinal, heading: u.heading };
    };
    // Everything is decided before anything is written, so a conflict leaves the simulator
    // untouched, like a rolled-back transaction.
    return decideAll(input, document?.revision ?? null, unit).map(({ op, apply }) => {
      if (apply) this.#simulator.putUnit(applyTo(this.#simulator.getUnit(op.iuId), op, input));
      return { op: op.op, iuId: op.iuId, outcome: apply ? 'applied' : 'skipped' };
    });
  }
}

/** A unit an operation may touch, as the execution target holds it now. */
export interface TargetUnit extends CurrentUnit {
  readonly documentId: string;
  readonly prefix: string;
}

/**
 * The guard every executor applies: the document must be at the revision the operations were
 * planned from, and every unit they touch must belong to this document and prefix and be in a
 * state `decide` accepts. Returns, in order, whether each operation applies (false: already in
 * place); throws one conflict naming every reason.
 */
export function decideAll(
  input: ExecutionInput, revision: number | null, unit: (iuId: string) => TargetUnit | undefined,
): { readonly op: Operation; readonly apply: boolean }[] {
  if (revision !== input.sourceRevision) {
    throw conflictError(input.documentId, [
      `the document is at revision ${revision ?? 'none'}, the operations were planned from revision ${input.sourceRevision}`,
    ]);
  }
  const conflicts: string[] = [];
  const decided = input.operations.map((op) => {
    const current = unit(op.iuId);
    if (current && (current.documentId !== input.documentId || current.prefix !== input.prefix)) {
      conflicts.push(`${op.iuId} belongs to ${current.documentId} (${current.prefix})`);
    }
    const d = decide(op, current);
    if (d.action === 'conflict') conflicts.push(d.reason);
    return { op, apply: d.action === 'apply' };
  });
  if (conflicts.length > 0) throw conflictError(input.documentId, conflicts);
  return decided;
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
