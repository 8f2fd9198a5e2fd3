import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { Plan } from '../../src/plan/plan.js';

export const REPO = join(import.meta.dirname, '..', '..');

export interface TestProject {
  readonly dir: string;
  readonly hubDir: string;
  /** Writes a file relative to the project and returns its path. */
  write(relativePath: string, content: string): string;
  remove(): void;
}

/**
 * A throwaway project folder: cutter.config.yaml, a copy of the seeded embedded hub, a plans/
 * folder. `config` is appended to the default configuration (e.g. to enable execution).
 */
export function makeProject(options: { execution?: boolean } = {}): TestProject {
  const dir = mkdtempSync(join(tmpdir(), 'cutter-project-'));
  const hubDir = join(dir, '.cutter', 'hub');
  mkdirSync(join(dir, '.cutter'), { recursive: true });
  cpSync(inject('hubTemplate'), hubDir, { recursive: true });
  const write = (relativePath: string, content: string): string => {
    const path = join(dir, relativePath);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
    return path;
  };
  write('cutter.config.yaml', [
    'version: 1',
    'sources:',
    '  embedded:',
    '    kind: embedded',
    '    dir: .cutter/hub',
    `    seed: ${JSON.stringify(join(REPO, 'examples', 'hub'))}`,
    'execution:',
    `  enabled: ${options.execution ?? false}`,
    '',
  ].join('\n'));
  return { dir, hubDir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const SAMPLE_PLAN = `# yaml-language-server: $schema=../schemas/plan.schema.json
version: 1
document: KB-6839
prefix: ICX-CONST
mode: dryrun
source: embedded
cut:
  profile: vn-legal
  unit: clause
`;

/** SAMPLE_PLAN as the loader returns it, for library tests. */
export const ICX_PLAN: Plan = {
  version: 1, document: 'KB-6839', prefix: 'ICX-CONST', mode: 'dryrun', source: 'embedded',
  cut: { profile: 'vn-legal', unit: 'clause' }, policy: { maxUnits: 5000, maxRetireRatio: 0.2 }, approvals: {},
};
