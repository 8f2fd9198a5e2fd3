import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CutterError } from '../errors.js';
import { formatProblem, LocatedYaml, type Problem } from './located-yaml.js';
import { DEFAULT_APPROVAL_PATTERN } from './plan.js';
import { decodePlanText, MAX_PLAN_BYTES, readPlanBytes, textProblem } from './plan-text.js';
import { validateLocated } from './schemas.js';

export const CONFIG_FILE = 'cutter.config.yaml';

/** The package's own sample hub, used when no configuration names a seed. */
const PACKAGE_SEED = fileURLToPath(new URL('../../examples/hub/', import.meta.url));

export interface EmbeddedSourceConfig {
  readonly kind: 'embedded';
  /** Absolute path of the PGlite data folder. */
  readonly dir: string;
  /** Absolute path of the seed folder. */
  readonly seed: string;
}

export interface PostgresSourceConfig {
  readonly kind: 'postgres';
  readonly urlEnv: string;
  readonly statementTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** SELECTs that replace the defaults for schemas/hub.sql. */
  readonly queries: { readonly document?: string; readonly units?: string; readonly unitHashes?: string };
  /**
   * The variable holding the writer's connection URL, so the read-only role can stay SELECT-only;
   * null: live writes use the reading connection's settings (on a connection of their own).
   */
  readonly writeUrlEnv: string | null;
  /** Sent as SET LOCAL lock_timeout in the write transaction. */
  readonly lockTimeoutMs: number;
  /** Write statements that replace the defaults for schemas/hub.sql (src/hub/write/write-statements.ts). */
  readonly writes: Readonly<Partial<Record<WriteStatementName, string>>>;
}

/** The statements of the write side a source may replace. */
export const WRITE_STATEMENT_NAMES = ['lockDocument', 'lockUnits', 'upsertUnit', 'retireUnit', 'findExecution', 'recordExecution'] as const;
export type WriteStatementName = (typeof WRITE_STATEMENT_NAMES)[number];

/** Which of the operator's switches enabled live execution (both may be on). */
export type ExecutionSwitch = 'config' | 'environment';

/** The variable that enables live execution from the environment (it can only enable). */
export const EXECUTION_ENV = 'CUTTER_EXECUTION_ENABLED';

export type SourceConfig = EmbeddedSourceConfig | PostgresSourceConfig;

/** Where runs, approvals and locks live (DESIGN §5): files on one machine, or PostgreSQL for a team. */
export type StateConfig =
  | { readonly kind: 'files'; readonly dir: string }
  | {
      readonly kind: 'postgres';
      /** The variable holding the URL; the PG* variables when it is unset. */
      readonly urlEnv: string;
      /** The schema the tables live in, created on first use. */
      readonly schema: string;
      readonly connectTimeoutMs: number;
    };

/** `approvals.verify`: approvals are checked against documents in the hub before they are recorded. */
export interface ApprovalVerification {
  /** A read-only SELECT with `:id`, returning `id`, `status` and `body`. */
  readonly query: string;
  readonly approvedStatuses: readonly string[];
}

export const DEFAULT_APPROVAL_QUERY = 'SELECT id, status, body FROM kb_documents WHERE id = :id';

export interface Config {
  /** The file read, or null when running on defaults. */
  readonly file: string | null;
  /** Folder that relative paths are resolved against. */
  readonly root: string;
  readonly sources: Readonly<Record<string, SourceConfig>>;
  readonly execution: {
    readonly enabled: boolean;
    /** The switches that are on; empty when execution is disabled. Recorded by every run. */
    readonly enabledBy: readonly ExecutionSwitch[];
  };
  readonly approvals: { readonly pattern: RegExp; readonly verify?: ApprovalVerification | null | undefined };
  /** Absolute path of the local state folder: the files store's runs, and the reports of every run. */
  readonly stateDir: string;
  readonly state: StateConfig;
}

interface RawConfig {
  version: 1;
  sources?: Record<string, { kind: 'embedded'; dir?: string; seed?: string } | {
    kind: 'postgres'; urlEnv?: string; statementTimeoutMs?: number; connectTimeoutMs?: number;
    queries?: { document?: string; units?: string; unitHashes?: string };
    writeUrlEnv?: string; lockTimeoutMs?: number; writes?: Partial<Record<WriteStatementName, string>>;
  }>;
  execution?: { enabled?: boolean };
  approvals?: { pattern?: string; verify?: { query?: string; approvedStatuses?: string[] } };
  state?: { kind?: 'files'; dir?: string } | { kind: 'postgres'; dir?: string; urlEnv?: string; schema?: string; connectTimeoutMs?: number };
}

/** Finds cutter.config.yaml in `from` or the nearest folder above it. */
export function findConfigFile(from: string): string | null {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/**
 * Loads the configuration from `file`, or from the nearest cutter.config.yaml above `cwd`, or
 * falls back to defaults (embedded hub under ./.cutter, execution disabled).
 */
export function loadConfig(options: { file?: string | undefined; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = options.file ? resolve(cwd, options.file) : findConfigFile(cwd);
  if (!file) return resolveConfig(null, cwd, { version: 1 }, env);
  // Read within the same bounds as a plan: a configuration is a few lines of UTF-8 YAML.
  const read = readPlanBytes(file);
  if ('error' in read) {
    throw new CutterError('config_unreadable', `cannot read ${file}: ${read.error.message}`, {
      hint: 'check the path given to --config', cause: read.error,
    });
  }
  const decoded = 'tooBig' in read
    ? { problem: { line: 1, column: 1, message: `larger than ${MAX_PLAN_BYTES / 1024 / 1024} MiB: not a configuration file` } }
    : decodePlanText(read.bytes);
  const textIssue = decoded.problem ?? textProblem(decoded.text!);
  if (textIssue) {
    const problem: Problem = { file, line: textIssue.line, column: textIssue.column, pointer: '', message: textIssue.message, severity: 'error' };
    throw new CutterError('config_invalid', `${file} is not a valid configuration:\n${formatProblem(problem)}`, {
      hint: 'save cutter.config.yaml as plain UTF-8 YAML; schemas/config.schema.json describes every field',
      details: { problems: [problem] },
    });
  }
  const text = decoded.text!;
  const { yaml, value, problems } = LocatedYaml.parse(file, text);
  const all: Problem[] = problems.length > 0 ? problems : validateLocated('config.schema.json', value, yaml);
  if (all.length === 0) {
    const pattern = (value as RawConfig).approvals?.pattern;
    if (pattern !== undefined) {
      try {
        new RegExp(pattern, 'u');
      } catch (e) {
        all.push({ file, ...yaml.locate('/approvals/pattern'), pointer: '/approvals/pattern', message: `not a valid regular expression: ${(e as Error).message}`, severity: 'error' });
      }
    }
  }
  if (all.length > 0) {
    throw new CutterError('config_invalid', `${file} is not a valid configuration:\n${all.map(formatProblem).join('\n')}`, {
      hint: 'fix the problems above; schemas/config.schema.json describes every field',
      details: { problems: all },
    });
  }
  return resolveConfig(file, dirname(file), value as RawConfig, env);
}

/**
 * The environment's switch: `1` or `true` enables, empty, `0` or `false` leaves the configuration
 * as it is (the environment can only enable, never disable what the configuration enabled);
 * anything else is refused rather than guessed.
 */
function environmentEnables(env: NodeJS.ProcessEnv): boolean {
  const value = (env[EXECUTION_ENV] ?? '').trim().toLowerCase();
  if (value === '1' || value === 'true') return true;
  if (value === '' || value === '0' || value === 'false') return false;
  throw new CutterError('config_invalid', `${EXECUTION_ENV}=${JSON.stringify(env[EXECUTION_ENV])} is neither 1 nor 0`, {
    hint: `set ${EXECUTION_ENV}=1 to enable live execution, or unset it`,
    details: { variable: EXECUTION_ENV },
  });
}

function resolveConfig(file: string | null, root: string, raw: RawConfig, env: NodeJS.ProcessEnv): Config {
  const sources: Record<string, SourceConfig> = {
    embedded: { kind: 'embedded', dir: resolve(root, '.cutter/hub'), seed: PACKAGE_SEED },
  };
  for (const [name, s] of Object.entries(raw.sources ?? {})) {
    sources[name] =
      s.kind === 'embedded'
        ? { kind: 'embedded', dir: resolve(root, s.dir ?? '.cutter/hub'), seed: s.seed ? resolve(root, s.seed) : PACKAGE_SEED }
        : {
            kind: 'postgres',
            urlEnv: s.urlEnv ?? 'CUTTER_DATABASE_URL',
            statementTimeoutMs: s.statementTimeoutMs ?? 10_000,
            connectTimeoutMs: s.connectTimeoutMs ?? 5_000,
            queries: s.queries ?? {},
            writeUrlEnv: s.writeUrlEnv ?? null,
            lockTimeoutMs: s.lockTimeoutMs ?? 5_000,
            writes: s.writes ?? {},
          };
  }
  const enabledBy: ExecutionSwitch[] = [];
  if (raw.execution?.enabled === true) enabledBy.push('config');
  if (environmentEnables(env)) enabledBy.push('environment');
  const stateDir = resolve(root, raw.state?.dir ?? '.cutter');
  return {
    file,
    root,
    sources,
    execution: { enabled: enabledBy.length > 0, enabledBy },
    approvals: {
      pattern: new RegExp(raw.approvals?.pattern ?? DEFAULT_APPROVAL_PATTERN, 'u'),
      verify: raw.approvals?.verify === undefined ? null : {
        query: raw.approvals.verify.query ?? DEFAULT_APPROVAL_QUERY,
        approvedStatuses: raw.approvals.verify.approvedStatuses ?? ['approved'],
      },
    },
    stateDir,
    state: raw.state?.kind === 'postgres'
      ? { kind: 'postgres', urlEnv: raw.state.urlEnv ?? 'CUTTER_STATE_URL', schema: raw.state.schema ?? 'cutter', connectTimeoutMs: raw.state.connectTimeoutMs ?? 5_000 }
      : { kind: 'files', dir: stateDir },
  };
}
