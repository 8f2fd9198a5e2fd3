import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CutterError } from '../errors.js';
import { formatProblem, LocatedYaml, type Problem } from './located-yaml.js';
import { DEFAULT_APPROVAL_PATTERN } from './plan.js';
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
  readonly queries: { readonly document?: string; readonly units?: string };
}

export type SourceConfig = EmbeddedSourceConfig | PostgresSourceConfig;

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
  readonly execution: { readonly enabled: boolean };
  readonly approvals: { readonly pattern: RegExp; readonly verify?: ApprovalVerification | null | undefined };
  /** Absolute path of the state folder (runs, reports). */
  readonly stateDir: string;
}

interface RawConfig {
  version: 1;
  sources?: Record<string, { kind: 'embedded'; dir?: string; seed?: string } | {
    kind: 'postgres'; urlEnv?: string; statementTimeoutMs?: number; connectTimeoutMs?: number;
    queries?: { document?: string; units?: string };
  }>;
  execution?: { enabled?: boolean };
  approvals?: { pattern?: string; verify?: { query?: string; approvedStatuses?: string[] } };
  state?: { dir?: string };
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
export function loadConfig(options: { file?: string | undefined; cwd?: string } = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const file = options.file ? resolve(cwd, options.file) : findConfigFile(cwd);
  if (!file) return resolveConfig(null, cwd, { version: 1 });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CutterError('config_unreadable', `cannot read ${file}: ${(e as Error).message}`, {
      hint: 'check the path given to --config', cause: e,
    });
  }
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
  return resolveConfig(file, dirname(file), value as RawConfig);
}

function resolveConfig(file: string | null, root: string, raw: RawConfig): Config {
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
          };
  }
  return {
    file,
    root,
    sources,
    execution: { enabled: raw.execution?.enabled ?? false },
    approvals: {
      pattern: new RegExp(raw.approvals?.pattern ?? DEFAULT_APPROVAL_PATTERN, 'u'),
      verify: raw.approvals?.verify === undefined ? null : {
        query: raw.approvals.verify.query ?? DEFAULT_APPROVAL_QUERY,
        approvedStatuses: raw.approvals.verify.approvedStatuses ?? ['approved'],
      },
    },
    stateDir: resolve(root, raw.state?.dir ?? '.cutter'),
  };
}
