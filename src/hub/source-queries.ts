import {
  DEFAULT_QUERIES, DOCUMENT_COLUMNS, UNIT_COLUMNS, UNIT_KEY_COLUMNS, type SourceQueries,
} from '../discovery/live-read-only-discoverer.js';
import type { SelectColumns } from '../discovery/select.js';
import { CutterError } from '../errors.js';
import { isConnectionError } from './database-errors.js';
import { assertReadOnlySelect, namedParams } from './read-only-sql.js';

/**
 * The configured SELECTs, each falling back to the one for schemas/hub.sql. The default
 * `unitHashes` reads the default tables, so it is used only with the default `units` query: a
 * source with its own `units` query reads keys first only when it names its own `unitHashes`.
 */
export function resolveQueries(configured: { readonly document?: string; readonly units?: string; readonly unitHashes?: string } = {}): SourceQueries {
  return {
    document: configured.document ?? DEFAULT_QUERIES.document,
    units: configured.units ?? DEFAULT_QUERIES.units,
    unitHashes: configured.unitHashes ?? (configured.units === undefined ? DEFAULT_QUERIES.unitHashes : undefined),
  };
}

/** What each query must take and return. */
const NEEDS = {
  document: { params: ['id'], columns: DOCUMENT_COLUMNS },
  units: { params: ['document_id', 'prefix'], columns: UNIT_COLUMNS },
  unitHashes: { params: ['document_id', 'prefix'], columns: UNIT_KEY_COLUMNS },
} as const;

export type QueryName = keyof typeof NEEDS;

/** The check of one query: empty lists and no error mean it is fit for discovery. */
export interface QueryCheck {
  readonly query: QueryName;
  /** Parameters it must use but does not (without :prefix a units query reads other prefixes' units). */
  readonly missingParams: readonly string[];
  /** Parameters it uses that cutter never supplies. */
  readonly unknownParams: readonly string[];
  /** Columns discovery reads that the query does not return. */
  readonly missingColumns: readonly string[];
  /** The columns it returns, when the server was asked. */
  readonly columns: readonly string[] | null;
  /** Refused as not read-only, or failed on the server (missing table, …). */
  readonly error: { readonly code: string; readonly message: string; readonly hint?: string | undefined } | null;
}

export function queryCheckOk(c: QueryCheck): boolean {
  return c.error === null && c.missingParams.length + c.unknownParams.length + c.missingColumns.length === 0;
}

/**
 * Checks each query: one read-only SELECT, the right `:name` parameters, and (asking the server,
 * without reading rows) every column discovery needs. Problems come back as values, all of them.
 */
export async function checkQueries(columns: SelectColumns, queries: SourceQueries): Promise<QueryCheck[]> {
  const checks: QueryCheck[] = [];
  for (const query of ['document', 'units', 'unitHashes'] as const) {
    const sql = queries[query];
    if (sql === undefined) continue;
    const need = NEEDS[query];
    let error: QueryCheck['error'] = null;
    let used: string[] = [];
    try {
      assertReadOnlySelect(sql);
      used = namedParams(sql);
    } catch (e) {
      if (!(e instanceof CutterError)) throw e;
      error = { code: e.code, message: e.message, hint: e.hint };
    }
    const missingParams = error ? [] : need.params.filter((p) => !used.includes(p));
    const unknownParams = used.filter((p) => !(need.params as readonly string[]).includes(p));
    let returned: string[] | null = null;
    if (!error && unknownParams.length === 0) {
      try {
        // Empty strings, not nulls: the server must infer each parameter's type from its use.
        returned = await columns(sql, Object.fromEntries(used.map((p) => [p, ''])));
      } catch (e) {
        // An unreachable server is not a problem of the query: report it as itself.
        if (!(e instanceof CutterError) || isConnectionError(e)) throw e;
        error = { code: e.code, message: e.message, hint: e.hint };
      }
    }
    const missingColumns = returned ? need.columns.filter((c) => !returned.includes(c)) : [];
    checks.push({ query, missingParams, unknownParams, missingColumns, columns: returned, error });
  }
  return checks;
}

/** One line per problem, naming what is missing. */
export function describeQueryProblems(checks: readonly QueryCheck[]): string[] {
  const lines: string[] = [];
  for (const c of checks) {
    if (c.error) lines.push(`the ${c.query} query: ${c.error.message}`);
    if (c.missingParams.length > 0) lines.push(`the ${c.query} query does not use ${c.missingParams.map((p) => `:${p}`).join(', ')}`);
    if (c.unknownParams.length > 0) {
      lines.push(`the ${c.query} query uses ${c.unknownParams.map((p) => `:${p}`).join(', ')}, which cutter does not supply (only ${NEEDS[c.query].params.map((p) => `:${p}`).join(', ')})`);
    }
    if (c.missingColumns.length > 0) lines.push(`the ${c.query} query does not return the columns ${c.missingColumns.join(', ')}`);
  }
  return lines;
}

/** Checks the queries and throws one error naming every problem, or returns. */
export async function assertQueries(columns: SelectColumns, queries: SourceQueries, sourceName: string): Promise<void> {
  const checks = await checkQueries(columns, queries);
  const problems = describeQueryProblems(checks);
  if (problems.length === 0) return;
  const refused = checks.some((c) => c.error?.code === 'not_read_only');
  throw new CutterError('source_queries_invalid', `source "${sourceName}" cannot be used for discovery:\n${problems.map((p) => `  ${p}`).join('\n')}`, {
    hint: `fix the queries under sources.${sourceName}.queries in cutter.config.yaml; alias columns to the names discovery reads (e.g. "sha AS content_sha256"); cutter doctor --source ${sourceName} checks them`,
    details: { source: sourceName, checks },
    exitCode: refused ? 4 : 1,
  });
}
