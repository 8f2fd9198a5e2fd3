import { CutterError } from '../errors.js';

/** Where an error happened, for messages; never holds a password. */
export interface HubErrorContext {
  /** The source's name in cutter.config.yaml. */
  readonly source?: string | undefined;
  /** The connection as `postgres://user@host:port/db`, password left out. */
  readonly connection?: string | undefined;
  /** The variable the connection came from, e.g. `$CUTTER_DATABASE_URL`, for hints. */
  readonly from?: string | undefined;
  /** Strings that must never reach a message (the password), replaced by `***`. */
  readonly secrets?: readonly string[] | undefined;
}

/** The fields PostgreSQL sends with an error (pg's and PGlite's DatabaseError both carry them). */
interface ServerError {
  code?: unknown;
  message?: unknown;
  detail?: unknown;
  hint?: unknown;
  position?: unknown;
  where?: unknown;
  schema?: unknown;
  table?: unknown;
  column?: unknown;
  address?: unknown;
  port?: unknown;
}

const SQLSTATE = /^[0-9A-Z]{5}$/u;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOENT']);

/** Codes of errors about reaching the server at all, as opposed to a query failing on it. */
const CONNECTION_CODES = new Set([
  'hub_connection_refused', 'hub_host_not_found', 'hub_connect_timeout', 'hub_auth_failed',
  'hub_unknown_database', 'hub_unavailable', 'hub_connection_lost', 'hub_tls_refused', 'hub_connection_options_invalid',
]);

/** True when the error says the server could not be reached or let us in, not that a query was wrong. */
export function isConnectionError(e: unknown): boolean {
  return e instanceof CutterError && CONNECTION_CODES.has(e.code);
}

/** Replaces the secrets, and any password written into a URL, with `***`. */
export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]*@/giu, '$1:***@');
  for (const s of secrets) if (s.length > 0) out = out.split(s).join('***');
  return out;
}

/**
 * True for errors that come from the database or the way to it (an SQLSTATE, a socket error, a
 * driver's connection failure); anything else is a bug in cutter and is left as it is.
 */
export function isDatabaseError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = (e as ServerError).code;
  if (typeof code === 'string' && (SQLSTATE.test(code) || NETWORK_CODES.has(code))) return true;
  const message = String((e as ServerError).message ?? '');
  return /timeout exceeded when trying to connect|connection timeout|Connection terminated|SASL|password must be a string|does not support SSL|certificate|SSL routines|wrong version number/iu.test(message);
}

/**
 * Turns a database or connection error into a CutterError that says what to check, keeping the
 * SQLSTATE, the server's detail and hint, and never the password. Non-database errors pass through.
 */
export function toHubError(e: unknown, context: HubErrorContext = {}): unknown {
  if (e instanceof CutterError || !isDatabaseError(e)) return e;
  const err = e as ServerError;
  const secrets = context.secrets ?? [];
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? scrub(v, secrets) : undefined);
  const code = String(err.code ?? '');
  const sqlstate = SQLSTATE.test(code) ? code : undefined;
  const serverMessage = text(err.message) ?? 'unknown error';
  const where = context.connection ?? 'the database';
  const from = context.from ?? 'the connection settings';
  const details: Record<string, unknown> = {};
  const put = (key: string, value: unknown): void => {
    if (value !== undefined && value !== null && value !== '') details[key] = value;
  };
  put('source', context.source);
  put('connection', context.connection);
  put('sqlstate', sqlstate);
  put('errno', sqlstate ? undefined : code || undefined);
  put('detail', text(err.detail));
  put('serverHint', text(err.hint));
  put('position', typeof err.position === 'string' ? Number(err.position) : undefined);
  put('where', text(err.where));
  put('table', text(err.table));
  put('column', text(err.column));

  const [id, message, hint, exitCode] = classify(code, serverMessage, where, from);
  const prefix = context.source ? `source "${context.source}": ` : '';
  // The connection is in the message only where it is the problem ("cannot connect to …"),
  // and always in details.
  const suffix = sqlstate ? ` (SQLSTATE ${sqlstate})` : '';
  // The driver's error is kept as the cause only when it came from the server: a connection
  // error object can hold the connection settings, password included.
  return new CutterError(id, `${prefix}${message}${suffix}`, {
    hint: text(err.hint) ? `${hint}; the server says: ${text(err.hint)}` : hint,
    details,
    exitCode,
    cause: sqlstate ? e : undefined,
  });
}

type Classified = [code: string, message: string, hint: string, exitCode: 1 | 4];

function classify(code: string, serverMessage: string, where: string, from: string): Classified {
  switch (code) {
    case 'ECONNREFUSED':
      return ['hub_connection_refused', `cannot connect to ${where}: connection refused`,
        `check that PostgreSQL is running and accepts TCP connections there, and the host and port in ${from}`, 1];
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return ['hub_host_not_found', `cannot connect to ${where}: the host name does not resolve`, `check the host in ${from}`, 1];
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return ['hub_connect_timeout', `cannot connect to ${where}: the host did not answer`,
        `check the host and port in ${from}, and any firewall between here and the server`, 1];
    case 'ENOENT':
      // A certificate or key file named in the URL (sslcert, sslkey, sslrootcert) that is not there.
      if (/open '/u.test(serverMessage)) {
        return ['hub_connection_options_invalid', `cannot connect to ${where}: a file named in the connection settings is missing (${serverMessage.replace(/^ENOENT: /u, '')})`,
          `check the sslcert, sslkey and sslrootcert options in ${from}`, 1];
      }
      return ['hub_connection_refused', `cannot connect to ${where}: no server socket there`, `check the host (socket folder) in ${from}`, 1];
    case '22023':
    case '42704':
      // Raised while connecting, these are the URL's `options=-c name=value` settings.
      if (/parameter/iu.test(serverMessage)) {
        return ['hub_connection_options_invalid', `cannot connect to ${where}: the server refused a setting from the connection options: ${serverMessage}`,
          `check the options= part of ${from}`, 1];
      }
      break;
    case '28P01':
    case '28000':
      return ['hub_auth_failed', `authentication failed on ${where}: ${serverMessage}`,
        `check the user name and password in ${from}, and that pg_hba.conf lets this user connect to this database`, 1];
    case '3D000':
      return ['hub_unknown_database', `cannot connect to ${where}: ${serverMessage}`, `check the database name at the end of ${from}`, 1];
    case '57014':
      return ['hub_statement_timeout', `a query was cancelled: ${serverMessage}`,
        'the query ran longer than statementTimeoutMs; raise it for this source in cutter.config.yaml, or add an index the query can use', 1];
    case '42P01':
      return ['hub_missing_table', serverMessage,
        "the source's queries name a table this database does not have: check the queries in cutter.config.yaml (or the user's search_path)", 1];
    case '42703':
      return ['hub_missing_column', serverMessage, "check the column names in the source's queries in cutter.config.yaml", 1];
    case '42883':
      return ['hub_missing_function', serverMessage, "check the functions the source's queries call", 1];
    case '42501':
      return ['hub_permission_denied', serverMessage, 'grant this user SELECT on the tables the queries read', 1];
    case '25006':
      return ['hub_read_only_violation', `the server refused a write inside the read-only transaction: ${serverMessage}`,
        'discovery only reads; the query (or a function it calls) tried to write, so remove that from the query', 4];
    case '53300':
    case '57P03':
    case '57P01':
      return ['hub_unavailable', `${where} is not accepting connections now: ${serverMessage}`, 'try again later, or ask the database administrator', 1];
    case 'ECONNRESET':
    case 'EPIPE':
      return ['hub_connection_lost', `the connection to ${where} was lost: ${serverMessage}`, 'check the server, then run the command again', 1];
    default:
      break;
  }
  if (/timeout exceeded when trying to connect|connection timeout/iu.test(serverMessage)) {
    return ['hub_connect_timeout', `cannot connect to ${where}: no answer within connectTimeoutMs`,
      `check the host and port in ${from}; raise connectTimeoutMs for this source if the server is slow to answer`, 1];
  }
  if (/does not support SSL/iu.test(serverMessage)) {
    return ['hub_tls_refused', `cannot connect to ${where}: the connection settings ask for TLS (sslmode), and the server does not offer it`,
      `remove sslmode=… from ${from} (or use sslmode=disable) for this server, or enable ssl on the server`, 1];
  }
  if (/certificate|SSL routines|wrong version number/iu.test(serverMessage)) {
    return ['hub_tls_refused', `cannot connect to ${where}: the TLS handshake failed: ${serverMessage}`,
      `check sslmode and the certificate options (sslrootcert, sslcert, sslkey) in ${from} against the server's certificate`, 1];
  }
  if (/SASL|password must be a string/iu.test(serverMessage)) {
    return ['hub_auth_failed', `authentication failed on ${where}: the server asked for a password that was not given`,
      `put the password in ${from} (or PGPASSWORD, or ~/.pgpass)`, 1];
  }
  if (/Connection terminated/iu.test(serverMessage)) {
    return ['hub_connection_lost', `the connection to ${where} was lost: ${serverMessage}`, 'check the server, then run the command again', 1];
  }
  return ['hub_query_failed', serverMessage, "check the source's queries in cutter.config.yaml", 1];
}
