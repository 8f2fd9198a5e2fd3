import { describe, expect, it } from 'vitest';
import { resolveWriteConnection } from '../../src/hub/write/pg-write-side.js';
import { assertWriteStatements, DEFAULT_WRITES, resolveWrites, writeStatementProblems } from '../../src/hub/write/write-statements.js';
import { loadConfig, type PostgresSourceConfig } from '../../src/plan/config.js';
import { makeProject } from '../support/project.js';

describe('write statements', () => {
  it('the defaults for schemas/hub.sql fit', () => {
    expect(() => assertWriteStatements(DEFAULT_WRITES, 'hub')).not.toThrow();
  });

  it('names what does not fit, every problem at once', () => {
    expect(writeStatementProblems('retireUnit', 'DELETE FROM kb_information_units WHERE iu_id = :iu_id')).toEqual([
      'it must start with UPDATE or WITH, not DELETE',
      'DELETE is not allowed (a retirement sets status, it never deletes)',
    ]);
    expect(writeStatementProblems('upsertUnit', 'INSERT INTO u (iu_id, body) VALUES ($1, :body, :colour)')).toEqual([
      'positional parameters ($1) are not allowed; use :name parameters',
      'it does not use :iu_id, :document_id, :prefix, :path, :ordinal, :heading, :content_sha256',
      'it uses :colour, which cutter does not supply (only :iu_id, :document_id, :prefix, :path, :ordinal, :heading, :body, :content_sha256, :source_revision, :expect_sha256)',
    ]);
    expect(writeStatementProblems('recordExecution', "INSERT INTO j (token) VALUES (:token); DROP TABLE j")).toEqual([
      'it holds more than one statement', 'DROP is not allowed (a retirement sets status, it never deletes)',
    ]);
    // Words inside quotes or comments are not code.
    expect(writeStatementProblems('retireUnit', "UPDATE u SET status = 'delete me' /* drop */ WHERE iu_id = :iu_id")).toEqual([]);
    const e = (() => { try { assertWriteStatements(resolveWrites({ lockDocument: 'SELECT 1' }), 'hub'); } catch (x) { return x; } })();
    expect(e).toMatchObject({ code: 'source_writes_invalid', message: expect.stringContaining('the lockDocument statement: it does not use :document_id') });
  });
});

describe('the operator switch and the writer connection in the configuration', () => {
  it('the environment can only enable, and says which switch is on', () => {
    const project = makeProject({ execution: false });
    try {
      const at = (env: NodeJS.ProcessEnv) => loadConfig({ cwd: project.dir, env }).execution;
      expect(at({})).toEqual({ enabled: false, enabledBy: [] });
      expect(at({ CUTTER_EXECUTION_ENABLED: '1' })).toEqual({ enabled: true, enabledBy: ['environment'] });
      expect(at({ CUTTER_EXECUTION_ENABLED: 'true' })).toEqual({ enabled: true, enabledBy: ['environment'] });
      expect(at({ CUTTER_EXECUTION_ENABLED: '0' })).toEqual({ enabled: false, enabledBy: [] });
      expect(() => at({ CUTTER_EXECUTION_ENABLED: 'yes please' })).toThrow(/CUTTER_EXECUTION_ENABLED="yes please" is neither 1 nor 0/);
      project.write('cutter.config.yaml', 'version: 1\nexecution:\n  enabled: true\n');
      expect(at({ CUTTER_EXECUTION_ENABLED: '0' })).toEqual({ enabled: true, enabledBy: ['config'] });
      expect(at({ CUTTER_EXECUTION_ENABLED: '1' })).toEqual({ enabled: true, enabledBy: ['config', 'environment'] });
    } finally {
      project.remove();
    }
  });

  it('a writer variable that is not set is an error naming it, never a fallback to the reader', () => {
    const source: PostgresSourceConfig = {
      kind: 'postgres', urlEnv: 'READ_URL', statementTimeoutMs: 1000, connectTimeoutMs: 1000, queries: {}, writeUrlEnv: 'WRITE_URL', lockTimeoutMs: 1000, writes: {},
    };
    expect(() => resolveWriteConnection('hub', source, { READ_URL: 'postgres://r@h/db', PGHOST: 'h' })).toThrow(/\$WRITE_URL \(the writer's connection, writeUrlEnv\) is not set/);
    expect(resolveWriteConnection('hub', source, { WRITE_URL: 'postgres://w:pw@h:5432/db' }).description).toBe('postgres://w@h:5432/db');
    expect(resolveWriteConnection('hub', { ...source, writeUrlEnv: null }, { READ_URL: 'postgres://r@h/db' }).description).toBe('postgres://r@h:5432/db');
  });
});
