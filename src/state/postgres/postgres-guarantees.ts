import type { ApprovalIndexEntry, DocumentKey } from '../../orchestrator/ports.js';
import { activeDocuments, isActive, type RunState } from '../../orchestrator/run-state.js';
// The refusals are the port's, worded once for both stores.
import { approvalReused, runActive } from '../store-refusals.js';
import type { PgQueryable } from './pg-driver.js';

/*
 * The two promises the database keeps, as the SQL that leans on its constraints. Each function
 * runs inside the caller's transaction (`s` is the quoted schema); a refusal thrown here rolls
 * the whole write back.
 */

/**
 * Makes the run's held documents match its status. An active run claims each document with an
 * insert that the partial unique index `(source, document) WHERE active` lets through only if no
 * other run holds it; concurrent claims wait for one another and exactly one inserts. A claim that
 * inserts nothing is this run's own row or another run's, and the latter is refused `run_active`.
 */
export async function holdDocuments(c: PgQueryable, s: string, state: RunState): Promise<void> {
  const docs = activeDocuments(state);
  const sources = docs.map((d) => d.source);
  const documents = docs.map((d) => d.document);
  if (!isActive(state.status)) {
    await c.query(`UPDATE ${s}.run_documents SET active = false WHERE run_id = $1 AND active`, [state.runId]);
    // Kept inactive, so the table also tells which documents each run drove.
    await c.query(
      `INSERT INTO ${s}.run_documents (run_id, source, document, active)
       SELECT $1, src, doc, false FROM unnest($2::text[], $3::text[]) AS t(src, doc) ON CONFLICT DO NOTHING`,
      [state.runId, sources, documents],
    );
    return;
  }
  await c.query(`DELETE FROM ${s}.run_documents WHERE run_id = $1 AND NOT active`, [state.runId]);
  await c.query(
    `INSERT INTO ${s}.run_documents (run_id, source, document, active)
     SELECT $1, src, doc, true FROM unnest($2::text[], $3::text[]) AS t(src, doc) ON CONFLICT DO NOTHING`,
    [state.runId, sources, documents],
  );
  for (const key of docs) {
    const holder = await documentHolder(c, s, key);
    if (holder && holder.runId !== state.runId) throw runActive(holder, [key]);
  }
}

/** The active run holding a document, if any. */
export async function documentHolder(c: PgQueryable, s: string, key: DocumentKey): Promise<RunState | null> {
  const r = await c.query<{ state: RunState }>(
    `SELECT r.state FROM ${s}.run_documents d JOIN ${s}.runs r ON r.run_id = d.run_id
      WHERE d.source = $1 AND d.document = $2 AND d.active`,
    [key.source, key.document],
  );
  return r.rows[0]?.state ?? null;
}

/**
 * Adds an approval to the index; the primary key lets one insert of an id through, ever, and a
 * concurrent second waits for the first and inserts nothing: refused `approval_reused`.
 */
export async function claimApproval(c: PgQueryable, s: string, entry: ApprovalIndexEntry): Promise<void> {
  const inserted = await c.query(
    `INSERT INTO ${s}.approvals (id, run_id, gate, fingerprint, decision, via, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO NOTHING`,
    [entry.id, entry.runId, entry.gate, entry.fingerprint, entry.decision, entry.via, entry.at],
  );
  if (inserted.rowCount === 0) throw approvalReused(entry.id, await approvalEntry(c, s, entry.id));
}

export async function approvalEntry(c: PgQueryable, s: string, id: string): Promise<ApprovalIndexEntry | null> {
  const r = await c.query<ApprovalIndexEntry>(
    `SELECT id, run_id AS "runId", gate, fingerprint, decision, via, at FROM ${s}.approvals WHERE id = $1`, [id],
  );
  return r.rows[0] ?? null;
}
