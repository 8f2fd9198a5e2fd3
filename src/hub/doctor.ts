import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceQueries } from '../discovery/live-read-only-discoverer.js';
import type { Select, SelectColumns } from '../discovery/select.js';
import { CutterError } from '../errors.js';
import { EXECUTION_ENV, type ApprovalVerification, type Config, type EmbeddedSourceConfig, type ExecutionSwitch, type PostgresSourceConfig } from '../plan/config.js';
import { checkWrites, describeWriteProblems, pgliteRolledBack, type RolledBack, type WriteCheck } from './write/check-writes.js';
import { openPgWriteSide } from './write/pg-write-side.js';
import { DEFAULT_WRITES, resolveWrites, type WriteStatements } from './write/write-statements.js';
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
  readonly execution: { readonly enabled: boolean; readonly enabledBy: readonly ExecutionSwitch[]; readonly message: string };
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
  const enabled = config.execution.enabled;
  for (const name of names) {
    const source = config.sources[name]!;
    sources.push(source.kind === 'postgres'
      ? await diagnosePostgres(name, source, options.env ?? process.env, enabled, config.approvals.verify ?? null)
      : await diagnoseEmbedded(name, source, enabled, config.approvals.verify ?? null, options.lockWaitMs ?? 0));
  }
  const by = config.execution.enabledBy;
  const switches = [
    ...(by.includes('config') ? ['execution.enabled: true in the configuration'] : []),
    ...(by.includes('environment') ? [`${EXECUTION_ENV}=1 in the environment`] : []),
  ];
  return {
    formatVersion: 1,
    ok: sources.every((s) => s.ok),
    config: config.file,
    execution: {
      enabled,
      enabledBy: by,
      message: enabled
        ? `execution is enabled by ${switches.join(' and ')}: live plans may write to their sources`
        : `execution is disabled (neither execution.enabled: true in the configuration nor ${EXECUTION_ENV}=1): live plans are refused; dry runs only`,
    },
    sources,
  };
}

async function diagnosePostgres(name: string, source: PostgresSourceConfig, env: NodeJS.ProcessEnv, executionEnabled: boolean, verify: ApprovalVerification | null): Promise<SourceDiagnosis> {
  let hub;
  try {
    hub = await openPostgresHub(name, source, env);
  } catch (e) {
    return diagnosis(name, 'postgres', null, [failure('connection', e)]);
  }
  try {
    const checks: DoctorCheck[] = [{ check: 'connection', status: 'ok', message: `${hub.description} (from ${hub.context.from})` }];
    checks.push(...(await runChecks({ ...hub, statementTimeoutMs: hub.statementTimeoutMs }, 'postgres', verify)));
    checks.push(...(await postgresWriteChecks(name, source, env, executionEnabled)));
    return diagnosis(name, 'postgres', hub.description, checks);
  } finally {
    await hub.close();
  }
}

async function diagnoseEmbedded(name: string, source: EmbeddedSourceConfig, executionEnabled: boolean, verify: ApprovalVerification | null, lockWaitMs: number): Promise<SourceDiagnosis> {
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
    const checks = await runChecks(probe, 'embedded', verify);
    checks.push(await writesCheck(DEFAULT_WRITES, pgliteRolledBack(db), { source: name }, executionEnabled, 'the embedded hub', true));
    return diagnosis(name, 'embedded', source.dir, checks);
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

/** The writer's connection and its statements; problems only warn while execution is disabled. */
async function postgresWriteChecks(name: string, source: PostgresSourceConfig, env: NodeJS.ProcessEnv, executionEnabled: boolean): Promise<DoctorCheck[]> {
  const status: CheckStatus = executionEnabled ? 'fail' : 'warn';
  let side;
  try {
    side = await openPgWriteSide(name, source, env);
  } catch (e) {
    if (!(e instanceof CutterError)) throw e;
    return [{ check: 'writer', status, message: e.message, hint: e.hint, details: { code: e.code } }];
  }
  try {
    const from = source.writeUrlEnv === null ? 'the reading connection settings (no writeUrlEnv)' : `$${source.writeUrlEnv}`;
    let role: string;
    try {
      [{ role } = { role: '?' }] = (await side.read('SELECT current_user AS role', [])) as { role: string }[];
    } catch (e) {
      return [{ ...failure('writer', e), status }];
    }
    const writer: DoctorCheck = {
      check: 'writer', status: 'ok', message: `live writes connect as role ${role} to ${side.description} (from ${from}), on a connection of their own`,
    };
    return [writer, await writesCheck(resolveWrites(source.writes), side.rolledBack, side.context, executionEnabled, side.description)];
  } finally {
    await side.close();
  }
}

async function writesCheck(
  statements: WriteStatements, rolledBack: RolledBack, context: HubErrorContext, executionEnabled: boolean, where: string,
  /** The embedded hub: cutter's own, brought up to schemas/hub.sql by the first live apply. */
  ownHub = false,
): Promise<DoctorCheck> {
  let checks;
  try {
    checks = await checkWrites(statements, rolledBack, context);
  } catch (e) {
    return { ...failure('writes', e), status: executionEnabled ? 'fail' : 'warn' };
  }
  const noJournal = (c: WriteCheck): boolean => (c.statement === 'findExecution' || c.statement === 'recordExecution') && c.sqlstate === '42P01';
  if (ownHub && checks.some(noJournal) && checks.every((c) => c.problems.length === 0 || noJournal(c))) {
    return {
      check: 'writes', status: 'ok', details: { checks },
      message: `the write statements fit ${where}; it predates the execution journal, and the first live apply adds the cutter_executions table`,
    };
  }
  const problems = describeWriteProblems(checks);
  if (problems.length === 0) {
    return {
      check: 'writes', status: 'ok', details: { checks },
      message: `the write statements fit ${where} (checked with PREPARE and EXPLAIN in a rolled-back transaction; nothing written)`,
    };
  }
  const journal = checks.some((c) => (c.statement === 'findExecution' || c.statement === 'recordExecution') && c.sqlstate === '42P01');
  return {
    check: 'writes', status: executionEnabled ? 'fail' : 'warn', message: problems.join('; '), details: { checks },
    hint: journal
      ? 'create the cutter_executions table from schemas/hub.sql (live execution records its journal token there), or name your own findExecution / recordExecution statements'
      : checks.some((c) => c.sqlstate === '42501')
        ? 'grant the writer role SELECT, INSERT, UPDATE on the unit table, UPDATE (for the row lock) on the documents, and SELECT, INSERT on cutter_executions'
        : 'fix the statements under this source\'s writes: in cutter.config.yaml (schemas/config.schema.json describes each)',
  };
}
