import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe } from 'vitest';
import type { Row } from '../../src/discovery/select.js';
import { postgresEngine, type TestHub } from './hubs.js';
import { adminQuery, pgServer } from './pg.js';
import { makeProject, REPO, SAMPLE_PLAN, type TestProject } from './project.js';

/**
 * A project whose plan runs live against a hub through the CLI, on either engine: the embedded
 * hub (PGlite) or a real PostgreSQL database read by a SELECT-only role and written by a writer
 * role (both made for this hub, with unique names, and dropped with it).
 */
export interface LiveHub {
  readonly engine: 'pglite' | 'postgres';
  readonly project: TestProject;
  /** What the CLI needs in its environment (connection URLs). */
  readonly env: NodeJS.ProcessEnv;
  /** The plan file (relative to the project): KB-6839 as ICX-CONST, live. */
  readonly plan: string;
  /** Unrestricted SQL on the hub, never the path under test; only between CLI runs. */
  sql(text: string, params?: unknown[]): Promise<Row[]>;
  /** Postgres only: the writer role's name, to revoke or grant in a test. */
  readonly writer: string | null;
  close(): Promise<void>;
}

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

const MAIN = join(REPO, 'dist', 'cli', 'main.js');

/** The built CLI as a child process; unlike support/cli.ts it reports the signal that ended it. */
export function cli(hub: LiveHub, args: readonly string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: hub.project.dir,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', CUTTER_EXECUTION_ENABLED: '', CUTTER_TEST_KILL_AT: '', ...hub.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const livePlan = (source: string) => SAMPLE_PLAN.replace('mode: dryrun', 'mode: live').replace('source: embedded', `source: ${source}`);

async function openEmbedded(options: { execution: boolean }): Promise<LiveHub> {
  const project = makeProject({ execution: options.execution });
  project.write('plans/live.yaml', livePlan('embedded'));
  return {
    engine: 'pglite', project, env: {}, plan: 'plans/live.yaml', writer: null,
    async sql(text, params = []) {
      const db = await PGlite.create(project.hubDir);
      try {
        return (await db.query<Row>(text, params)).rows;
      } finally {
        await db.close();
      }
    },
    async close() {
      project.remove();
    },
  };
}

async function openPostgres(options: { execution: boolean; lockTimeoutMs?: number }): Promise<LiveHub> {
  const hub: TestHub = await postgresEngine.open('live');
  const tag = randomBytes(4).toString('hex');
  const reader = `cutter_reader_${tag}`;
  const writer = `cutter_writer_${tag}`;
  await hub.exec(`
    CREATE ROLE ${reader} LOGIN; CREATE ROLE ${writer} LOGIN;
    GRANT SELECT ON kb_documents, kb_information_units TO ${reader};
    GRANT SELECT, UPDATE ON kb_documents TO ${writer};
    GRANT SELECT, INSERT, UPDATE ON kb_information_units TO ${writer};
    GRANT SELECT, INSERT ON cutter_executions TO ${writer};`);
  const as = (role: string): string => {
    const url = new URL(hub.url!);
    url.username = role;
    return url.toString();
  };
  const project = makeProject({ execution: options.execution });
  project.write('cutter.config.yaml', [
    'version: 1',
    'sources:',
    '  hub:',
    '    kind: postgres',
    '    urlEnv: HUB_READ_URL',
    '    writeUrlEnv: HUB_WRITE_URL',
    `    lockTimeoutMs: ${options.lockTimeoutMs ?? 5000}`,
    'execution:',
    `  enabled: ${options.execution}`,
    '',
  ].join('\n'));
  project.write('plans/live.yaml', livePlan('hub'));
  return {
    engine: 'postgres', project, plan: 'plans/live.yaml', writer,
    env: { HUB_READ_URL: as(reader), HUB_WRITE_URL: as(writer) },
    sql: (text, params) => hub.admin(text, params),
    async close() {
      project.remove();
      await hub.close();
      await adminQuery(`DROP ROLE IF EXISTS ${reader}`);
      await adminQuery(`DROP ROLE IF EXISTS ${writer}`);
    },
  };
}

export interface LiveEngine {
  readonly name: LiveHub['engine'];
  open(options: { execution: boolean; lockTimeoutMs?: number }): Promise<LiveHub>;
}

export const LIVE_ENGINES: readonly LiveEngine[] = [
  { name: 'pglite', open: openEmbedded },
  { name: 'postgres', open: openPostgres },
];

/** The suite once per engine; the real server's suite is skipped when it does not answer. */
export async function describeEachLiveEngine(title: string, body: (engine: LiveEngine) => void): Promise<void> {
  const pgUp = (await pgServer()) !== null;
  for (const engine of LIVE_ENGINES) {
    describe.skipIf(engine.name === 'postgres' && !pgUp)(`${title} [${engine.name}]`, () => body(engine));
  }
}

/** The hub's units of a document as rows to compare, and how many rows there are in all. */
export async function unitRows(hub: LiveHub, documentId = 'KB-6839'): Promise<{ rows: string[]; total: number; journal: number }> {
  const rows = await hub.sql(
    'SELECT iu_id, content_sha256, status, path, ordinal FROM kb_information_units WHERE document_id = $1 ORDER BY iu_id', [documentId],
  );
  const [count] = await hub.sql('SELECT (SELECT count(*) FROM kb_information_units) AS units, (SELECT count(*) FROM cutter_executions) AS journal');
  return {
    rows: rows.map((r) => `${String(r['iu_id'])} ${String(r['content_sha256'])} ${String(r['status'])} ${String(r['path'])} ${String(r['ordinal'])}`),
    total: Number(count!['units']),
    journal: Number(count!['journal']),
  };
}

/** The run id printed by apply. */
export function runIdOf(r: CliRun): string {
  const m = /cutter resume (\S+) --approval/u.exec(r.stdout);
  if (!m) throw new Error(`no run id in:\n${r.stdout}\n${r.stderr}`);
  return m[1]!;
}

let approvals = 0;
/** A fresh approval id: an id is used once in the whole state store. */
export const nextApproval = (): string => `KB-${9000 + (approvals += 1)}${randomBytes(1)[0]}`;

export function readCloseout(hub: LiveHub, runId: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(hub.project.dir, '.cutter', 'reports', runId, 'closeout.json'), 'utf8')) as Record<string, unknown>;
}
