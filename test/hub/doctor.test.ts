import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { doctor, type DoctorReport } from '../../src/hub/doctor.js';
import { openSource } from '../../src/hub/open-source.js';
import { randomBytes } from 'node:crypto';
import { loadConfig, type PostgresSourceConfig } from '../../src/plan/config.js';
import { SCHEMAS_DIR } from '../../src/plan/schemas.js';
import { cutter } from '../support/cli.js';
import { pgServer, type TestDatabase } from '../support/pg.js';
import { makeProject, type TestProject } from '../support/project.js';

const SECRET = 'doctor-pw-7Yx';
const server = await pgServer();

const CONFIG = `version: 1
sources:
  embedded:
    kind: embedded
    dir: .cutter/hub
  hub:
    kind: postgres
    urlEnv: HUB_URL
    statementTimeoutMs: 4000
  badwrites:
    kind: postgres
    urlEnv: HUB_URL
    writes:
      upsertUnit: INSERT INTO kb_units_gone (iu_id, document_id, prefix, path, ordinal, heading, body, content_sha256) VALUES (:iu_id, :document_id, :prefix, :path, :ordinal, :heading, :body, :content_sha256)
      retireUnit: DELETE FROM kb_information_units WHERE iu_id = :iu_id
      lockDocument: SELECT rev AS revision FROM kb_documents WHERE id = :document_id FOR UPDATE
      lockUnits: SELECT iu_id, document_id FROM kb_information_units WHERE iu_id = ANY(:iu_ids::text[]) FOR UPDATE
      findExecution: SELECT token FROM journal_gone WHERE token = :token
  legacy:
    kind: postgres
    urlEnv: HUB_URL
    queries:
      document: SELECT doc_key AS id, name AS title FROM legacy_docs WHERE doc_key = :id
  unset:
    kind: postgres
    urlEnv: CUTTER_TEST_UNSET_URL
execution:
  enabled: true
`;

const statuses = (report: DoctorReport, source: string): Record<string, string> =>
  Object.fromEntries(report.sources.find((s) => s.name === source)!.checks.map((c) => [c.check, c.status]));

describe('doctor', () => {
  let project: TestProject;
  let db: TestDatabase | undefined;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    project = makeProject();
    project.write('cutter.config.yaml', CONFIG);
    if (server) {
      db = await server.createDatabase('doctor');
      await db.admin.query(readFileSync(join(SCHEMAS_DIR, 'hub.sql'), 'utf8'));
    }
    const url = db ? new URL(db.url) : new URL('postgres://nobody@127.0.0.1:1/none');
    url.password = SECRET;
    env = { HUB_URL: url.toString() };
  });
  afterAll(async () => {
    project?.remove();
    await db?.drop();
  });

  it('checks the embedded hub: reachable, version, read-only twice, default queries; no timeout on PGlite', async () => {
    const report = await doctor(loadConfig({ cwd: project.dir }), { source: 'embedded', env });
    expect(statuses(report, 'embedded')).toEqual({
      reachable: 'ok', server_version: 'ok', read_only: 'ok', statement_timeout: 'skip', queries: 'ok', writes: 'ok',
    });
    expect(report.sources[0]!.checks.find((c) => c.check === 'read_only')!.details).toMatchObject({ clientRefused: true, serverSqlstate: '25006' });
    expect(report).toMatchObject({ ok: true, execution: { enabled: true } });
  });

  it('an embedded hub made before the execution journal: doctor says the first live apply adds it, and it does', async () => {
    const older = makeProject({ execution: true });
    try {
      const db = await PGlite.create(older.hubDir);
      await db.exec('DROP TABLE cutter_executions');
      await db.close();
      const config = loadConfig({ cwd: older.dir, env: {} });
      const report = await doctor(config, { source: 'embedded', env });
      expect(report.sources[0]!.checks.find((c) => c.check === 'writes')).toMatchObject({
        status: 'ok', message: expect.stringContaining('the first live apply adds the cutter_executions table'),
      });
      const source = await openSource(config, 'embedded', { write: true, env: {} });
      try {
        expect(await source.liveExecutor!.committed('no-such-token')).toBe(false);
      } finally {
        await source.close();
      }
      expect((await doctor(config, { source: 'embedded', env })).sources[0]!.checks.find((c) => c.check === 'writes')!.message)
        .not.toContain('predates');
    } finally {
      older.remove();
    }
  });

  it('skips an embedded hub that does not exist yet rather than creating it', async () => {
    const report = await doctor({ ...loadConfig({ cwd: project.dir }), sources: { e: { kind: 'embedded', dir: join(project.dir, 'none'), seed: '' } } }, { env });
    expect(statuses(report, 'e')).toEqual({ reachable: 'skip' });
    expect(report.ok).toBe(true);
  });

  it('names the variable to set for a source with no connection, and fails', async () => {
    const report = await doctor(loadConfig({ cwd: project.dir }), { source: 'unset', env });
    expect(report.ok).toBe(false);
    expect(report.sources[0]!.checks[0]).toMatchObject({ check: 'connection', status: 'fail', hint: expect.stringContaining('CUTTER_TEST_UNSET_URL') });
  });

  it('refuses an unknown source name', async () => {
    await expect(doctor(loadConfig({ cwd: project.dir }), { source: 'nope', env })).rejects.toMatchObject({ code: 'source_unknown' });
  });

  describe.skipIf(!server)('on the real server', () => {
    it('reports every check for a healthy source; a superuser is a warning, not a failure', async () => {
      const report = await doctor(loadConfig({ cwd: project.dir }), { source: 'hub', env });
      expect(statuses(report, 'hub')).toEqual({
        connection: 'ok', reachable: 'ok', server_version: 'ok', read_only: 'ok', statement_timeout: 'ok', queries: 'ok', role: 'warn',
        writer: 'ok', writes: 'ok',
      });
      const checks = report.sources[0]!.checks;
      expect(checks.find((c) => c.check === 'server_version')!.message).toMatch(/^PostgreSQL 1\d\./);
      expect(checks.find((c) => c.check === 'statement_timeout')!.message).toContain('4s');
      expect(report.ok).toBe(true);
    });

    it('checks the write statements without writing: names each one that does not fit, and why', async () => {
      const digest = async () => (await db!.admin.query("SELECT md5(string_agg(u::text, '|' ORDER BY iu_id)) AS h, count(*) AS n FROM kb_information_units u")).rows[0];
      const before = await digest();
      const report = await doctor(loadConfig({ cwd: project.dir }), { source: 'badwrites', env });
      const writes = report.sources[0]!.checks.find((c) => c.check === 'writes')!;
      expect(writes.status).toBe('fail');
      expect(writes.message).toContain('the upsertUnit statement: relation "kb_units_gone" does not exist (SQLSTATE 42P01)');
      expect(writes.message).toContain('the retireUnit statement: DELETE is not allowed (a retirement sets status, it never deletes)');
      expect(writes.message).toContain('the lockDocument statement: column "rev" does not exist');
      expect(writes.message).toContain('the lockUnits statement: it does not return the columns prefix, content_sha256, status, ordinal, heading');
      expect(writes.message).toContain('the findExecution statement: relation "journal_gone" does not exist');
      expect(writes.message).not.toContain('recordExecution');
      expect(report.ok).toBe(false);
      expect(await digest()).toEqual(before);
      // Without execution enabled the same problems only warn: a read-only setup stays healthy.
      const config = loadConfig({ cwd: project.dir });
      const disabled = await doctor({ ...config, execution: { enabled: false, enabledBy: [] } }, { source: 'badwrites', env });
      expect(disabled.sources[0]!.checks.find((c) => c.check === 'writes')!.status).toBe('warn');
    });

    it('checks the writer role of writeUrlEnv: names the statements it may not run, then passes once granted', async () => {
      const tag = randomBytes(4).toString('hex');
      const writer = `cutter_doctor_writer_${tag}`;
      await db!.admin.query(`CREATE ROLE ${writer} LOGIN; GRANT SELECT ON kb_documents, kb_information_units, cutter_executions TO ${writer}`);
      try {
        const url = new URL(db!.url);
        url.username = writer;
        const base = loadConfig({ cwd: project.dir });
        const hub = base.sources['hub']!;
        const config = { ...base, sources: { split: { ...hub, writeUrlEnv: 'WRITER_URL' } as PostgresSourceConfig } };
        const missing = await doctor(config, { env });
        expect(missing.sources[0]!.checks.find((c) => c.check === 'writer')).toMatchObject({ status: 'fail', message: expect.stringContaining('$WRITER_URL') });

        const denied = await doctor(config, { env: { ...env, WRITER_URL: url.toString() } });
        const checks = denied.sources[0]!.checks;
        expect(checks.find((c) => c.check === 'writer')!.message).toContain(`live writes connect as role ${writer}`);
        const writes = checks.find((c) => c.check === 'writes')!;
        expect(writes).toMatchObject({ status: 'fail', hint: expect.stringContaining('grant the writer role') });
        expect(writes.message).toContain('the upsertUnit statement: permission denied for table kb_information_units (SQLSTATE 42501)');
        expect(writes.message).toContain('the lockDocument statement: permission denied for table kb_documents');

        await db!.admin.query(`GRANT UPDATE ON kb_documents TO ${writer}; GRANT INSERT, UPDATE ON kb_information_units TO ${writer}; GRANT INSERT ON cutter_executions TO ${writer}`);
        const granted = await doctor(config, { env: { ...env, WRITER_URL: url.toString() } });
        expect(granted.sources[0]!.checks.find((c) => c.check === 'writes')!.status).toBe('ok');
      } finally {
        await db!.admin.query(`DROP OWNED BY ${writer}; DROP ROLE ${writer}`);
      }
    });

    it('says which switch enabled execution', async () => {
      const off = makeProject();
      try {
        off.write('cutter.config.yaml', 'version: 1\n');
        expect((await doctor(loadConfig({ cwd: off.dir, env: {} }), { env })).execution).toMatchObject({ enabled: false, enabledBy: [] });
        const byEnv = await doctor(loadConfig({ cwd: off.dir, env: { CUTTER_EXECUTION_ENABLED: '1' } }), { env });
        expect(byEnv.execution).toMatchObject({ enabled: true, enabledBy: ['environment'] });
        expect(byEnv.execution.message).toContain('CUTTER_EXECUTION_ENABLED=1 in the environment');
        const r = cutter(['doctor', '--source', 'embedded'], { cwd: project.dir, env: { ...env, CUTTER_EXECUTION_ENABLED: '1' } });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('execution is enabled by execution.enabled: true in the configuration and CUTTER_EXECUTION_ENABLED=1 in the environment');
      } finally {
        off.remove();
      }
    });

    it('names the missing table and columns of a source with its own queries', async () => {
      const report = await doctor(loadConfig({ cwd: project.dir }), { source: 'legacy', env });
      const queries = report.sources[0]!.checks.find((c) => c.check === 'queries')!;
      expect(queries).toMatchObject({ status: 'fail', message: expect.stringContaining('relation "legacy_docs" does not exist (SQLSTATE 42P01)') });
      await db!.admin.query('CREATE TABLE legacy_docs (doc_key text, name text)');
      const again = await doctor(loadConfig({ cwd: project.dir }), { source: 'legacy', env });
      expect(again.sources[0]!.checks.find((c) => c.check === 'queries')!.message)
        .toBe('the document query does not return the columns body, revision, status');
    });

    it('cutter doctor runs as a command: exit 0 when healthy, 1 when a source fails, JSON on demand, never the password', () => {
      const ok = cutter(['doctor', '--source', 'hub'], { cwd: project.dir, env });
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/ok {4}read_only {10}a write is refused twice/);
      expect(ok.stdout).toContain(`postgres://postgres@`);

      const all = cutter(['doctor', '--json'], { cwd: project.dir, env });
      expect(all.code).toBe(1);
      const report = JSON.parse(all.stdout) as { format_version: number; sources: { name: string; ok: boolean }[] };
      expect(report.format_version).toBe(1);
      expect(report.sources.map((s) => [s.name, s.ok])).toEqual([['badwrites', false], ['embedded', true], ['hub', true], ['legacy', false], ['unset', false]]);

      for (const r of [ok, all]) expect(r.stdout + r.stderr).not.toContain(SECRET);
    });
  });
});
