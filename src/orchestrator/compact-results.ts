import { sha256Hex } from '../cut/hash.js';
import type { SegmentResult, Unit } from '../cut/unit.js';
import { plainHubUnit, type HubDocument, type HubUnit, type UnitStatus } from '../discovery/facts.js';
import type { SimulatorState } from '../discovery/live-dry-run-discoverer.js';
import type { ChangeEntry, UnitRecord } from '../diff/changeset.js';
import type { Plan } from '../plan/plan.js';
import { packSegment, recut, recutRef, unpackSegment, type RecutRef } from './compact-cut.js';
import { cutDocument } from './cut-and-compare.js';
import type { DiffResult } from './phases/diff.js';
import type { DiscoverResult } from './phases/discover.js';
import type { ExecuteResult } from './phases/execute.js';
import { artifactName } from './artifact-name.js';
import { idFinder } from './id-finder.js';
import {
  at, COMPACT_ENCODING_1, COMPACT_ENCODING_2, COMPACT_ENCODING_3, hasOnlyKeys, isPacked, type CompactEncoding, type Packed,
} from './packed-refs.js';
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
 * `<prefix>-<path>`, the whole cut of a built-in profile (compact-cut.ts); the third
 * (`cutter-compact-3`, discover's result only) stores each hub unit that is a unit of that cut as
 * the index of the cut unit (31.3 -> 33.2 MB with the text as UTF-16LE, but discover's JSON
 * 8.6 -> 0.84 MB, read on every resume). Each result says its form: the diff's is still the
 * first, the segment's and execute's the second (`COMPACT_ENCODING`), discover's the third when
 * its cut can be made again.
 *
 * Every store gets the same form, since it is made here, before `writeArtifact`. A result is
 * packed only when packing loses nothing (each text is checked to be the slice it points to,
 * each hash left out to be the hash of its text, each reference to give back the record it
 * replaces); otherwise it is stored as it is. Results without the `encoding` mark (runs written
 * before the packed forms) are read as they are, and every earlier form is still read.
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
      return (cut && packDiscover(discovered, cut, await recutRef(cut, plan, body), textLocator(body, cut.units))) ?? result;
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
      const body = packed.document.body;
      if (packed.encoding === COMPACT_ENCODING_3) {
        const where = 'the saved hub units (discover phase)';
        // The schema requires it of a stored result; a value handed over some other way is checked here.
        if (packed.cut === undefined || packed.units.revision === undefined) {
          throw stateCorrupt(where, 'the third packed form names no cut or no revision for its units to refer to');
        }
        const cut = await recut(packed.cut, plan, body, where);
        return unpackDiscover(packed, sliceHashesOf(cut.units), cut.units);
      }
      return unpackDiscover(packed, await sliceHashes(packed.encoding, plan, body), []);
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
  // Made on the first text asked for: in the third form most units are stored as cut units instead.
  let at: Map<string, number> | undefined;
  return (sha256, text) => {
    if (at === undefined) {
      at = new Map();
      for (let i = 0; i < units.length; i++) at.set(units[i]!.sha256, i);
    }
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
  return cut ? sliceHashesOf(cut.units) : hashText;
}

/** Hashes of slices of the body, taken from the units of a cut of it where one is that slice. */
function sliceHashesOf(units: readonly Unit[]): SliceHash {
  // Made on the first slice asked for: a result in the third form may ask for none.
  let byStart: Map<number, number> | undefined;
  return (start, end, text) => {
    if (byStart === undefined) {
      byStart = new Map();
      for (let i = 0; i < units.length; i++) byStart.set(units[i]!.start, i);
    }
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
 * the index of a unit it is identical to (`UnitRefs`).
 */
type UnitRow1 = readonly [string, string, number, string, string, number, UnitStatus, TextRef] | number;

/**
 * The second and third: [iuId, path, ordinal, heading, sourceRevision, status, body, contentSha256?],
 * the id null when it is `<prefix>-<path>` and the hash left out when it is the hash of the body
 * (so unchanged units store neither), or the index as in the first.
 */
type UnitRow2 =
  | readonly [string | null, string, number, string, number, UnitStatus, TextRef]
  | readonly [string | null, string, number, string, number, UnitStatus, TextRef, string]
  | number;

interface PackedUnits {
  readonly documentId: string;
  readonly prefix: string;
  /** The third form (discover): the revision of the units stored as the index of a cut unit. */
  readonly revision?: number;
  readonly rows: readonly (UnitRow1 | UnitRow2)[];
}

/**
 * What a row that is a number refers to. Execute's simulator: the discovered unit it is identical
 * to (a dry run leaves most as they were). Discover's result in the third form: the unit of the
 * cut it is (an unchanged unit, most of a large plan).
 */
interface UnitRefs {
  /** The index of the unit `u` is identical to, if there is one. */
  indexOf(u: HubUnit): number | undefined;
  /** The unit a row's index stands for, as a new object. */
  unitAt(i: number): HubUnit;
}

const NO_REFS: UnitRefs = { indexOf: () => undefined, unitAt: (i) => at<HubUnit>([], i, 'unit') };

function sameUnits(same: readonly HubUnit[]): UnitRefs {
  const find = idFinder(same, (s) => s.iuId);
  return {
    indexOf(u) {
      const i = find(u.iuId);
      return i !== undefined && sameHubUnit(same[i]!, u) ? i : undefined;
    },
    // A copy: discovered units may be views of the cut's (plainHubUnit, not a spread).
    unitAt: (i) => plainHubUnit(at(same, i, 'unit')),
  };
}

/**
 * Hub units that are units of the cut: the same id, path, ordinal, heading, text and hash, active
 * at `revision`.
 */
function cutUnits(cut: readonly Unit[], documentId: string, prefix: string, revision: number): UnitRefs {
  const find = idFinder(cut, (c) => c.id);
  return {
    indexOf(u) {
      const k = find(u.iuId);
      if (k === undefined) return undefined;
      const c = cut[k]!;
      return u.status === 'active' && u.sourceRevision === revision && u.documentId === documentId && u.prefix === prefix
        && u.path === c.path && u.ordinal === c.ordinal && u.heading === c.heading && u.body === c.text && u.contentSha256 === c.sha256
        ? k : undefined;
    },
    unitAt(i) {
      const c = at(cut, i, 'unit');
      // The keys in the order discovery makes them, so a unit reads back exactly as it was.
      return {
        iuId: c.id, documentId, prefix, path: c.path, ordinal: c.ordinal, heading: c.heading, body: c.text, contentSha256: c.sha256,
        sourceRevision: revision, status: 'active',
      };
    },
  };
}

/** The revision most of the units have (the one a row that is a cut unit's index stands for). */
function commonRevision(units: readonly HubUnit[]): number {
  const counts = new Map<number, number>();
  let best = 0;
  let most = 0;
  for (const u of units) {
    const n = (counts.get(u.sourceRevision) ?? 0) + 1;
    counts.set(u.sourceRevision, n);
    if (n > most) [best, most] = [u.sourceRevision, n];
  }
  return best;
}

function packUnits(
  units: readonly HubUnit[], documentId: string, prefix: string, locate: TextLocator, refs: UnitRefs, revision?: number,
): PackedUnits | null {
  const rows: UnitRow2[] = [];
  for (const u of units) {
    if (u.documentId !== documentId || u.prefix !== prefix) return null;
    const i = refs.indexOf(u);
    if (i !== undefined) {
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
  return revision === undefined ? { documentId, prefix, rows } : { documentId, prefix, revision, rows };
}

const unitId = (prefix: string, path: string): string => `${prefix}-${path}`;

function sameHubUnit(a: HubUnit, b: HubUnit): boolean {
  return a.iuId === b.iuId && a.documentId === b.documentId && a.prefix === b.prefix && a.path === b.path && a.ordinal === b.ordinal
    && a.heading === b.heading && a.body === b.body && a.contentSha256 === b.contentSha256 && a.sourceRevision === b.sourceRevision
    && a.status === b.status;
}

function unpackUnits(packed: PackedUnits, encoding: CompactEncoding, body: string, refs: UnitRefs, hashOf = hashText): HubUnit[] {
  const { documentId, prefix } = packed;
  // The keys in the order discovery makes them, so a unit reads back exactly as it was.
  return packed.rows.map((row) => {
    if (typeof row === 'number') return refs.unitAt(row);
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
  /** The third form: the cut whose units the rows that are numbers are (made again on reading). */
  readonly cut?: RecutRef;
}

/**
 * The third form when the cut can be made again on reading (a built-in profile), the second
 * otherwise (a cut with custom rules).
 */
function packDiscover(result: DiscoverResult, cut: SegmentResult, ref: RecutRef | null, locate: TextLocator): PackedDiscover | null {
  const documentId = result.document.id;
  const prefix = result.units[0]?.prefix ?? '';
  if (ref === null) {
    const units = packUnits(result.units, documentId, prefix, locate, NO_REFS);
    return units ? { encoding: COMPACT_ENCODING_2, document: result.document, units } : null;
  }
  const revision = commonRevision(result.units);
  const units = packUnits(result.units, documentId, prefix, locate, cutUnits(cut.units, documentId, prefix, revision), revision);
  return units ? { encoding: COMPACT_ENCODING_3, document: result.document, units, cut: ref } : null;
}

function unpackDiscover(packed: PackedDiscover, hashOf: SliceHash, cut: readonly Unit[]): DiscoverResult {
  const { documentId, prefix, revision } = packed.units;
  const refs = packed.encoding === COMPACT_ENCODING_3 ? cutUnits(cut, documentId, prefix, revision!) : NO_REFS;
  return { document: packed.document, units: unpackUnits(packed.units, packed.encoding, packed.document.body, refs, hashOf) };
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
  const hubIndex = idFinder(discovered, (u) => u.iuId);
  const cutIndex = idFinder(cut, (u) => u.id);
  // The index of the unit a record was made from (fromHub / fromCut), compared field by field.
  const hubRef = (r: UnitRecord): number | undefined => {
    const i = hubIndex(r.id);
    const u = i === undefined ? undefined : discovered[i]!;
    return u && r.path === u.path && r.ordinal === u.ordinal && r.heading === u.heading && r.sha256 === u.contentSha256 && r.body === u.body ? i : undefined;
  };
  const cutRef = (r: UnitRecord): number | undefined => {
    const i = cutIndex(r.id);
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
  const units = packUnits(sim.units, sim.document.id, sim.prefix, textLocator(discovered.document.body, cut), sameUnits(discovered.units));
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
    units: unpackUnits(sim.units, packed.encoding, body, sameUnits(discovered.units), hashOf),
  };
  return { target: packed.target, outcomes: packed.outcomes, simulator };
}
