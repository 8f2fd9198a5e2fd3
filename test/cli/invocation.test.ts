import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pasteable } from '../../src/cli/invocation.js';
import { cutter } from '../support/cli.js';
import { makeProject, SAMPLE_PLAN, type TestProject } from '../support/project.js';

const viaNpx = { env: { npm_command: 'exec', npm_config_user_agent: 'npm/11 node/v20' }, global: {} };

describe('printed commands under npx', () => {
  it('rewrites `cutter <command>` once, and leaves a command that is already pasteable as it is', () => {
    expect(pasteable(viaNpx, 'hint: cutter resume R --approval KB-NNNN')).toBe('hint: npx cutter resume R --approval KB-NNNN');
    expect(pasteable(viaNpx, 'then: npx cutter abort R')).toBe('then: npx cutter abort R');
    expect(pasteable({ ...viaNpx, global: { config: 'x.yaml' } }, '`cutter state migrate`')).toBe('`npx cutter --config x.yaml state migrate`');
    expect(pasteable({ env: {}, global: {} }, 'cutter status R')).toBe('cutter status R');
  });

  describe('a second apply of a document with an active run, through npx', () => {
    let project: TestProject;
    beforeAll(() => {
      project = makeProject();
      project.write('plans/icx.yaml', SAMPLE_PLAN);
    });
    afterAll(() => project.remove());

    it('names the commands to resume or abort it once prefixed, ready to paste', () => {
      const env = { npm_command: 'exec', npm_config_user_agent: 'npm/11 node/v20' };
      expect(cutter(['apply', 'plans/icx.yaml'], { cwd: project.dir, env }).code).toBe(3);
      const refused = cutter(['apply', 'plans/icx.yaml'], { cwd: project.dir, env });
      expect(refused.code).toBe(4);
      expect(refused.stderr).toMatch(/error\[run_active\]/u);
      expect(refused.stderr).toMatch(/\n\s+npx cutter abort \S+/u);
      expect(refused.stderr).not.toContain('npx npx');
    });
  });
});
