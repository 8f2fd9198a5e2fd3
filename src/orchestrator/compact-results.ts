import { sha256Hex } from '../cut/hash.js';
import type { SegmentResult, Unit } from '../cut/unit.js';
import type { HubDocument, HubUnit, UnitStatus } from '../discovery/facts.js';
import type { SimulatorState } from '../discovery/live-dry-run-discoverer.js';
import type { ChangeEntry, UnitRecord } from '../diff/changeset.js';
import type { Plan } from '../plan/plan.js';
import { packSegment, unpackSegment } from './compact-cut.js';
import { cutDocument } from './cut-and-compare.js';
import type { DiffResult } from './phases/diff.js';
import type { DiscoverResult } from './phases/discover.js';
import type { ExecuteResult } from './phases/execute.js';
import { artifactName } from './artifact-name.js';
import { at, COMPACT_ENCODING_1, COMPACT_ENCODING_2, hasOnlyKeys, indexById, isPacked, type CompactEncoding, type Packed } from './packed-refs.js';
import type { StateStore } from './ports.js';
import type { PhaseName } from './run-state.js';
import { missingPhaseResult, stateCorrupt } from './state-errors.js';
import { fromCut, fromHub } from './unit-records.js';

/**
 * How phase results are kept in the StateStore: the document's text once (in discover's result),
 * and every other text as offsets into it. A 20 MB law with 100,000 units used to be written
 * four times over (discover's units, the cut, the changeset's before and after, the simulator),
 * 330 MB a run; the first packed form (`cutter-compact-1`) wrote the text once and the rest as
 * ids, offsets and hashes (48.8 MB); the second (`cutter-compact-2`, packed-refs.ts) leaves out
 * what can be recomputed exactly: a hash that is the hash of its text, an id that is
 * `<prefix>-<path>`, the whole cut of a built-in profile (compact-cut.ts).
 *
 * Every store gets the same form, since it is made here, before `writeArtifact`. A result is
 * packed only when packing loses nothing (each text is checked to be the slice it points to,
 * each hash left out to be the hash of its text, each reference to give back the record it
 * replaces); otherwise it is stored as it is. Results without the `encoding` mark (runs written
 * before the packed forms) are read as they are, and the first form is still read.
 */
export const COMPACT_ENCODING = COMPACT_ENCODING_2;

/** The decoded result of an earlier phase of the same run. */
export type EarlierResult = <T>(phase: PhaseName) => Promise<T>;

/** The value to store for a phase's result. */
export async function packResult(phase: PhaseName, result: unknown, plan: Plan, earlier: EarlierResult): Promise<unknown> {
  switch (phase) {
    case 'discover': {
      const discovered = result as DiscoverResult;
      const body = discovered.document.body;
      // A cut that fails is the segment phase's to report; discover's result is then kept plain.
      const cut = await cutDocument(plan, body).catch(() => null);
      return (cut && packDiscover(discovered, textLocator(body, cut.units))) ?? result;
    }
    case 'segment': {
      const { document, units } = await earlier<DiscoverResult>('discover');
      return packSegment(result as SegmentResult, plan, document.body, units);
    }
    case 'diff': {
      const { units } = await earlier<DiscoverResult>('discover');
      const cut = await earlier<SegmentResult>('segment');
      return packDiff(result as DiffResult, units, cut.units);
    }
    case 'execute': {
      const discovered = await earlier<DiscoverResult>('discover');
      const cut = await earlier<SegmentResult>('segment');
      return packExecute(result as ExecuteResult, discovered, cut.units) ?? result;
    }
    default:
      return result;
  }
}

/** The phase's result from what the store holds. */
export async function unpackResult(phase: PhaseName, stored: unknown, plan: Plan, earlier: EarlierResult): Promise<unknown> {
  if (!isPacked(stored)) return stored;
  switch (phase) {
    case 'discover': {
      const packed = stored as PackedDiscover;
      return unpackDiscover(packed, await sliceHashes(packed.encoding, plan, packed.document.body));
    }
    case 'segment': {
      const { document, units } = await earlier<DiscoverResult>('discover');
      return unpackSegment(stored as Parameters<typeof unpackSegment>[0], plan, document.body, units);
    }
    case 'diff': {
      const { units } = await earlier<DiscoverResult>('discover');
      const cut = await earlier<SegmentResult>('segment');
      return unpackDiff(stored as PackedDiff, units, cut.units);
    }
    case 'execute': {
      const discovered = await earlier<DiscoverResult>('discover');
      const packed = stored as PackedExecute;
      return unpackExecute(packed, discovered, await sliceHashes(packed.encoding, plan, discovered.document.body));
    }
    default:
      throw new Error(`a packed result for phase ${phase}, which is never packed`);
  }
}

/** Where a run's phase results are: the run's own (`phases/NN-name`) or one batch document's. */
export interface ResultSource {
  readonly store: Pick<StateStore, 'readArtifact' | 'description'>;
  readonly runId: string;
  /** The plan the results were made for (a batch: the document's): a cut is made again by it. */
  readonly plan: Plan;
  /** The artifact name of a phase's result. Default `artifactName`. */
  readonly name?: ((phase: PhaseName) => string) | undefined;
}

/**
 * Reads a run's results from the store, unpacked, each once, or null for a phase with no saved
 * result: what `cutter show` and the gate reports use, with no runner around. An earlier result
 * that a packed one refers to must be there (`state_corrupt` otherwise).
 */
export function storedResults(source: ResultSource): <T>(phase: PhaseName) => Promise<T | null> {
  return resultReader(source, new Map(), false) as <T>(phase: PhaseName) => Promise<T | null>;
}

/**
 * Like `storedResults`, but a phase with no saved result is `state_corrupt` (the run recorded it
 * as completed, or a later phase needs it). `known` holds results already in memory (the
 * runner's); each result read is added to it.
 */
export function requiredResults(source: ResultSource, known = new Map<PhaseName, unknown>()): EarlierResult {
  return resultReader(source, known, true) as EarlierResult;
}

function resultReader(source: ResultSource, known: Map<PhaseName, unknown>, required: boolean): (phase: PhaseName) => Promise<unknown> {
  const { store, runId, plan } = source;
  const name = source.name ?? artifactName;
  const pending = new Map<PhaseName, Promise<unknown>>();
  const read = (phase: PhaseName, mustExist: boolean): Promise<unknown> => {
    if (known.has(phase)) return Promise.resolve(known.get(phase));
    let result = pending.get(phase);
    if (!result) {
      result = store.readArtifact(runId, name(phase)).then(async (stored) => {
        if (stored === null) return null;
        // Unpacking may read the earlier results a packed one refers to.
        const unpacked = await unpackResult(phase, stored, plan, <T>(p: PhaseName) => read(p, true) as Promise<T>);
        known.set(phase, unpacked);
        return unpacked;
      });
      pending.set(phase, result);
    }
    return result.then((r) => {
      if (r === null && mustExist) throw missingPhaseResult(`run ${runId}, ${name(phase)} in ${store.description}`, phase, runId);
      return r;
    });
  };
  return (phase) => read(phase, required);
}

// --- texts as offsets ------------------------------------------------------------------------

/** A text: `[start, end]` into the document body, or the text itself when it is not a slice. */
type TextRef = readonly [number, number] | string;

/** Finds where a text with a given hash sits in the body, from units that say where they sit. */
type TextLocator = (sha256: string, text: string) => TextRef;

function textLocator(body: string, units: readonly Pick<Unit, 'start' | 'end' | 'sha256'>[]): TextLocator {
  const at = new Map<string, number>();
  for (let i = 0; i < units.length; i++) at.set(units[i]!.sha256, i);
  return (sha256, text) => {
    const i = at.get(sha256);
    if (i === undefined) return text;
    const { start, end } = units[i]!;
    // Only a text that is exactly that slice is stored as offsets (a hub's hash can be wrong).
    return end - start === text.length && body.slice(start, end) === text ? [start, end] : text;
  };
}

/** The hash of the text at `[start, end]` of the body (`text`, that slice). */
type SliceHash = (start: number, end: number, text: string) => string;

const hashText: SliceHash = (_start, _end, text) => sha256Hex(text);

/**
 * Hashes of slices of the body, taken from the plan's cut of it where a unit of the cut is that
 * slice: the cut is made on reading anyway (the segment phase's result is stored as its hash,
 * compact-cut.ts), so each text is hashed once, not once for discover and once for the cut. A cut
 * with custom rules is not made here (a worker, a time limit): the texts are hashed.
 */
async function sliceHashes(encoding: CompactEncoding, plan: Plan, body: string): Promise<SliceHash> {
  // The first form stores every hash: no cut is needed to read it.
  if (encoding === COMPACT_ENCODING_1) return hashText;
  const cut = plan.cut.rules === undefined ? await cutDocument(plan, body).catch(() => null) : null;
  if (!cut) return hashText;
  const units = cut.units;
  const byStart = new Map<number, number>();
  for (let i = 0; i < units.length; i++) byStart.set(units[i]!.start, i);
  return (start, end, text) => {
    const i = byStart.get(start);
    return i !== undefined && units[i]!.end === end ? units[i]!.sha256 : sha256Hex(text);
  };
}

function textAt(ref: TextRef, body: string): string {
  if (typeof ref === 'string') return ref;
  const [start, end] = ref;
  if (start > end || end > body.length) throw stateCorrupt('a packed text', `[${start}, ${end}] is not within the document's ${body.length} characters`);
  return body.slice(start, end);
}

// --- hub units (discover, execute's simulator) ------------------------------------------------

/**
 * The first form: [iuId, path, ordinal, heading, contentSha256, sourceRevision, status, body], or
 * the index of the discovered unit it is identical to (the simulator after a dry run holds mostly
 * those).
 */
type UnitRow1 = readonly [string, string, number, string, string, number, UnitStatus, TextRef] | number;

/**
 * The second: [iuId, path, ordinal, heading, sourceRevision, status, body, contentSha256?], the id
 * null when it is `<prefix>-<path>` and the hash left out when it is the hash of the body (so
 * unchanged units, nearly all of a large plan, store neither), or the index as in the first.
 */
type UnitRow2 =
  | readonly [string | null, string, number, string, number, UnitStatus, TextRef]
  | readonly [string | null, string, number, string, number, UnitStatus, TextRef, string]
  | number;

interface PackedUnits {
  readonly documentId: string;
  readonly prefix: string;
  readonly rows: readonly (UnitRow1 | UnitRow2)[];
}

function packUnits(
  units: readonly HubUnit[], documentId: string, prefix: string, locate: TextLocator, same: readonly HubUnit[] = [],
): PackedUnits | null {
  const sameIndex = indexById(same, (u) => u.iuId);
  const rows: UnitRow2[] = [];
  for (const u of units) {
    if (u.documentId !== documentId || u.prefix !== prefix) return null;
    const i = sameIndex.get(u.iuId);
    if (i !== undefined && sameHubUnit(same[i]!, u)) {
      rows.push(i);
      continue;
    }
    const text = locate(u.contentSha256, u.body);
    const id = u.iuId === unitId(prefix, u.path) ? null : u.iuId;
    // Offsets are given only for a slice whose hash (the cut's) is this one: no need to hash it again.
    const hashIsBodys = typeof text !== 'string' || sha256Hex(u.body) === u.contentSha256;
    rows.push(hashIsBodys
      ? [id, u.path, u.ordinal, u.heading, u.sourceRevision, u.status, text]
      : [id, u.path, u.ordinal, u.heading, u.sourceRevision, u.status, text, u.contentSha256]);
  }
  return { documentId, prefix, rows };
}

const unitId = (prefix: string, path: string): string => `${prefix}-${path}`;

function sameHubUnit(a: HubUnit, b: HubUnit): boolean {
  return a.iuId === b.iuId && a.documentId === b.documentId && a.prefix === b.prefix && a.path === b.path && a.ordinal === b.ordinal
    && a.heading === b.heading && a.body === b.body && a.contentSha256 === b.contentSha256 && a.sourceRevision === b.sourceRevision
    && a.status === b.status;
}

function unpackUnits(packed: PackedUnits, encoding: CompactEncoding, body: string, same: readonly HubUnit[] = [], hashOf = hashText): HubUnit[] {
  const { documentId, prefix } = packed;
  // The keys in the order discovery makes them, so a unit reads back exactly as it was.
  return packed.rows.map((row) => {
    if (typeof row === 'number') return { ...at(same, row, 'unit') };
    if (encoding === COMPACT_ENCODING_1) {
      const [iuId, path, ordinal, heading, contentSha256, sourceRevision, status, text] = row as Exclude<UnitRow1, number>;
      return { iuId, documentId, prefix, path, ordinal, heading, body: textAt(text, body), contentSha256, sourceRevision, status };
    }
    const [id, path, ordinal, heading, sourceRevision, status, text, hash] = row as Exclude<UnitRow2, number> & { 7?: string };
    const unitBody = textAt(text, body);
    return {
      iuId: id ?? unitId(prefix, path), documentId, prefix, path, ordinal, heading, body: unitBody,
      contentSha256: hash ?? (typeof text === 'string' ? sha256Hex(text) : hashOf(text[0], text[1], unitBody)), sourceRevision, status,
    };
  });
}

// --- discover -------------------------------------------------------------------------------

interface PackedDiscover extends Packed {
  readonly document: HubDocument;
  readonly units: PackedUnits;
}

function packDiscover(result: DiscoverResult, locate: TextLocator): PackedDiscover | null {
  const units = packUnits(result.units, result.document.id, result.units[0]?.prefix ?? '', locate);
  return units ? { encoding: COMPACT_ENCODING_2, document: result.document, units } : null;
}

function unpackDiscover(packed: PackedDiscover, hashOf: SliceHash): DiscoverResult {
  return { document: packed.document, units: unpackUnits(packed.units, packed.encoding, packed.document.body, [], hashOf) };
}

// --- diff -----------------------------------------------------------------------------------

/** An entry whose `before` / `after` is the index of the discovered / cut unit it was made from. */
type PackedEntry =
  | (Omit<ChangeEntry, 'before' | 'after'> & { readonly before?: UnitRecord | number; readonly after?: UnitRecord | number })
  /** An unchanged unit: `[discovered index, cut index]`, its id, heading and ordinal the cut unit's. */
  | readonly [number, number];

interface PackedDiff extends Packed {
  readonly changeset: { readonly entries: readonly PackedEntry[]; readonly summary: DiffResult['changeset']['summary'] };
  readonly fingerprint: string;
}

function packDiff(result: DiffResult, discovered: readonly HubUnit[], cut: readonly Unit[]): PackedDiff {
  const hubIndex = indexById(discovered, (u) => u.iuId);
  const cutIndex = indexById(cut, (u) => u.id);
  // The index of the unit a record was made from (fromHub / fromCut), compared field by field.
  const hubRef = (r: UnitRecord): number | undefined => {
    const i = hubIndex.get(r.id);
    const u = i === undefined ? undefined : discovered[i]!;
    return u && r.path === u.path && r.ordinal === u.ordinal && r.heading === u.heading && r.sha256 === u.contentSha256 && r.body === u.body ? i : undefined;
  };
  const cutRef = (r: UnitRecord): number | undefined => {
    const i = cutIndex.get(r.id);
    const u = i === undefined ? undefined : cut[i]!;
    return u && r.path === u.path && r.ordinal === u.ordinal && r.heading === u.heading && r.sha256 === u.sha256 && r.body === u.text ? i : undefined;
  };
  const entries = result.changeset.entries.map((e): PackedEntry => {
    const before = e.before === undefined ? undefined : hubRef(e.before);
    const after = e.after === undefined ? undefined : cutRef(e.after);
    if (before !== undefined && after !== undefined && isPlainUnchanged(e, cut[after]!)) return [before, after];
    // Spread first, so the keys keep their order and only before / after change.
    const packed: Record<string, unknown> = { ...e };
    if (before !== undefined) packed['before'] = before;
    if (after !== undefined) packed['after'] = after;
    return packed as PackedEntry;
  });
  // The diff's form did not change with the second one.
  return { encoding: COMPACT_ENCODING_1, changeset: { entries, summary: result.changeset.summary }, fingerprint: result.fingerprint };
}

/** The most common entry by far, and the one `[before, after]` stands for exactly. */
const UNCHANGED_KEYS = ['kind', 'id', 'heading', 'ordinal', 'before', 'after'];

function isPlainUnchanged(e: ChangeEntry, after: Unit): boolean {
  return e.kind === 'unchanged' && hasOnlyKeys(e, UNCHANGED_KEYS)
    && e.id === after.id && e.heading === after.heading && e.ordinal === after.ordinal;
}

function unpackDiff(packed: PackedDiff, discovered: readonly HubUnit[], cut: readonly Unit[]): DiffResult {
  const entries = packed.changeset.entries.map((e): ChangeEntry => {
    if (Array.isArray(e)) {
      const [b, a] = e as readonly [number, number];
      const after = at(cut, a, 'changeset entry');
      return { kind: 'unchanged', id: after.id, heading: after.heading, ordinal: after.ordinal, before: fromHub(at(discovered, b, 'changeset entry')), after: fromCut(after) };
    }
    const entry: Record<string, unknown> = { ...e };
    const { before, after } = entry;
    if (typeof before === 'number') entry['before'] = fromHub(at(discovered, before, 'changeset entry'));
    if (typeof after === 'number') entry['after'] = fromCut(at(cut, after, 'changeset entry'));
    return entry as unknown as ChangeEntry;
  });
  return { changeset: { entries, summary: packed.changeset.summary }, fingerprint: packed.fingerprint };
}

// --- execute (the dry run's simulator) ------------------------------------------------------

interface PackedExecute extends Packed {
  readonly target: ExecuteResult['target'];
  readonly outcomes: ExecuteResult['outcomes'];
  /** The simulator's document is discover's, apart from the fields kept here. */
  readonly simulator: { readonly document: Omit<HubDocument, 'body'>; readonly prefix: string; readonly units: PackedUnits } | null;
}

function packExecute(result: ExecuteResult, discovered: DiscoverResult, cut: readonly Unit[]): PackedExecute | null {
  const sim = result.simulator;
  if (sim === null) return { encoding: COMPACT_ENCODING_2, target: result.target, outcomes: result.outcomes, simulator: null };
  if (sim.document.body !== discovered.document.body) return null;
  const units = packUnits(sim.units, sim.document.id, sim.prefix, textLocator(discovered.document.body, cut), discovered.units);
  if (!units) return null;
  const { body: _body, ...document } = sim.document;
  return { encoding: COMPACT_ENCODING_2, target: result.target, outcomes: result.outcomes, simulator: { document, prefix: sim.prefix, units } };
}

function unpackExecute(packed: PackedExecute, discovered: DiscoverResult, hashOf: SliceHash): ExecuteResult {
  const sim = packed.simulator;
  const body = discovered.document.body;
  const simulator: SimulatorState | null = sim === null ? null : {
    document: { id: sim.document.id, title: sim.document.title, body, revision: sim.document.revision, status: sim.document.status },
    prefix: sim.prefix,
    units: unpackUnits(sim.units, packed.encoding, body, discovered.units, hashOf),
  };
  return { target: packed.target, outcomes: packed.outcomes, simulator };
}
