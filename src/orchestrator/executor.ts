import { CutterError } from '../errors.js';
import { plainHubUnit, type HubUnit } from '../discovery/facts.js';
import type { InMemoryDiscoverer } from '../discovery/in-memory-discoverer.js';
import { decide, type CurrentUnit, type Operation } from './operations.js';

export interface ExecutionInput {
  readonly documentId: string;
  readonly prefix: string;
  /** The document revision the operations were planned from; execution is refused on any other. */
  readonly sourceRevision: number;
  readonly operations: readonly Operation[];
  /**
   * The execution's journal token. A live target records it in the same transaction as the
   * operations, so that after a crash `committed(token)` tells, from the target itself, whether
   * they were committed.
   */
  readonly token: string;
  /** `sha256:` of the operations, recorded beside the token. */
  readonly operationsFingerprint: string;
}

/** Called inside the transaction once every write is done, before it commits. */
export interface ExecutionHooks {
  /** The run journals the outcomes here: after a crash past the commit they are read back from it. */
  beforeCommit?(outcomes: readonly OperationOutcome[]): Promise<void>;
}

export interface OperationOutcome {
  readonly op: Operation['op'];
  readonly iuId: string;
  readonly outcome: 'applied' | 'skipped';
}

/** Performs a run's operations against a target. Live implementations sit in src/hub/. */
export interface Executor {
  readonly target: 'simulator' | 'hub';
  /**
   * All operations in one transaction guarded by the revision and each unit's expected hash, with
   * `input.token` recorded inside it; a conflict rolls everything back (`execution_conflict`).
   */
  execute(input: ExecutionInput, hooks?: ExecutionHooks): Promise<OperationOutcome[]>;
  /** Whether the execution that recorded `token` committed, read from the target (never guessed). */
  committed(token: string): Promise<boolean>;
}

export function conflictError(documentId: string, reasons: string[]): CutterError {
  return new CutterError('execution_conflict', `execution of ${documentId} stopped: ${reasons.join('; ')}`, {
    hint: 'the hub changed while the run was waiting; start a new run with cutter apply',
    details: { reasons },
    exitCode: 4,
  });
}

/** A second execution under a token that already committed: refused, nothing written. */
export function alreadyCommitted(token: string): CutterError {
  return new CutterError('execution_already_committed', `execution ${token} has already been committed; it is never written twice`, {
    hint: 'cutter resume the run: it reads the committed execution back and goes on to verify',
    details: { token },
    exitCode: 4,
  });
}

/** Applies operations to the dry-run simulator, with the same guards as a live execution. */
export class SimulatorExecutor implements Executor {
  readonly target = 'simulator' as const;
  readonly #simulator: InMemoryDiscoverer;
  // The simulator's own journal; like the simulator it lives only as long as this process.
  readonly #tokens = new Set<string>();

  constructor(simulator: InMemoryDiscoverer) {
    this.#simulator = simulator;
  }

  async committed(token: string): Promise<boolean> {
    return this.#tokens.has(token);
  }

  async execute(input: ExecutionInput, hooks: ExecutionHooks = {}): Promise<OperationOutcome[]> {
    if (this.#tokens.has(input.token)) throw alreadyCommitted(input.token);
    const document = await this.#simulator.readDocument(input.documentId);
    const unit = (iuId: string): TargetUnit | undefined => {
      const u = this.#simulator.getUnit(iuId);
      return u && { documentId: u.documentId, prefix: u.prefix, sha256: u.contentSha256, status: u.status, ordinal: u.ordinal, heading: u.heading };
    };
    // Everything is decided before anything is written, so a conflict leaves the simulator
    // untouched, like a rolled-back transaction.
    const decided = decideAll(input, document?.revision ?? null, unit);
    const outcomes: OperationOutcome[] = decided.map(({ op, apply }) => ({ op: op.op, iuId: op.iuId, outcome: apply ? 'applied' : 'skipped' }));
    await hooks.beforeCommit?.(outcomes);
    for (const { op, apply } of decided) {
      if (apply) this.#simulator.putUnit(applyTo(this.#simulator.getUnit(op.iuId), op, input));
    }
    this.#tokens.add(input.token);
    return outcomes;
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
  // Copied field by field: the unit may be a view (plainHubUnit), whose fields a spread would not copy.
  if (op.op === 'retire') return { ...plainHubUnit(current!), status: 'retired' };
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
