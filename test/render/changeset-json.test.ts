import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getProfile } from '../../src/cut/profiles/index.js';
import { diffDocuments } from '../../src/diff/diff-documents.js';
import { documentDiffJson } from '../../src/render/document-diff.js';
import { gateJson } from '../../src/render/json.js';
import { schemaValidator } from '../../src/plan/schemas.js';
import { REPO } from '../support/project.js';
import { everyKind, storm, view } from './fixtures.js';

const validate = schemaValidator('changeset.schema.json');
const valid = (value: unknown): boolean => {
  const ok = validate(value);
  if (!ok) console.error(validate.errors);
  return ok;
};

describe('JSON output against schemas/changeset.schema.json', () => {
  it('a gate view with every kind, operations and a diagnostic', () => {
    const json = gateJson(view(everyKind(), {
      gate: 'SG_2',
      runId: 'r-1',
      operations: [{ op: 'retire', iuId: 'ICX-CONST-D99-K3', expectSha256: 'a'.repeat(64) }],
      diagnostics: [{ severity: 'warning', code: 'numbering_skip', message: 'Điều 47 follows Điều 45', line: 9, column: 1 }],
    }));
    expect(valid(json)).toBe(true);
    const change = (json['changes'] as Record<string, unknown>[]).find((c) => c['kind'] === 'change')!;
    expect(change['diff']).toEqual({
      granularity: 'word',
      parts: [['=', '2. Công ty phải lưu giữ '], ['+', 'và công bố '], ['=', 'sổ đăng ký cổ đông.\n']],
    });
  });

  it('a renumber storm, with an edited renumber carrying its word diff', () => {
    const json = gateJson(view(storm(50)));
    expect(valid(json)).toBe(true);
    const changes = json['changes'] as Record<string, unknown>[];
    expect(changes[1]).toEqual(expect.objectContaining({ kind: 'renumber', id: 'ICX-CONST-D2', from_id: 'ICX-CONST-D1', similarity: 1, before_ordinal: 1, ordinal: 2 }));
    expect(changes[1]).not.toHaveProperty('diff');
    expect(changes.at(-1)).toHaveProperty('diff.granularity', 'word');
  });

  it('cutter diff of the two example revisions', () => {
    const hub = join(REPO, 'examples', 'hub');
    const result = diffDocuments(readFileSync(join(hub, 'KB-6839.rev6.md'), 'utf8'), readFileSync(join(hub, 'KB-6839.md'), 'utf8'), { profile: getProfile('vn-legal'), prefix: 'ICX-CONST' });
    const json = documentDiffJson({ ...result, oldFile: 'KB-6839.rev6.md', newFile: 'KB-6839.md', profile: 'vn-legal', prefix: 'ICX-CONST', unit: undefined });
    expect(valid(json)).toBe(true);
    expect(json).toMatchObject({ format_version: 1, old: { file: 'KB-6839.rev6.md' }, prefix: 'ICX-CONST' });
  });

  it('rejects what the format does not allow', () => {
    const json = gateJson(view(everyKind()));
    const changes = json['changes'] as Record<string, unknown>[];
    const renumber = changes.find((c) => c['kind'] === 'renumber')!;
    const { from_id: _dropped, ...withoutFrom } = renumber;
    expect(validate({ ...json, changes: [withoutFrom] })).toBe(false);
    expect(validate({ ...json, changes: [{ ...changes[0], from_id: 'X' }] })).toBe(false);
    expect(validate({ ...json, format_version: 2 })).toBe(false);
    expect(validate({ ...json, extra: true })).toBe(false);
  });
});
