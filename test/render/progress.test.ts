import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src/orchestrator/progress.js';
import { ndjsonProgress, plainProgress, ProgressBoard } from '../../src/render/progress.js';
import { visible } from '../../src/render/progress-tty.js';
import { schemaValidator } from '../../src/plan/schemas.js';

const runId = 'run-1';
const EVENTS: ProgressEvent[] = [
  { type: 'run_started', runId, resumed: false, documents: [
    { document: 'KB-1', prefix: 'A', status: 'RUNNING', phase: 'preflight' },
    { document: 'KB-2', prefix: 'B', status: 'RUNNING', phase: 'preflight' },
    { document: 'KB-3', prefix: 'C', status: 'RUNNING', phase: 'preflight' },
  ] },
  { type: 'phase_started', runId, document: 'KB-1', phase: 'segment' },
  { type: 'phase_completed', runId, document: 'KB-1', phase: 'segment', units: 12 },
  { type: 'phase_completed', runId, document: 'KB-1', phase: 'diff', changes: 3 },
  { type: 'document_waiting', runId, document: 'KB-1', gate: 'SG_1', fingerprint: `sha256:${'a'.repeat(64)}` },
  { type: 'phase_started', runId, document: 'KB-2', phase: 'validate' },
  { type: 'gate_evaluated', runId, document: 'KB-2', gate: 'G1', passed: false },
  { type: 'document_failed', runId, document: 'KB-2', phase: 'validate', status: 'FAILED', code: 'policy_gate_failed', message: 'gate G1 failed: 9 units\nmore' },
  { type: 'phase_started', runId, document: 'KB-3', phase: 'discover' },
  { type: 'gate_paused', runId, gate: 'SG_1', fingerprint: `sha256:${'b'.repeat(64)}`, documents: ['KB-1'], failed: ['KB-2'] },
];

describe('progress views', () => {
  it('fold events into one line of state per document', () => {
    let now = 1_000;
    const board = new ProgressBoard(() => now);
    for (const e of EVENTS) { board.apply(e); now += 100; }
    expect([...board.documents.values()].map((d) => [d.document, d.state, d.phase, d.units, d.changes, d.code])).toEqual([
      ['KB-1', 'paused', 'segment', 12, 3, null],
      ['KB-2', 'failed', 'validate', null, null, 'policy_gate_failed'],
      ['KB-3', 'running', 'discover', null, null, null],
    ]);
  });

  it('plain: one line per finished phase and per gate, nothing for a start', () => {
    const lines: string[] = [];
    const view = plainProgress((l) => lines.push(l), () => 0);
    for (const e of EVENTS) view.sink(e);
    expect(lines).toEqual([
      'run run-1: started, 3 documents',
      'KB-1 A  segment done (12 units)  0.0s',
      'KB-1 A  diff done (3 changes)  0.0s',
      'KB-1 A  waiting at SG_1',
      'KB-2 B  G1 FAILED',
      'KB-2 B  FAILED in validate: policy_gate_failed: gate G1 failed: 9 units',
      `batch paused at SG_1 (1 documents; not through: KB-2), fingerprint sha256:${'b'.repeat(64)}`,
    ]);
  });

  it('NDJSON: every event is one line valid against schemas/progress-event.schema.json', () => {
    const lines: string[] = [];
    const view = ndjsonProgress((l) => lines.push(l), () => new Date('2026-01-01T00:00:00Z'));
    for (const e of EVENTS) view.sink(e);
    const valid = schemaValidator('progress-event.schema.json');
    for (const l of lines) expect(valid(JSON.parse(l)), JSON.stringify(valid.errors)).toBe(true);
    expect(JSON.parse(lines[0]!)).toMatchObject({ format_version: 1, at: '2026-01-01T00:00:00.000Z', type: 'run_started' });
    // The schema is not a rubber stamp: an unknown event type or a missing field is refused.
    expect(valid({ format_version: 1, at: '2026-01-01T00:00:00Z', type: 'phase_started', runId })).toBe(false);
    expect(valid({ format_version: 1, at: '2026-01-01T00:00:00Z', type: 'made_up', runId })).toBe(false);
  });

  it('terminal: when the documents do not fit, the moving and failed ones are shown and the rest counted', () => {
    const board = new ProgressBoard(() => 0);
    for (const e of EVENTS) board.apply(e);
    const docs = [...board.documents.values()];
    expect(visible(docs, 10)).toEqual(docs);
    expect(visible(docs, 3)).toEqual(docs);
    const tight = visible(docs, 2);
    expect(tight.map((d) => (typeof d === 'string' ? d : d.document))).toEqual(['KB-2', '  … and 2 more: 1 at SG_1, 1 running']);
  });
});
