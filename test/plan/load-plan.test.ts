import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/plan/located-yaml.js';
import { checkPlanText, loadPlan } from '../../src/plan/load-plan.js';
import { CutterError } from '../../src/errors.js';

const errorsOf = (text: string) => checkPlanText('p.yaml', text).problems.map(formatProblem);

describe('plan loading', () => {
  it('fills defaults for a minimal plan', () => {
    const check = checkPlanText('p.yaml', 'version: 1\ndocument: KB-1\nprefix: ICX\n');
    expect(check.problems).toEqual([]);
    expect(check.plan).toEqual({
      version: 1, document: 'KB-1', prefix: 'ICX', mode: 'dryrun', source: 'embedded',
      cut: { profile: 'vn-legal', unit: 'clause' }, policy: { maxUnits: 5000, maxRetireRatio: 0.2 }, approvals: {},
    });
  });

  it('reports every schema problem at once, in file order, with line and column', () => {
    expect(errorsOf([
      'version: 1',
      'prefix: ICX',
      'policy:',
      '  maxUnits: 0',
      '  maxRetireRatio: 1.5',
      'approvals:',
      '  SG_1: { id: KB-7001, fingerprint: "md5:abc" }',
      '  SG_3: { id: KB-7002, fingerprint: "x" }',
    ].join('\n'))).toEqual([
      'p.yaml:1:1  /  missing required property "document"',
      'p.yaml:4:13  /policy/maxUnits  must be >= 1',
      'p.yaml:5:19  /policy/maxRetireRatio  must be <= 1',
      'p.yaml:7:37  /approvals/SG_1/fingerprint  must match ^sha256:[0-9a-f]{64}$',
      'p.yaml:8:3  /approvals/SG_3  unknown property "SG_3"; known here: SG_1, SG_2',
    ]);
  });

  it('rejects duplicate keys with their position', () => {
    const [first] = errorsOf('version: 1\ndocument: KB-1\ndocument: KB-2\nprefix: ICX\n');
    expect(first).toMatch(/^p\.yaml:3:1 {2}\/ {2}Map keys must be unique/);
  });

  it('reports an alias bomb against the file instead of exhausting memory', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefghij'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(', ')}]`)].join('\n');
    const problems = checkPlanText('bomb.yaml', bomb).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/alias/i);
  });

  it('a scalar or empty file is a plan problem, not a crash', () => {
    expect(errorsOf('just text')).toEqual(['p.yaml:1:1  /  must be a YAML mapping of keys to values (version: 1, …), not a string']);
    expect(errorsOf('- a\n- b\n')).toEqual(['p.yaml:1:1  /  must be a YAML mapping of keys to values (version: 1, …), not a list']);
    expect(errorsOf('')).toEqual(['p.yaml:1:1  /  the file is empty: it holds no YAML mapping (nothing but blank lines or comments)']);
    expect(errorsOf('# only a comment\n\n')).toEqual(['p.yaml:1:1  /  the file is empty: it holds no YAML mapping (nothing but blank lines or comments)']);
  });

  it('loadPlan throws plan_invalid carrying every problem', () => {
    const e = (() => { try { loadPlan('/nonexistent/plan.yaml'); return null; } catch (x) { return x; } })();
    expect(e).toBeInstanceOf(CutterError);
    expect((e as CutterError).code).toBe('plan_invalid');
    expect((e as CutterError).message).toContain('/nonexistent/plan.yaml:1:1  /  no such file');
  });
});
