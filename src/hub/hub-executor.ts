import { crashPoint } from '../crash-point.js';
import type { Row } from '../discovery/select.js';
import {
  alreadyCommitted, conflictError, decideAll, type ExecutionHooks, type ExecutionInput, type Executor, type OperationOutcome,
  type TargetUnit,
} from '../orchestrator/executor.js';
import type { Operation } from '../orchestrator/operations.js';
import type { WriteStatementName } from '../plan/config.js';
import type { HubErrorContext } from './database-errors.js';
import { bindNamedParams } from './read-only-sql.js';
import { toWriteError } from './write/write-errors.js';
import { DEFAULT_WRITES, WRITE_NEEDS, type WriteStatements } from './write/write-statements.js';
import { CutterError } from '../errors.js';

/** What one statement inside a write transaction returns. */
export interface WriteResult {
  readonly rows: Row[];
  /** Rows inserted, updated or locked. */
  readonly rowCount: number;
}

/** One statement inside a write transaction, with positional parameters. */
export type WriteQuery = (sql: string, params: readonly unknown[]) => Promise<WriteResult>;

/** Runs `body` in one transaction: committed if it returns, rolled back if it throws. */
export type Transactor = <T>(body: (query: WriteQuery) => Promise<T>) => Promise<T>;

/** The write side of a hub: the executor never sees anything else of it. */
export interface HubWriteSide {
  /** Read-write transactions, with the source's statement and lock timeouts. */
  readonly transact: Transactor;
  /** One read outside any write transaction (read-only), for `committed`. */
  readonly read: (sql: string, params: readonly unknown[]) => Promise<Row[]>;
  /** Names the source and connection in errors. */
  readonly context: HubErrorContext;
}

// Serialises every cutter execution on one document, whichever table the hub's statements name;
// released by the commit or rollback. 'cutter:' keeps the key apart from other users' locks.
const DOCUMENT_LOCK = 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))';

/**
 * Live execution through a hub's write statements (defaults for schemas/hub.sql; a PostgreSQL source
 * may name its own). One transaction: the advisory lock on the document, the document row lock and
 * the revision check, the touched units locked and each operation decided by its expected hash (so
 * a re-run skips what is in place), every write checked to touch exactly one row, the journal token
 * recorded, the outcomes handed to the run's journal, then the commit. Any conflict or error rolls
 * the whole transaction back. The embedded hub and PostgreSQL run the same statements.
 */
export class HubExecutor implements Executor {
  readonly target = 'hub' as const;
  readonly #side: HubWriteSide;
  readonly #statements: WriteStatements;

  constructor(side: HubWriteSide, statements: WriteStatements = DEFAULT_WRITES) {
    this.#side = side;
    this.#statements = statements;
  }

  async committed(token: string): Promise<boolean> {
    const { text, values } = bindNamedParams(this.#statements.findExecution, { token });
    try {
      return (await this.#side.read(text, values)).length > 0;
    } catch (e) {
      throw toWriteError(e, 'findExecution', this.#side.context);
    }
  }

  async execute(input: ExecutionInput, hooks: ExecutionHooks = {}): Promise<OperationOutcome[]> {
    return this.#side.transact(async (query) => {
      const run = async (name: WriteStatementName, params: Record<string, unknown>): Promise<WriteResult> => {
        const { text, values } = bindNamedParams(this.#statements[name], params);
        try {
          return await query(text, values);
        } catch (e) {
          throw toWriteError(e, name, this.#side.context);
        }
      };
      try {
        await query(DOCUMENT_LOCK, [`cutter:${input.documentId}`]);
      } catch (e) {
        throw toWriteError(e, null, this.#side.context);
      }
      const [doc] = (await run('lockDocument', { document_id: input.documentId })).rows;
      const rows = (await run('lockUnits', { iu_ids: input.operations.map((o) => o.iuId) })).rows;
      // A missing column would read as undefined and look like a conflict: name it instead.
      requireColumns('lockDocument', doc ? [doc] : [], this.#side.context);
      requireColumns('lockUnits', rows, this.#side.context);
      const current = new Map<string, TargetUnit>(rows.map((r) => [String(r['iu_id']), {
        documentId: String(r['document_id']),
        prefix: String(r['prefix']),
        sha256: String(r['content_sha256']),
        status: r['status'] === 'retired' ? 'retired' : 'active',
        ordinal: Number(r['ordinal']),
        heading: String(r['heading']),
      }]));
      const decided = decideAll(input, doc ? Number(doc['revision']) : null, (id) => current.get(id));
      // Under the document lock, so no other attempt of this execution can be committing now.
      if ((await run('findExecution', { token: input.token })).rows.length > 0) throw alreadyCommitted(input.token);
      const outcomes: OperationOutcome[] = [];
      for (const { op, apply } of decided) {
        if (apply) {
          const written = await write(run, op, input);
          if (written !== 1) {
            throw conflictError(input.documentId, [`${op.op} of ${op.iuId} touched ${written} rows, not 1 (its guard no longer held)`]);
          }
        }
        outcomes.push({ op: op.op, iuId: op.iuId, outcome: apply ? 'applied' : 'skipped' });
      }
      const applied = outcomes.filter((o) => o.outcome === 'applied').length;
      await run('recordExecution', {
        token: input.token, document_id: input.documentId, prefix: input.prefix, operations_fingerprint: input.operationsFingerprint,
        source_revision: input.sourceRevision, applied, skipped: outcomes.length - applied,
      });
      await hooks.beforeCommit?.(outcomes);
      crashPoint('before-commit');
      return outcomes;
    });
  }
}

type RunStatement = (name: WriteStatementName, params: Record<string, unknown>) => Promise<WriteResult>;

async function write(run: RunStatement, op: Operation, input: ExecutionInput): Promise<number> {
  if (op.op === 'retire') {
    return (await run('retireUnit', { iu_id: op.iuId, expect_sha256: op.expectSha256, document_id: input.documentId, prefix: input.prefix })).rowCount;
  }
  return (await run('upsertUnit', {
    iu_id: op.iuId, document_id: input.documentId, prefix: input.prefix, path: op.path, ordinal: op.ordinal, heading: op.heading,
    body: op.body, content_sha256: op.sha256, source_revision: input.sourceRevision,
    expect_sha256: op.op === 'update' ? op.expectSha256 : null,
  })).rowCount;
}

function requireColumns(name: 'lockDocument' | 'lockUnits', rows: readonly Row[], context: HubErrorContext): void {
  const row = rows[0];
  if (!row) return;
  const missing = WRITE_NEEDS[name].columns.filter((c) => !Object.hasOwn(row, c));
  if (missing.length === 0) return;
  throw new CutterError('source_writes_invalid', `source "${context.source ?? '?'}": the ${name} statement does not return the columns ${missing.join(', ')} (nothing was written)`, {
    hint: `alias the columns in sources.${context.source ?? '<name>'}.writes.${name} to these names; cutter doctor checks every write statement`,
    details: { statement: name, missing, written: false },
  });
}
