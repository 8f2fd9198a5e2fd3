import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutter } from '../support/cli.js';
import { pgServer, type TestDatabase } from '../support/pg.js';
import { makeProject, SAMPLE_PLAN, type TestProject } from '../support/project.js';

const server = await pgServer();

const SHARED = `state:
  kind: postgres
  urlEnv: CUTTER_STATE_URL
  schema: team_state
`;

describe.skipIf(!server)('cutter state migrate / import, doctor and bad input on a PostgreSQL state store', () => {
  let db: TestDatabase;
  let project: TestProject;
  let localRun = '';
  const run = (args: string[], env: NodeJS.ProcessEnv = { CUTTER_STATE_URL: db.url }) => cutter(args, { cwd: project.dir, env });

  beforeAll(async () => {
    db = await server!.createDatabase('state_commands');
    project = makeProject();
    project.write('plans/icx.yaml', SAMPLE_PLAN);
    // A run made while the project kept its state in files, before the team moved to PostgreSQL.
    const applied = run(['apply', 'plans/icx.yaml', '--json']);
    expect(applied.code, applied.stderr).toBe(3);
    localRun = JSON.parse(applied.stdout).run.runId;
    const config = join(project.dir, 'cutter.config.yaml');
    writeFileSync(config, `${readFileSync(config, 'utf8')}${SHARED}`);
  });
  afterAll(async () => {
    project?.remove();
    await db?.drop();
  });

  it('doctor warns that the tables are not there yet, without creating them', async () => {
    const r = run(['doctor', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { state } = JSON.parse(r.stdout);
    expect(state).toMatchObject({ kind: 'postgres', ok: true });
    expect(state.location).toMatch(/^the PostgreSQL state store postgres:\/\/postgres@127\.0\.0\.1:5432\/cutter_test_state_commands_\w+ \(schema team_state\)$/u);
    expect(state.checks).toContainEqual(expect.objectContaining({ check: 'schema', status: 'warn' }));
    const schemas = await db.admin.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = 'team_state'");
    expect(schemas.rowCount).toBe(0);
  });

  it('state migrate creates the tables once, and says so', async () => {
    const first = run(['state', 'migrate']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('schema version 0 -> 1');
    const second = run(['state', 'migrate']);
    expect(second.stdout).toContain('is up to date (schema version 1)');
    const versions = await db.admin.query('SELECT version FROM team_state.schema_version');
    expect(versions.rowCount).toBe(1);
    const doctor = run(['doctor']);
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toMatch(/ok\s+schema\s+schema team_state at version 1/u);
  });

  it('state import copies the local runs with their results and journal, once; the run goes on from the shared store', () => {
    const imported = run(['state', 'import', '.cutter']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('1 imported, 0 already there, 0 refused.');
    expect(run(['state', 'import', '.cutter']).stdout).toContain('0 imported, 1 already there, 0 refused.');

    const listed = JSON.parse(run(['runs', '--json']).stdout);
    expect(listed.runs.map((r: { runId: string }) => r.runId)).toEqual([localRun]);
    const shown = run(['show', localRun]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('SG_1  ICX-CONST');
    const events = JSON.parse(run(['status', localRun, '--json']).stdout).events as { type: string }[];
    expect(events[0]!.type).toBe('run_created');

    const resumed = run(['resume', localRun, '--approval', 'KB-7001']);
    expect(resumed.code, resumed.stderr).toBe(3);
    expect(resumed.stdout).toContain(`Run ${localRun} is paused at SG_2`);
  });

  it('a newer cutter\'s schema is refused with the store named and a hint (exit 1)', async () => {
    await db.admin.query("INSERT INTO team_state.schema_version (version, description, tool_version) VALUES (42, 'later', '9.9.9')");
    try {
      const r = run(['runs']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error\[state_schema_newer\]: the PostgreSQL state store postgres:\/\/postgres@127\.0\.0\.1:5432\/\w+ \(schema team_state\) has schema version 42, made by a newer cutter/u);
      expect(r.stderr).toContain('hint: upgrade cutter');
      expect(r.stderr).not.toMatch(/\n\s+at /u); // no stack trace without --debug
      const doctor = run(['doctor']);
      expect(doctor.code).toBe(1);
      expect(doctor.stdout).toContain('Problems in the state store.');
    } finally {
      await db.admin.query('DELETE FROM team_state.schema_version WHERE version = 42');
    }
  });

  it('an unreachable state database: the store named, a hint, exit 1, and never the password', () => {
    const env = { CUTTER_STATE_URL: 'postgres://alice:hunter2-secret@127.0.0.1:1/team' };
    for (const args of [['runs'], ['apply', 'plans/icx.yaml'], ['state', 'migrate']]) {
      const r = run(args, env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('error[state_connection_refused]: the PostgreSQL state store postgres://alice@127.0.0.1:1/team (schema team_state): cannot connect');
      expect(r.stderr).toContain('hint: check that PostgreSQL is running');
      expect(r.stdout + r.stderr).not.toContain('hunter2');
    }
    const missing = run(['runs'], {});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error[state_url_missing]: the state store: $CUTTER_STATE_URL is not set');
    // plan creates no run, so a pull request's job needs no state store at all.
    expect(run(['plan', 'plans/icx.yaml'], {}).code).toBe(2);
  });
});
