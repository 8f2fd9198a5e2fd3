import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/plan/located-yaml.js';
import { checkPlanText } from '../../src/plan/load-plan.js';

const check = (text: string) => checkPlanText('b.yaml', text);
const problems = (text: string) => check(text).problems.map(formatProblem);

describe('batch plans', () => {
  it('fill each document from the shared fields; a document\'s cut replaces the shared one, its policy fields override', () => {
    const r = check([
      'version: 1', 'mode: dryrun', 'cut: {profile: vn-legal, unit: article}', 'policy: {maxUnits: 100, maxRetireRatio: 0.5}',
      'documents:', '  - {document: KB-1, prefix: LAW-A}', '  - {document: KB-2, prefix: LAW-B, cut: {profile: markdown}, policy: {maxUnits: 7}}', '',
    ].join('\n'));
    expect(r.problems).toEqual([]);
    expect(r.plan).toBeUndefined();
    expect(r.batch!.documents).toEqual([
      { version: 1, document: 'KB-1', prefix: 'LAW-A', mode: 'dryrun', source: 'embedded', cut: { profile: 'vn-legal', unit: 'article' }, policy: { maxUnits: 100, maxRetireRatio: 0.5 }, approvals: {} },
      { version: 1, document: 'KB-2', prefix: 'LAW-B', mode: 'dryrun', source: 'embedded', cut: { profile: 'markdown', unit: 'h6' }, policy: { maxUnits: 7, maxRetireRatio: 0.5 }, approvals: {} },
    ]);
  });

  it('report every problem at its place: a document or prefix twice, a prefix starting another\'s ids, a document\'s own cut, document beside documents', () => {
    expect(problems([
      'version: 1',
      'document: KB-9',
      'documents:',
      '  - document: KB-1',
      '    prefix: LAW',
      '  - document: KB-2',
      '    prefix: LAW-B',
      '    cut: {profile: vn-legal, unit: h2}',
      '  - document: KB-1',
      '    prefix: LAW-C',
      '  - document: KB-3',
      '    prefix: LAW-C',
      '',
    ].join('\n'))).toEqual([
      'b.yaml:2:11  /document  a batch plan lists its documents under documents:; move document into one of its entries',
      'b.yaml:7:13  /documents/1/prefix  the ids of LAW-B (LAW-B-…) also start with LAW-, the prefix of KB-1 at /documents/0 (line 5): their units could not be told apart; choose prefixes where neither is the start of the other',
      'b.yaml:8:36  /documents/1/cut/unit  profile vn-legal has no level "h2"; use one of: part, chapter, section, article, clause, point',
      'b.yaml:9:15  /documents/2/document  document KB-1 is already in this batch at /documents/0 (line 4); list each document once',
      'b.yaml:10:13  /documents/2/prefix  the ids of LAW-C (LAW-C-…) also start with LAW-, the prefix of KB-1 at /documents/0 (line 5): their units could not be told apart; choose prefixes where neither is the start of the other',
      'b.yaml:12:13  /documents/3/prefix  prefix LAW-C is already used by KB-1 at /documents/2 (line 10); each document needs its own prefix',
    ]);
  });

  it('keep the schema\'s checks on every entry, and a plan of one document still needs document and prefix', () => {
    expect(problems('version: 1\ndocuments:\n  - {document: KB-1, prefx: X}\n')).toEqual([
      'b.yaml:3:5  /documents/0  missing required property "prefix"',
      'b.yaml:3:22  /documents/0/prefx  unknown property "prefx"; did you mean "prefix"?',
    ]);
    expect(problems('version: 1\ndocuments: []\n')).toEqual(['b.yaml:2:12  /documents  must NOT have fewer than 1 items']);
    expect(problems('version: 1\nprefix: X\n')).toEqual(['b.yaml:1:1  /  missing required property "document"']);
  });
});
