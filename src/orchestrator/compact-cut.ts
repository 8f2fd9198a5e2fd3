import { createHash } from 'node:crypto';
import type { PathStep, SegmentResult, UnitJson } from '../cut/unit.js';
import type { HubUnit } from '../discovery/facts.js';
import type { Plan } from '../plan/plan.js';
import { TOOL_VERSION } from '../version.js';
import { cutDocument } from './cut-and-compare.js';
import { at, COMPACT_ENCODING_2, hasOnlyKeys, type CompactEncoding, type Packed } from './packed-refs.js';
import { refusal } from '../errors.js';
import { idFinder } from './id-finder.js';
import { stateCorrupt } from './state-errors.js';

/**
 * How the segment phase's result (the cut) is stored. A cut by a built-in profile is a pure
 * function of the document's text, which discover's result holds: it is not stored but made
 * again when the run is read, and checked against the hash of the whole cut taken when it was
 * stored (`recut`). At 100,000 units that is 9.5 MB and ~0.6 s of packing less per run, for a cut
 * of ~0.3 s on resume. A cut with custom rules (cut in a worker under a time limit, so not sure
 * to finish the same way) is stored as rows, as the first form did.
 */

/** A cut that is the one `cutDocument` makes of the body: its unit count, `cutDigest`, and the cutter that made it. */
export interface RecutRef {
  readonly units: number;
  readonly sha256: string;
  readonly toolVersion: string;
}

/** The cut, stored as the reference to make it again. */
interface RecutSegment extends Packed {
  readonly recut: RecutRef;
}

type PackedSegment = RowsSegment | RecutSegment;

/**
 * The reference by which `recut` makes `cut` again, or null when `cut` is not the cut `cutDocument`
 * makes of this body by a built-in profile (a cut with custom rules runs in a worker under a time
 * limit, so it is not sure to finish the same way).
 */
export async function recutRef(cut: SegmentResult, plan: Plan, body: string): Promise<RecutRef | null> {
  // Only the very cut `cutDocument` made of this body (kept per plan) is known to be made again the same.
  if (plan.cut.rules !== undefined || cut !== await cutDocument(plan, body).catch(() => null)) return null;
  return { units: cut.units.length, sha256: cutDigest(cut), toolVersion: TOOL_VERSION };
}

/**
 * The cut `ref` refers to, made again from the body; `what` names the result that refers to it.
 * A cut that differs is `run_cut_changed` when another cutter made the first (a profile was
 * mended), and `state_corrupt` otherwise (the saved document text was changed).
 */
export async function recut(ref: RecutRef, plan: Plan, body: string, what: string): Promise<SegmentResult> {
  const { units, sha256, toolVersion } = ref;
  // Not damage: a later cutter cuts this document otherwise (a profile was mended), or cannot cut
  // it at all. The changeset approved for the run was made from the old cut, which only the old
  // cutter can make again.
  const cutChanged = (how: string, now: number | null) => refusal('run_cut_changed', `the run's cut was made by cutter ${toolVersion}, and cutter ${TOOL_VERSION} cuts the same document differently (${how})`, {
    hint: `finish the run with the cutter that started it (npx cutter@${toolVersion} resume <run> …), or abort it (cutter abort <run>) and start a new run with cutter apply <plan.yaml>`,
    details: { savedBy: toolVersion, now: TOOL_VERSION, units: { saved: units, now } },
  });
  let cut: SegmentResult;
  try {
    cut = await cutDocument(plan, body);
  } catch (e) {
    if (toolVersion === TOOL_VERSION) throw e;
    throw cutChanged(`it fails: ${e instanceof Error ? e.message : String(e)}`, null);
  }
  if (cut.units.length === units && cutDigest(cut) === sha256) return cut;
  const how = `${units} units then, ${cut.units.length} now, or a unit's id, heading, place or hash differs`;
  if (toolVersion !== TOOL_VERSION) throw cutChanged(how, cut.units.length);
  throw stateCorrupt(what, `the cut made again from the saved document is not the one the run saved (${how}): the document's text in the discover phase's result was changed`);
}

export async function packSegment(cut: SegmentResult, plan: Plan, body: string, discovered: readonly HubUnit[]): Promise<PackedSegment> {
  const ref = await recutRef(cut, plan, body);
  return ref ? { encoding: COMPACT_ENCODING_2, recut: ref } : packRows(cut, body, discovered, COMPACT_ENCODING_2);
}

export async function unpackSegment(packed: PackedSegment, plan: Plan, body: string, discovered: readonly HubUnit[]): Promise<SegmentResult> {
  return 'recut' in packed ? recut(packed.recut, plan, body, 'the saved cut (segment phase)') : unpackRows(packed, body, discovered);
}

/**
 * The hash of what a run reads of a cut: every unit's id (its path is the id without the prefix),
 * level, ordinal, heading, parent, offsets (its text is that slice of the body, which discover's
 * result keeps), line, column and hash, then the diagnostics. Column by column: one JSON string
 * or buffer per field hashes in ~0.1 s at 100,000 units, a JSON line per unit took ~0.3 s. The
 * units' path steps are left out (they cost as much again to make): no phase, gate or report
 * reads them from a run, and they follow from the same markers as the ids that are hashed.
 */
function cutDigest(cut: SegmentResult): string {
  // Discover's result and the segment phase's refer to the same cut: it is hashed once.
  const known = digests.get(cut);
  if (known !== undefined) return known;
  const units = cut.units;
  const n = units.length;
  const ids = new Array<string>(n);
  const levels = new Array<string>(n);
  const headings = new Array<string>(n);
  const parents = new Array<string | null>(n);
  const hashes = new Array<string>(n);
  const numbers = new Float64Array(n * 5);
  for (let i = 0; i < n; i++) {
    const u = units[i]!;
    ids[i] = u.id;
    levels[i] = u.level;
    headings[i] = u.heading;
    parents[i] = u.parentId;
    hashes[i] = u.sha256;
    const k = i * 5;
    numbers[k] = u.ordinal;
    numbers[k + 1] = u.start;
    numbers[k + 2] = u.end;
    numbers[k + 3] = u.line;
    numbers[k + 4] = u.column;
  }
  const hash = createHash('sha256');
  for (const column of [ids, levels, headings, parents, hashes, cut.diagnostics]) hash.update(JSON.stringify(column));
  hash.update(new Uint8Array(numbers.buffer));
  const digest = hash.digest('hex');
  digests.set(cut, digest);
  return digest;
}

/** A cut is never changed once made (cutDocument keeps it for the next phase to read). */
const digests = new WeakMap<SegmentResult, string>();

// --- every unit as a row (the first form) -----------------------------------------------------

/** A path step: `[level, printed, token]` when it has just those fields (every built-in one does). */
type StepRow = readonly [string, string, string] | PathStep;

/** The cut unit's parent: the index of the unit with that id, when there is one. */
type ParentRef = string | number | null;

/**
 * A cut unit whose id, path, ordinal, heading and hash are those of discovered unit `i` (an
 * unchanged unit, most of a plan): `[i, steps, level, parentId, start, end, line, column]`.
 * Otherwise `[id, path, steps, level, ordinal, heading, parentId, start, end, line, column, sha256]`,
 * the hash as the index of a discovered unit holding the same one when there is one, and the
 * text appended only when it is not `body.slice(start, end)`.
 */
type CutRow =
  | readonly [number, readonly StepRow[], string, ParentRef, number, number, number, number]
  | readonly [string, string, readonly StepRow[], string, number, string, ParentRef, number, number, number, number, string | number]
  | readonly [string, string, readonly StepRow[], string, number, string, ParentRef, number, number, number, number, string | number, string];

/** The first form (and the second for a cut with custom rules): every unit as a row. */
interface RowsSegment extends Packed {
  readonly units: readonly CutRow[];
  readonly diagnostics: SegmentResult['diagnostics'];
}

const STEP_KEYS = ['level', 'printed', 'token'];

function packSteps(steps: readonly PathStep[]): StepRow[] {
  return steps.map((st) => (hasOnlyKeys(st, STEP_KEYS) ? [st.level, st.printed, st.token] as const : st));
}

function unpackSteps(steps: readonly StepRow[]): PathStep[] {
  return steps.map((st) => (Array.isArray(st) ? { level: st[0], printed: st[1], token: st[2] } : st as PathStep));
}

function packRows(cut: SegmentResult, body: string, discovered: readonly HubUnit[], encoding: CompactEncoding): RowsSegment {
  const byHash = new Map<string, number>();
  for (let i = 0; i < discovered.length; i++) byHash.set(discovered[i]!.contentSha256, i);
  const parentIndex = idFinder(cut.units, (u) => u.id);
  const units = cut.units.map((u): CutRow => {
    const { text, sha256, start, end } = u;
    const steps = packSteps(u.steps);
    const p = u.parentId === null ? undefined : parentIndex(u.parentId);
    const parent: ParentRef = p !== undefined ? p : u.parentId;
    const sliced = body.slice(start, end) === text;
    const i = byHash.get(sha256);
    const hub = i === undefined ? undefined : discovered[i]!;
    if (sliced && hub && hub.iuId === u.id && hub.path === u.path && hub.ordinal === u.ordinal && hub.heading === u.heading) {
      return [i!, steps, u.level, parent, start, end, u.line, u.column];
    }
    const row = [u.id, u.path, steps, u.level, u.ordinal, u.heading, parent, start, end, u.line, u.column, i ?? sha256] as const;
    return sliced ? row : [...row, text];
  });
  return { encoding, units, diagnostics: cut.diagnostics };
}

function unpackRows(packed: RowsSegment, body: string, discovered: readonly HubUnit[]): SegmentResult {
  const units = packed.units.map((row): Omit<UnitJson, 'parentId'> & { parentId: ParentRef } => {
    if (typeof row[0] === 'number') {
      const [i, steps, level, parentId, start, end, line, column] = row as Extract<CutRow, readonly [number, ...unknown[]]>;
      const hub = at(discovered, i, 'cut unit');
      return {
        id: hub.iuId, path: hub.path, steps: unpackSteps(steps), level, ordinal: hub.ordinal, heading: hub.heading, parentId,
        start, end, line, column, text: body.slice(start, end), sha256: hub.contentSha256,
      };
    }
    const [id, path, steps, level, ordinal, heading, parentId, start, end, line, column, hash] = row as Exclude<CutRow, readonly [number, ...unknown[]]>;
    return {
      id, path, steps: unpackSteps(steps), level, ordinal, heading, parentId, start, end, line, column,
      text: row.length === 13 ? row[12] : body.slice(start, end),
      sha256: typeof hash === 'number' ? at(discovered, hash, 'cut unit\'s hash').contentSha256 : hash,
    };
  });
  // Parents by index, once every id is known.
  for (const u of units) if (typeof u.parentId === 'number') u.parentId = at(units, u.parentId, 'parent').id;
  return { units: units as unknown as UnitJson[], diagnostics: packed.diagnostics };
}

