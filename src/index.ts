/**
 * cutter as a library: the same governed flow the CLI drives.
 *
 * @example
 * ```ts
 * import { OrchestratorRunner, LiveReadOnlyDiscoverer, FileStateStore, DryRunReporter, loadPlan } from 'cutter';
 *
 * const plan = loadPlan('plans/icx-constitution.yaml');
 * const runner = new OrchestratorRunner({
 *   store: new FileStateStore('.cutter'),
 *   reporter: new DryRunReporter('.cutter'),
 *   discoverer: new LiveReadOnlyDiscoverer(select), // select: a read-only Select over your hub
 * });
 * const paused = await runner.cut(plan);                                        // PAUSED at SG_1
 * await runner.resume(paused.state.runId, { approval: { id: 'KB-7001' } });    // PAUSED at SG_2
 * const done = await runner.resume(paused.state.runId, { approval: { id: 'KB-7002' } });
 * done.state.status; // 'CLOSEOUT_REPORTED'
 * ```
 * @packageDocumentation
 */

// Plans and configuration
export { loadPlan, loadAnyPlan, checkPlanFile, checkPlanText, type PlanCheck, type LoadedPlan } from './plan/load-plan.js';
export type { BatchPlan } from './plan/batch-plan.js';
export { loadConfig, type Config, type SourceConfig } from './plan/config.js';
export type { Plan, Mode, SovereignGate, PinnedApproval } from './plan/plan.js';
export { formatProblem, type Problem } from './plan/located-yaml.js';

// Cutting
export { segment } from './cut/segment.js';
export { getProfile, profileFor, profileNames } from './cut/profiles/index.js';
export { compileCustomRules, type CustomRuleSpec } from './cut/profiles/custom.js';
export type { Profile, MarkerRule } from './cut/profiles/profile.js';
export { summarizeCut } from './cut/summary.js';
export type { Unit, UnitJson, SegmentResult, CutResult, SegmentOptions, CutDiagnostic } from './cut/unit.js';
export type { CutUnit } from './cut/cut-unit.js';

// Changesets
export {
  diffUnits, diffDocuments, applyChangeset, explainStale, reusedIds, fingerprintOf, changesetFingerprint,
  type Changeset, type ChangeEntry, type ChangeKind, type UnitRecord, type ChangesetDelta, type Fingerprint,
} from './diff/index.js';

// Discovery
export type { Select, Row } from './discovery/select.js';
export type { Discoverer } from './discovery/discoverer.js';
export type { HubDocument, HubUnit } from './discovery/facts.js';
export { InMemoryDiscoverer } from './discovery/in-memory-discoverer.js';
export { LiveReadOnlyDiscoverer, DEFAULT_QUERIES, type SourceQueries } from './discovery/live-read-only-discoverer.js';
export { LiveDryRunDiscoverer } from './discovery/live-dry-run-discoverer.js';

// The orchestrator
export { OrchestratorRunner, type RunnerOptions, type RunOutcome, type ResumeOptions } from './orchestrator/runner.js';
export { BatchRunner, type BatchRunnerOptions, type BatchOutcome, type BatchResumeOptions } from './orchestrator/batch-runner.js';
export type { BatchRunState, DocumentRunState, DocumentStatus } from './orchestrator/batch-state.js';
export type { BatchGateView, BatchCloseoutReport, BatchReporter, BatchDocumentNote } from './orchestrator/batch-views.js';
export type { ProgressEvent, ProgressSink } from './orchestrator/progress.js';
export { validateSovereignApproval, type ApprovalInput } from './orchestrator/approval.js';
export type { RunState, RunStatus, PhaseName, GateName, ApprovalRecord, StartedBy } from './orchestrator/run-state.js';
export { PHASES } from './orchestrator/run-state.js';
export type { StateStore, Reporter, RunEvent } from './orchestrator/ports.js';
export type { Executor, ExecutionHooks, ExecutionInput, OperationOutcome } from './orchestrator/executor.js';
export type { Operation } from './orchestrator/operations.js';
export type { GateView, CloseoutReport, GateCheck } from './orchestrator/views.js';

// State and reports
export { FileStateStore } from './state/file-state-store.js';
/**
 * Opens the state store a configuration names: files, or PostgreSQL for a team (pg is loaded only
 * then). Close it when done.
 *
 * @example
 * const store = await openStateStore({ kind: 'postgres', urlEnv: 'CUTTER_STATE_URL', schema: 'cutter', connectTimeoutMs: 5000 }, { env: process.env });
 * try { console.log((await store.list()).runs.length); } finally { await store.close(); }
 */
export { openStateStore } from './state/open-state-store.js';
export type { PostgresStateStore, MigrationReport } from './state/postgres/postgres-state-store.js';
export type { StateConfig } from './plan/config.js';
export { DryRunReporter } from './state/dry-run-reporter.js';

// Hubs
export { openSource, type OpenSource } from './hub/open-source.js';
export { doctor, type DoctorReport } from './hub/doctor.js';

export { CutterError } from './errors.js';
