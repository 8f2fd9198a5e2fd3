import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchCloseoutReport, BatchGateView, BatchReporter } from '../orchestrator/batch-views.js';
import type { Reporter } from '../orchestrator/ports.js';
import type { SovereignGate } from '../plan/plan.js';
import { renderBatchCloseoutMarkdown, renderBatchGateMarkdown } from '../render/batch-markdown.js';
import type { CloseoutReport, GateView } from '../orchestrator/views.js';
import { renderCloseoutMarkdown, renderGateMarkdown } from '../render/markdown.js';
import { removeTempFiles, writeFileAtomic } from './atomic-file.js';

/**
 * Writes reports as local files under `<dir>/reports/<run-id>/` and never touches the network
 * (after the original DryRunReporter). A report that publishes to the hub would be another Reporter.
 */
export class DryRunReporter implements Reporter, BatchReporter {
  readonly #dir: string;

  constructor(stateDir: string) {
    this.#dir = join(stateDir, 'reports');
  }

  /** Where the report of a run's sovereign gate is written. */
  gateReportPath(runId: string, gate: SovereignGate): string {
    return join(this.#dir, runId, `${gate}.md`);
  }

  async gateReportMissing(runId: string, gate: SovereignGate): Promise<boolean> {
    return !existsSync(this.gateReportPath(runId, gate));
  }

  async gate(view: GateView): Promise<string[]> {
    if (!view.runId) return [];
    const path = this.gateReportPath(view.runId, view.gate);
    removeTempFiles(join(this.#dir, view.runId));
    writeFileAtomic(path, renderGateMarkdown(view));
    return [path];
  }

  async closeout(report: CloseoutReport): Promise<string[]> {
    removeTempFiles(join(this.#dir, report.runId));
    const base = join(this.#dir, report.runId, 'closeout');
    writeFileAtomic(`${base}.md`, renderCloseoutMarkdown(report));
    writeFileAtomic(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
    return [`${base}.md`, `${base}.json`];
  }

  async batchGate(view: BatchGateView): Promise<string[]> {
    if (!view.runId) return [];
    const path = this.gateReportPath(view.runId, view.gate);
    removeTempFiles(join(this.#dir, view.runId));
    writeFileAtomic(path, renderBatchGateMarkdown(view));
    return [path];
  }

  async batchCloseout(report: BatchCloseoutReport): Promise<string[]> {
    // As for one document: a temp file left by a killed process is swept before writing.
    removeTempFiles(join(this.#dir, report.runId));
    const base = join(this.#dir, report.runId, 'closeout');
    writeFileAtomic(`${base}.md`, renderBatchCloseoutMarkdown(report));
    writeFileAtomic(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
    return [`${base}.md`, `${base}.json`];
  }
}
