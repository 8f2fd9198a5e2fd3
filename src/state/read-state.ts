import type { ErrorObject } from 'ajv';
import { CutterError } from '../errors.js';
import type { RunEvent } from '../orchestrator/ports.js';
import { PHASES, type PhaseName, type RunState } from '../orchestrator/run-state.js';
import { schemaValidator } from '../plan/schemas.js';
import { stateCorrupt } from '../orchestrator/state-errors.js';


/**
 * Reading run state back, for every StateStore: whatever a store reads (a file's text, a JSON
 * column) goes through here before anyone acts on it. Anything that is not what cutter wrote is
 * a `state_corrupt` error naming where it was read, what is wrong and what to do: never a crash
 * further on, never a verdict (STALE, drift) drawn from a damaged file.
 */

/** The format of state.json this cutter writes and reads; its phase results are of the same format. */
export const RUN_STATE_FORMAT = 1;

/**
 * The phase whose result an artifact name holds (`phases/07-diff` → `diff`; a batch document's
 * `documents/KB-6840/phases/07-diff` too), or null.
 */
export function phaseOfArtifact(name: string): PhaseName | null {
  const m = /^(?:documents\/[^/]+\/)?phases\/(\d\d)-([a-z]+)$/.exec(name);
  if (!m) return null;
  const phase = m[2] as PhaseName;
  return PHASES.indexOf(phase) + 1 === Number(m[1]) ? phase : null;
}


/** Parses JSON text or throws `state_corrupt`; an empty or cut-short file is named as such. */
export function parseStateJson(text: string, where: string, runId?: string): unknown {
  if (text.trim() === '') throw stateCorrupt(where, 'the file is empty', { runId });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw stateCorrupt(where, `not valid JSON (${(e as Error).message}); it may have been cut short`, { runId, cause: e });
  }
}

/**
 * Checks a run state read back: schemas/run-state.schema.json, then what the schema cannot say
 * (a paused run names its gate and fingerprint, a failed one its error, the id is the one asked for).
 */
export function checkRunState(value: unknown, where: string, expectedRunId?: string): RunState {
  const format = (value as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof format === 'number' && format > RUN_STATE_FORMAT) {
    // Not damage: a newer cutter wrote it, and this one cannot know what it means.
    const tool = (value as { toolVersion?: unknown }).toolVersion;
    throw new CutterError('state_format_unsupported', `${where}: run state format ${format}; this cutter reads format ${RUN_STATE_FORMAT}`, {
      hint: `use the cutter that wrote this run${typeof tool === 'string' ? ` (${tool})` : ''} or a newer one`,
      details: { where, formatVersion: format, runId: expectedRunId },
    });
  }
  const validate = schemaValidator('run-state.schema.json');
  if (!validate(value)) throw stateCorrupt(where, describe(validate.errors), { runId: expectedRunId });
  const state = value as RunState;
  const problems: string[] = [];
  if (expectedRunId !== undefined && state.runId !== expectedRunId) problems.push(`/runId is "${state.runId}", not the run it is stored as ("${expectedRunId}")`);
  if (state.status === 'PAUSED' && (state.gate !== 'SG_1' && state.gate !== 'SG_2')) problems.push('/gate: a PAUSED run must wait at SG_1 or SG_2');
  if (state.status === 'PAUSED' && state.fingerprint === null) problems.push('/fingerprint: a PAUSED run must carry the fingerprint its gate shows');
  if (state.status === 'FAILED' && state.error === null) problems.push('/error: a FAILED run must say why');
  if (problems.length > 0) throw stateCorrupt(where, problems.join('; '), { runId: expectedRunId });
  return state;
}

/** Reads a run state from JSON text (null text: no such run). */
export function parseRunState(text: string | null, where: string, expectedRunId?: string): RunState | null {
  if (text === null) return null;
  return checkRunState(parseStateJson(text, where, expectedRunId), where, expectedRunId);
}

/** Checks a phase result read back against its definition in schemas/phase-results.schema.json. */
export function checkPhaseResult<T>(phase: PhaseName, value: unknown, where: string, runId?: string): T {
  const validate = schemaValidator('phase-results.schema.json', `phase-${phase}`);
  if (!validate(value)) throw stateCorrupt(where, `not a ${phase} result: ${describe(validate.errors)}`, { runId });
  return value as T;
}

/**
 * Reads an artifact from JSON text: a phase result is checked against its schema, anything
 * else only has to be JSON. Null text: the artifact was never written. `complete` puts back what a
 * store keeps outside the JSON (the file store: a large document's text), before the check.
 */
export function parseArtifact<T>(
  name: string, text: string | null, where: string, runId?: string, complete: (value: unknown) => unknown = (v) => v,
): T | null {
  if (text === null) return null;
  const value = complete(parseStateJson(text, where, runId));
  const phase = phaseOfArtifact(name);
  return phase ? checkPhaseResult<T>(phase, value, where, runId) : (value as T);
}


/**
 * The journal's events. A crash can cut the last line short: it is dropped and every complete
 * line before it stands. A line in the middle that is not an event is corruption.
 */
export function parseJournal(text: string, where: string, runId?: string): RunEvent[] {
  const lines = text.split('\n');
  const lastWithText = lines.findLastIndex((l) => l.trim() !== '');
  const events: RunEvent[] = [];
  for (let i = 0; i <= lastWithText; i += 1) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch (e) {
      if (i === lastWithText && !text.endsWith('\n')) break;
      throw stateCorrupt(where, `line ${i + 1} is not valid JSON`, { runId, cause: e });
    }
    if (typeof event !== 'object' || event === null || typeof (event as RunEvent).type !== 'string' || typeof (event as RunEvent).at !== 'string') {
      throw stateCorrupt(where, `line ${i + 1} is not an event (an object with "at" and "type")`, { runId });
    }
    events.push(event as RunEvent);
  }
  return events;
}

/** ajv's errors as one line: `/status must be one of "RUNNING", …; / is missing "runId", "phase"`. */
function describe(errors: readonly ErrorObject[] | null | undefined): string {
  const missing = new Map<string, string[]>();
  const other: string[] = [];
  for (const e of (errors ?? []).filter((x) => x.keyword !== 'if' && x.keyword !== 'oneOf')) {
    const at = e.instancePath || '/';
    if (e.keyword === 'required') missing.set(at, [...(missing.get(at) ?? []), JSON.stringify(e.params['missingProperty'])]);
    else if (e.keyword === 'additionalProperties') other.push(`${at} has an unknown key "${String(e.params['additionalProperty'])}"`);
    else if (e.keyword === 'enum') other.push(`${at} must be one of ${(e.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`);
    else other.push(`${at} ${e.message ?? e.keyword}`);
  }
  const all = [...[...missing].map(([at, keys]) => `${at} is missing ${keys.join(', ')}`), ...other];
  const more = all.length > 5 ? ` (and ${all.length - 5} more)` : '';
  return `${all.slice(0, 5).join('; ') || 'does not match its schema'}${more}`;
}
