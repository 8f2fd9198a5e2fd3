import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CutterError } from '../errors.js';
import type { RunEvent } from '../orchestrator/ports.js';
import { FileStateStore } from './file-state-store.js';
import type { PostgresStateStore } from './postgres/postgres-state-store.js';

export interface ImportReport {
  /** Copied into the shared store. */
  readonly imported: readonly string[];
  /** Already in the shared store: left as they are there. */
  readonly present: readonly string[];
  /** Not copied, each with why (an active run on the same document, an approval used elsewhere, an unreadable state). */
  readonly refused: readonly { readonly runId: string; readonly code: string; readonly reason: string }[];
}

/**
 * Copies the runs of a local state folder (`.cutter`) into a PostgreSQL store, each run in one
 * transaction with its phase results, journal and approvals. Safe to repeat: a run already there
 * is left alone. The local folder is only read.
 */
export async function importRuns(fromDir: string, into: PostgresStateStore): Promise<ImportReport> {
  if (!existsSync(join(fromDir, 'runs'))) {
    throw new CutterError('state_import_nothing', `${fromDir} has no runs folder: it is not a cutter state folder, or it never held a run`, {
      hint: 'give the folder that holds runs/, usually .cutter', details: { dir: fromDir },
    });
  }
  const files = new FileStateStore(fromDir);
  const { runs, broken } = await files.list();
  const imported: string[] = [];
  const present: string[] = [];
  const refused: { runId: string; code: string; reason: string }[] = broken.map((b) => ({ runId: b.runId, code: 'state_corrupt', reason: b.problem }));
  for (const state of runs) {
    const dir = files.runDir(state.runId);
    const artifacts = new Map<string, unknown>();
    for (const name of artifactNames(dir)) artifacts.set(name, await files.readArtifact(state.runId, name));
    const events: RunEvent[] = await files.readEvents(state.runId);
    try {
      if (await into.importRun({ state, artifacts, events })) imported.push(state.runId);
      else present.push(state.runId);
    } catch (e) {
      if (!(e instanceof CutterError) || e.exitCode !== 4) throw e;
      refused.push({ runId: state.runId, code: e.code, reason: e.message });
    }
  }
  return { imported, present, refused };
}

/** The phase results and other values beside a run's state, named as the store names them. */
function artifactNames(runDir: string): string[] {
  const names: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.json') && path !== join(runDir, 'state.json')) names.push(relative(runDir, path).slice(0, -'.json'.length).split(sep).join('/'));
    }
  };
  walk(runDir);
  return names;
}
