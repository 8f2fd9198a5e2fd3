import type { PgQueryable } from './pg-driver.js';

/** How often a waiting lock asks again (pg_try_advisory_lock) until its deadline. */
const LOCK_POLL_MS = 50;

/**
 * Takes the session-level advisory lock `key` on `session`, asking again every 50 ms until
 * `waitMs` has passed (pg_advisory_lock with lock_timeout would hold a backend waiting in the
 * server; polling keeps the wait in the client, where the deadline is). False when it stayed held.
 */
export async function takeAdvisoryLock(session: PgQueryable, key: string, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + Math.max(0, waitMs);
  for (;;) {
    const r = await session.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key]);
    if (r.rows[0]?.locked) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(LOCK_POLL_MS, left)));
  }
}

export interface LockHolder {
  /** The server process of the holder's session. */
  readonly pid: number;
  /** Its application_name: cutter sets `cutter user@host pid N`. */
  readonly app: string | null;
  readonly client: string | null;
}

/** Who holds the advisory lock `key` in this database, as pg_locks and pg_stat_activity tell; null if unknown. */
export async function advisoryLockHolder(session: PgQueryable, key: string): Promise<LockHolder | null> {
  try {
    const r = await session.query<LockHolder>(
      `SELECT a.pid, a.application_name AS app, host(a.client_addr) AS client
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint`,
      [key],
    );
    return r.rows[0] ?? null;
  } catch {
    return null; // a role without pg_stat_activity rights still gets the refusal, only less detailed
  }
}
