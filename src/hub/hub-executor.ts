import type { Row } from '../discovery/select.js';
import { decideAll, type ExecutionInput, type Executor, type OperationOutcome, type TargetUnit } from '../orchestrator/executor.js';
import type { Operation } from '../orchestrator/operations.js';

/** One statement inside a write transaction, with positional parameters. */
export type WriteQuery = (sql: string, params: readonly unknown[]) => Promise<Row[]>;

/** Runs `body` in one transaction: committed if it returns, rolled back if it throws. */
export type Transactor = <T>(body: (query: WriteQuery) => Promise<T>) => Promise<T>;

/**
 * Live execution against a hub with the default schema (schemas/hub.sql). All operations run in
 * one transaction that first locks the document row and checks that its revision is the one the
 * operations were planned from; every unit touched is locked and each operation is decided by
 * `decide`, so a re-run after a crash skips what is already in place and writes nothing twice.
 * Any conflict rolls the whole transaction back.
 */
export class HubExecutor implements Executor {
  readonly target = 'hub' as const;
  readonly #transact: Transactor;

  constructor(transact: Transactor) {
    this.#transact = transact;
  }

  async execute(input: ExecutionInput): Promise<OperationOutcome[]> {
    return this.#transact(async (query) => {
      const [doc] = await query('SELECT revision FROM kb_documents WHERE id = $1 FOR UPDATE', [input.documentId]);
      const rows = await query(
        'SELECT iu_id, document_id, prefix, content_sha256, status, ordinal, heading FROM kb_information_units WHERE iu_id = ANY($1::text[]) FOR UPDATE',
        [input.operations.map((o) => o.iuId)],
      );
      const current = new Map<string, TargetUnit>(rows.map((r) => [String(r['iu_id']), {
        documentId: String(r['document_id']),
        prefix: String(r['prefix']),
        sha256: String(r['content_sha256']),
        status: r['status'] === 'retired' ? 'retired' : 'active',
        ordinal: Number(r['ordinal']),
        heading: String(r['heading']),
      }]));
      const decided = decideAll(input, doc ? Number(doc['revision']) : null, (id) => current.get(id));
      const outcomes: OperationOutcome[] = [];
      for (const { op, apply } of decided) {
        if (apply) await write(query, op, input);
        outcomes.push({ op: op.op, iuId: op.iuId, outcome: apply ? 'applied' : 'skipped' });
      }
      return outcomes;
    });
  }
}

async function write(query: WriteQuery, op: Operation, input: ExecutionInput): Promise<void> {
  if (op.op === 'retire') {
    await query("UPDATE kb_information_units SET status = 'retired', updated_at = now() WHERE iu_id = $1", [op.iuId]);
    return;
  }
  // An insert may meet a retired unit of the same id (text that comes back): it is revived in place.
  await query(
    `INSERT INTO kb_information_units
       (iu_id, document_id, prefix, path, ordinal, heading, body, content_sha256, source_revision, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'active')
     ON CONFLICT (iu_id) DO UPDATE SET
       path = EXCLUDED.path, ordinal = EXCLUDED.ordinal, heading = EXCLUDED.heading, body = EXCLUDED.body,
       content_sha256 = EXCLUDED.content_sha256, source_revision = EXCLUDED.source_revision,
       status = 'active', updated_at = now()`,
    [op.iuId, input.documentId, input.prefix, op.path, op.ordinal, op.heading, op.body, op.sha256, input.sourceRevision],
  );
}
