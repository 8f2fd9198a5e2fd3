import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceQueries } from '../discovery/live-read-only-discoverer.js';
import type { Select, SelectColumns } from '../discovery/select.js';
import { CutterError } from '../errors.js';
import type { ApprovalVerification, Config, EmbeddedSourceConfig, PostgresSourceConfig } from '../plan/config.js';
import { SCHEMAS_DIR } from '../plan/schemas.js';
import { toHubError, type HubErrorContext } from './database-errors.js';
import { openEmbeddedHub } from './embedded-hub.js';
import type { QueryResult } from './pg-select.js';
import { pgliteRunReadOnly, pgliteSelectColumns } from './pglite-select.js';
import { openPostgresHub } from './postgres-hub.js';
import { checkQueries, describeQueryProblems, resolveQueries } from './source-queries.js';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface DoctorCheck {
  /** Stable id: connection, reachable, server_version, read_only, statement_timeout, queries, approvals, role. */
  readonly check: string;
  readonly status: CheckStatus;
  readonly message: string;
  readonly hint?: string | undefined;
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

export interface SourceDiagnosis {
  readonly name: string;
  readonly kind: 'embedded' | 'postgres';
  /** A folder, or `postgres://user@host:port/db`; never a password. */
  readonly location: string | null;
  readonly ok: boolean;
  readonly checks: readonly DoctorCheck[];
}

export interface DoctorReport {
  readonly formatVersion: 1;
  /** False when any check failed (a warning does not). */
  readonly ok: boolean;
  readonly config: string | null;
  readonly execution: { readonly enabled: boolean; readonly message: string };
  readonly sources: readonly SourceDiagnosis[];
}

/** What the checks need from an opened source. */
interface Probe {
  readonly select: Select;
  readonly columns: SelectColumns;
  readonly queries: SourceQueries;
  readonly serverOnly: (text: string) => Promise<QueryResult>;
  readonly context: HubErrorContext;
  /** null when the engine does not honour statement_timeout (PGlite). */
  readonly statementTimeoutMs: number | null;
}

// Harmless even if it ran: a temp table in a transaction that is always rolled back.
const PROBE_WRITE = 'CREATE TEMP TABLE cutter_doctor_probe (x int)';

/**
 * Diagnoses each source (or the one named): reachable, server version, read-only enforced on both
 * sides (a harmless write is refused by cutter, then by the server on its own), statement timeout,
 * the configured queries' parameters and columns. Never throws for a sick source: that is a result.
 */
export async function doctor(
  config: Config,
  options: {
    readonly source?: string | undefined;
    readonly env?: NodeJS.ProcessEnv;
    /** How long to wait for another cutter to close the embedded hub. Default 0. */
    readonly lockWaitMs?: number | undefined;
  } = {},
): Promise<DoctorReport> {
  const names = options.source === undefined ? Object.keys(config.sources).sort() : [options.source];
  if (options.source !== undefined && !config.sources[options.source]) {
    throw new CutterError('source_unknown', `source "${options.source}" is not defined`, {
      hint: `use one of: ${Object.keys(config.sources).sort().join(', ')}`,
      details: { source: options.source, known: Object.keys(config.sources).sort() },
    });
  }
  const sources: SourceDiagnosis[] = [];
  for (const name of names) {
    const source = config.sources[name]!;
    sources.push(source.kind === 'postgres'
      ? await diagnosePostgres(name, source, options.env ?? process.env, config.approvals.verify ?? null)
      : await diagnoseEmbedded(name, source, config.approvals.verify ?? null, options.lockWaitMs ?? 0));
  }
  const enabled = config.execution.enabled;
  return {
    formatVersion: 1,
    ok: sources.every((s) => s.ok),
    config: config.file,
    execution: {
      enabled,
      message: enabled
        ? 'execution is enabled: live plans may write to sources that have a live executor'
        : 'execution is disabled: live plans are refused; dry runs only',
    },
    sources,
  };
}

async function diagnosePostgres(name: string, source: PostgresSourceConfig, env: NodeJS.ProcessEnv, verify: ApprovalVerification | null): Promise<SourceDiagnosis> {
  let hub;
  try {
    hub = await openPostgresHub(name, source, env);
  } catch (e) {
    return diagnosis(name, 'postgres', null, [failure('connection', e)]);
  }
  try {
    const checks: DoctorCheck[] = [{ check: 'connection', status: 'ok', message: `${hub.description} (from ${hub.context.from})` }];
    checks.push(...(await runChecks({ ...hub, statementTimeoutMs: hub.statementTimeoutMs }, 'postgres', verify)));
    return diagnosis(name, 'postgres', hub.description, checks);
  } finally {
    await hub.close();
  }
}

async function diagnoseEmbedded(name: string, source: EmbeddedSourceConfig, verify: ApprovalVerification | null, lockWaitMs: number): Promise<SourceDiagnosis> {
  // Doctor only looks: creating and seeding a hub is what the first plan does, not a diagnosis.
  if (!existsSync(join(source.dir, 'PG_VERSION'))) {
    return diagnosis(name, 'embedded', source.dir, [{
      check: 'reachable', status: 'skip', message: 'not created yet; the first plan or apply creates and seeds it',
    }]);
  }
  let hub;
  try {
    hub = await openEmbeddedHub({ dir: source.dir, seedDir: source.seed, schemaFile: join(SCHEMAS_DIR, 'hub.sql'), lockWaitMs });
  } catch (e) {
    return diagnosis(name, 'embedded', source.dir, [failure('reachable', e)]);
  }
  try {
    const db = hub.db;
    const probe: Probe = {
      select: hub.select,
      columns: pgliteSelectColumns(db),
      queries: resolveQueries(),
      serverOnly: (text) => pgliteRunReadOnly(db, text, []),
      context: { source: name },
      statementTimeoutMs: null,
    };
    return diagnosis(name, 'embedded', source.dir, await runChecks(probe, 'embedded', verify));
  } finally {
    await hub.close();
  }
}

async function runChecks(probe: Probe, kind: 'embedded' | 'postgres', verify: ApprovalVerification | null): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  let server: Record<string, unknown>;
  try {
    [server = {}] = await probe.select(
      "SELECT current_setting('server_version') AS version, current_user AS role, current_database() AS database, " +
        "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser, current_setting('statement_timeout') AS timeout",
      {},
    );
  } catch (e) {
    return [...checks, failure('reachable', e)];
  }
  checks.push({ check: 'reachable', status: 'ok', message: `connected to database ${String(server['database'])} as ${String(server['role'])}` });
  checks.push({
    check: 'server_version', status: 'ok',
    message: kind === 'embedded' ? `PGlite (PostgreSQL ${String(server['version'])})` : `PostgreSQL ${String(server['version'])}`,
  });
  checks.push(await readOnlyCheck(probe));
  checks.push(probe.statementTimeoutMs === null
    ? { check: 'statement_timeout', status: 'skip', message: 'PGlite does not enforce statement_timeout' }
    : { check: 'statement_timeout', status: 'ok', message: `every query runs with statement_timeout ${String(server['timeout'])}` });
  let queryChecks;
  try {
    queryChecks = await checkQueries(probe.columns, probe.queries);
  } catch (e) {
    return [...checks, failure('queries', e)];
  }
  const problems = describeQueryProblems(queryChecks);
  checks.push(problems.length === 0
    ? { check: 'queries', status: 'ok', message: 'the document and units queries return every column discovery reads', details: { checks: queryChecks } }
    : {
        check: 'queries', status: 'fail', message: problems.join('; '), details: { checks: queryChecks },
        hint: queryChecks.find((c) => c.error?.hint)?.error?.hint
          ?? 'alias the columns to the names discovery reads in this source\'s queries, e.g. "sha AS content_sha256"',
      });
  if (verify) checks.push(await approvalQueryCheck(probe, verify));
  if (server['superuser'] === true && kind === 'postgres') {
    checks.push({
      check: 'role', status: 'warn', message: `${String(server['role'])} is a superuser`,
      hint: 'cutter refuses writes twice already; a role with SELECT only on the hub tables would add a third guard',
    });
  }
  return checks;
}

/** approvals.verify's query: read-only, takes :id, returns the columns the verifier reads. */
async function approvalQueryCheck(probe: Probe, verify: ApprovalVerification): Promise<DoctorCheck> {
  let columns: string[];
  try {
    columns = await probe.columns(verify.query, { id: '' });
  } catch (e) {
    return failure('approvals', e);
  }
  const missing = ['id', 'status', 'body'].filter((c) => !columns.includes(c));
  return missing.length === 0
    ? { check: 'approvals', status: 'ok', message: `approvals.verify.query returns id, status and body; approved statuses: ${verify.approvedStatuses.join(', ')}` }
    : { check: 'approvals', status: 'fail', message: `approvals.verify.query returns no ${missing.join(', ')} column`, hint: 'alias the columns of the approval document to id, status and body' };
}

/** A harmless write must be refused by cutter's guard, and again by the server on its own. */
async function readOnlyCheck(probe: Probe): Promise<DoctorCheck> {
  const client = await probe.select(PROBE_WRITE, {}).then(() => null, (e: unknown) => e);
  const clientRefused = client instanceof CutterError && client.code === 'not_read_only';
  const server = await probe.serverOnly(PROBE_WRITE).then(() => null, (e: unknown) => e as { code?: unknown });
  const sqlstate = typeof server?.code === 'string' ? server.code : null;
  const details = { probe: PROBE_WRITE, clientRefused, serverSqlstate: sqlstate };
  if (clientRefused && sqlstate === '25006') {
    return { check: 'read_only', status: 'ok', message: 'a write is refused twice: by cutter before sending it, and by the server (SQLSTATE 25006)', details };
  }
  if (!clientRefused) {
    return { check: 'read_only', status: 'fail', message: 'cutter\'s read-only guard let a write through', details, hint: 'this is a bug in cutter; please report it' };
  }
  if (server === null) {
    return {
      check: 'read_only', status: 'fail', details,
      message: 'the server accepted a write inside BEGIN READ ONLY (it was rolled back)',
      hint: 'check for a proxy or extension that ignores read-only transactions; cutter\'s own guard still refuses writes',
    };
  }
  const e = toHubError(server, probe.context);
  return {
    check: 'read_only', status: 'fail', details,
    message: `the server's refusal could not be seen: ${e instanceof Error ? e.message : String(e)}`,
  };
}

function failure(check: string, e: unknown): DoctorCheck {
  if (!(e instanceof CutterError)) throw e;
  return { check, status: 'fail', message: e.message, hint: e.hint, details: { code: e.code, ...e.details } };
}

function diagnosis(name: string, kind: 'embedded' | 'postgres', location: string | null, checks: DoctorCheck[]): SourceDiagnosis {
  return { name, kind, location, ok: checks.every((c) => c.status !== 'fail'), checks };
}
