import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { pgServer, type TestDatabase } from '../support/pg.js';
import { REPO } from '../support/project.js';

const CI = join(REPO, 'examples', 'ci', '.github');
const workflow = (name: string): unknown => parse(readFileSync(join(CI, 'workflows', name), 'utf8'));

/** A step list that contains a step matching `step`. */
const hasStep = (step: Record<string, unknown>) => ({ type: 'array', contains: { type: 'object', ...step } });
const runs = (pattern: string, env?: Record<string, unknown>) => ({
  required: ['run', ...(env ? ['env'] : [])],
  properties: { run: { type: 'string', pattern }, ...(env ? { env: { type: 'object', required: Object.keys(env), properties: env } } : {}) },
});
const checkout = { required: ['uses', 'with'], properties: { uses: { pattern: '^actions/checkout@v\\d+$' }, with: { required: ['fetch-depth'], properties: { 'fetch-depth': { const: 0 } } } } };
const oneJob = (steps: unknown) => ({
  type: 'object', minProperties: 1, maxProperties: 1,
  additionalProperties: { type: 'object', required: ['runs-on', 'steps'], properties: { steps } },
});

/** What the pull-request workflow must do: plan exactly what the pull request touches, and comment once. */
const PLAN_WORKFLOW = {
  type: 'object',
  required: ['on', 'permissions', 'jobs'],
  properties: {
    on: { type: 'object', required: ['pull_request'] },
    permissions: { type: 'object', required: ['pull-requests'], properties: { 'pull-requests': { const: 'write' }, contents: { const: 'read' } } },
    jobs: oneJob({
      allOf: [
        hasStep(checkout),
        hasStep(runs('^\\.github/cutter/plan-changed\\.sh "\\$BASE_REF" cutter-plan\\.md$', { BASE_REF: { pattern: 'github\\.base_ref' } })),
        hasStep(runs('^\\.github/cutter/comment-on-pr\\.sh "\\$PR_NUMBER" cutter-plan\\.md$', { GH_TOKEN: { type: 'string' }, PR_NUMBER: { pattern: 'pull_request\\.number' } })),
      ],
    }),
  },
};

/** What the main-branch workflow must do: apply merged plans on the shared state, execution by the operator's switch. */
const APPLY_WORKFLOW = {
  type: 'object',
  required: ['on', 'concurrency', 'jobs'],
  properties: {
    on: { type: 'object', required: ['push'], properties: { push: { type: 'object', required: ['branches'], properties: { branches: { const: ['main'] } } } } },
    concurrency: { type: 'object', required: ['group', 'cancel-in-progress'], properties: { 'cancel-in-progress': { const: false } } },
    jobs: oneJob({
      allOf: [
        hasStep(checkout),
        hasStep(runs('^\\.github/cutter/apply-changed\\.sh "\\$BEFORE"$', {
          CUTTER_STATE_URL: { pattern: '^\\$\\{\\{ secrets\\.' },
          CUTTER_EXECUTION_ENABLED: { pattern: '^\\$\\{\\{ vars\\.' },
          BEFORE: { pattern: 'github\\.event\\.before' },
        })),
      ],
    }),
  },
};

describe('examples/ci: the workflows a team copies', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });

  it.each([
    ['cutter-plan.yml', PLAN_WORKFLOW],
    ['cutter-apply.yml', APPLY_WORKFLOW],
  ])('%s is valid YAML with what it must contain', (name, schema) => {
    const validate = ajv.compile(schema);
    const valid = validate(workflow(name));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema catches a workflow that lost what matters', () => {
    const broken = workflow('cutter-plan.yml') as { permissions: Record<string, string> };
    broken.permissions['pull-requests'] = 'read';
    expect(ajv.compile(PLAN_WORKFLOW)(broken)).toBe(false);
  });

  it('the scripts the workflows call exist, are executable, and run the cutter commands', () => {
    const script = (name: string): string => {
      const path = join(CI, 'cutter', name);
      accessSync(path, constants.X_OK);
      return readFileSync(path, 'utf8');
    };
    expect(script('plan-changed.sh')).toMatch(/^cutter validate --changed-since "\$base"$/mu);
    expect(script('plan-changed.sh')).toMatch(/^cutter plan --changed-since "\$base" --format markdown > "\$report"$/mu);
    expect(script('apply-changed.sh')).toMatch(/^ {2}cutter apply "\$plan"$/mu);
    expect(script('comment-on-pr.sh')).toMatch(/gh api --method PATCH/u);
  });
});

const server = await pgServer();
let db: TestDatabase | undefined;
afterAll(async () => db?.drop());

describe('examples/ci: the workflows\' commands, run as they are written, on the embedded hub', () => {
  it(`a pull request is planned, its pinned approvals apply it on main, and they cannot be used again${server ? ' (state in PostgreSQL)' : ''}`, async () => {
    db = server ? await server.createDatabase('ci_workflows') : undefined;
    const r = spawnSync('bash', [join(REPO, 'test', 'ci', 'run-example-workflows.sh'), REPO, inject('hubTemplate')], {
      encoding: 'utf8',
      env: { ...process.env, ...(db ? { CUTTER_STATE_URL: db.url, CUTTER_STATE_SCHEMA: 'team' } : {}) },
      timeout: 120_000,
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain('example workflows: every step passed');
    if (db) {
      const runs = await db.admin.query<{ status: string }>('SELECT status FROM team.runs ORDER BY created_at');
      // The shared store holds the closed run; the replayed approvals were refused before a second run existed.
      expect(runs.rows.map((x) => x.status)).toEqual(['CLOSEOUT_REPORTED']);
      const approvals = await db.admin.query<{ id: string }>('SELECT id FROM team.approvals ORDER BY id');
      expect(approvals.rows.map((x) => x.id)).toEqual(['KB-7001', 'KB-7002']);
    }
  });
});
