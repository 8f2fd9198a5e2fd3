import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openEmbeddedHub } from '../src/hub/embedded-hub.js';
import { SCHEMAS_DIR } from '../src/plan/schemas.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A seeded embedded hub folder, made once per test run; tests copy it (creating one costs ~3.5 s). */
    hubTemplate: string;
  }
}

/** Makes one seeded PGlite hub for the whole run, from the repository's examples/hub. */
export default async function setup(project: TestProject): Promise<() => void> {
  const root = mkdtempSync(join(tmpdir(), 'cutter-test-template-'));
  const dir = join(root, 'hub');
  const hub = await openEmbeddedHub({ dir, seedDir: join(import.meta.dirname, '..', 'examples', 'hub'), schemaFile: join(SCHEMAS_DIR, 'hub.sql') });
  await hub.close();
  project.provide('hubTemplate', dir);
  return () => rmSync(root, { recursive: true, force: true });
}
