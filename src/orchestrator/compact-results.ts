import type { PathStep, SegmentResult, Unit, UnitJson } from '../cut/unit.js';
import type { HubDocument, HubUnit, UnitStatus } from '../discovery/facts.js';
import type { SimulatorState } from '../discovery/live-dry-run-discoverer.js';
import type { ChangeEntry, UnitRecord } from '../diff/changeset.js';
import type { Plan } from '../plan/plan.js';
import { cutDocument } from './cut-and-compare.js';
import type { DiffResult } from './phases/diff.js';
import type { DiscoverResult } from './phases/discover.js';
import type { ExecuteResult } from './phases/execute.js';
import { artifactName } from './artifact-name.js';
import type { StateStore } from './ports.js';
import type { PhaseName } from './run-state.js';
import { stateCorrupt } from './state-errors.js';
import { fromCut, fromHub } from './unit-records.js';

/**
 * How phase results are kept in the StateStore: the document's text once (in discover's result),
 * and every other text as offsets into it. A 20 MB law with 100,000 units used to be written
 * four times over (discover's units, the cut, the changeset's before and after, the simulator),
 * 330 MB a run; now the text is written once and the rest is ids, offsets and hashes.
 *
 * Every store gets the same form, since it is made here, before `writeArtifact`. A result is
 * packed only when packing loses nothing (each text is checked to be the slice it points to,
 * each reference to give back the record it replaces); otherwise it is stored as it is. Results
 * without the `encoding` mark (runs written before this form) are read as they are.
 */
export const COMPACT_ENCODING = 'cutter-compact-1';

/** The decoded result of an earlier phase of the same run. */
export type EarlierResult = <T>(phase: PhaseName) => Promise<T>;

interface Packed {
  readonly encoding: typeof COMPACT_ENCODING;
}

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
      return packSegment(result as SegmentResult, document.body, units);
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
export async function unpackResult(phase: PhaseName, stored: unknown, earlier: EarlierResult): Promise<unknown> {
  if (!isPacked(stored)) return stored;
  switch (phase) {
    case 'discover':
      return unpackDiscover(stored as PackedDiscover);
    case 'segment': {
      const { document, units } = await earlier<DiscoverResult>('discover');
      return unpackSegment(stored as PackedSegment, document.body, units);
    }
    case 'diff': {
      const { units } = await earlier<DiscoverResult>('discover');
      const cut = await earlier<SegmentResult>('segment');
      return unpackDiff(stored as PackedDiff, units, cut.units);
    }
    case 'execute':
      return unpackExecute(stored as PackedExecute, await earlier<DiscoverResult>('discover'));
    default:
      throw new Error(`a packed result for phase ${phase}, which is never packed`);
  }
}

/**
 * Reads a run's results from the store, unpacked, each once: what `cutter show` and the gate
 * reports use, with no runner around.
 */
export function storedResults(store: Pick<StateStore, 'readArtifact'>, runId: string): <T>(phase: PhaseName) => Promise<T | null> {
  const read = new Map<PhaseName, Promise<unknown>>();
  const result = <T>(phase: PhaseName): Promise<T | null> => {
    let pending = read.get(phase);
    if (!pending) {
      pending = store.readArtifact(runId, artifactName(phase)).then((stored) => (stored === null ? null : unpackResult(phase, stored, async <U>(p: PhaseName) => {
        const earlier = await result<U>(p);
        if (earlier === null) throw new Error(`phase ${p} has no persisted result in run ${runId}`);
        return earlier;
      })));
      read.set(phase, pending);
    }
    return pending as Promise<T | null>;
  };
  return result;
}

/**
 * An item a packed result refers to by index. The schema checked the shapes when the result was
 * read; an index out of range is damage it cannot see, and is named as such.
 */
function at<T>(list: readonly T[], i: number, what: string): T {
  const item = list[i];
  if (item === undefined) throw stateCorrupt(`a packed ${what}`, `it refers to item ${i} of a list of ${list.length}`);
  return item;
}

function isPacked(value: unknown): value is Packed {
  return typeof value === 'object' && value !== null && (value as Partial<Packed>).encoding === COMPACT_ENCODING;
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

function textAt(ref: TextRef, body: string): string {
  if (typeof ref === 'string') return ref;
  const [start, end] = ref;
  if (start > end || end > body.length) throw stateCorrupt('a packed text', `[${start}, ${end}] is not within the document's ${body.length} characters`);
  return body.slice(start, end);
}

// --- hub units (discover, execute's simulator) ------------------------------------------------

/**
 * [iuId, path, ordinal, heading, contentSha256, sourceRevision, status, body], or the index of
 * the discovered unit it is identical to (the simulator after a dry run holds mostly those).
 */
type UnitRow = readonly [string, string, number, string, string, number, UnitStatus, TextRef] | number;

interface PackedUnits {
  readonly documentId: string;
  readonly prefix: string;
  readonly rows: readonly UnitRow[];
}

function packUnits(
  units: readonly HubUnit[], documentId: string, prefix: string, locate: TextLocator, same: readonly HubUnit[] = [],
): PackedUnits | null {
  const sameIndex = indexById(same, (u) => u.iuId);
  const rows: UnitRow[] = [];
  for (const u of units) {
    if (u.documentId !== documentId || u.prefix !== prefix) return null;
    const i = sameIndex.get(u.iuId);
    if (i !== undefined && sameHubUnit(same[i]!, u)) rows.push(i);
    else rows.push([u.iuId, u.path, u.ordinal, u.heading, u.contentSha256, u.sourceRevision, u.status, locate(u.contentSha256, u.body)]);
  }
  return { documentId, prefix, rows };
}

function sameHubUnit(a: HubUnit, b: HubUnit): boolean {
  return a.iuId === b.iuId && a.documentId === b.documentId && a.prefix === b.prefix && a.path === b.path && a.ordinal === b.ordinal
    && a.heading === b.heading && a.body === b.body && a.contentSha256 === b.contentSha256 && a.sourceRevision === b.sourceRevision
    && a.status === b.status;
}

function unpackUnits(packed: PackedUnits, body: string, same: readonly HubUnit[] = []): HubUnit[] {
  const { documentId, prefix } = packed;
  // The keys in the order discovery makes them, so a unit reads back exactly as it was.
  return packed.rows.map((row) => {
    if (typeof row === 'number') return { ...at(same, row, 'unit') };
    const [iuId, path, ordinal, heading, contentSha256, sourceRevision, status, text] = row;
    return { iuId, documentId, prefix, path, ordinal, heading, body: textAt(text, body), contentSha256, sourceRevision, status };
  });
}

// --- discover -------------------------------------------------------------------------------

interface PackedDiscover extends Packed {
  readonly document: HubDocument;
  readonly units: PackedUnits;
}

function packDiscover(result: DiscoverResult, locate: TextLocator): PackedDiscover | null {
  const units = packUnits(result.units, result.document.id, result.units[0]?.prefix ?? '', locate);
  return units ? { encoding: COMPACT_ENCODING, document: result.document, units } : null;
}

function unpackDiscover(packed: PackedDiscover): DiscoverResult {
  return { document: packed.document, units: unpackUnits(packed.units, packed.document.body) };
}

// --- segment ------------------------------------------------------------------------------

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

interface PackedSegment extends Packed {
  readonly units: readonly CutRow[];
  readonly diagnostics: SegmentResult['diagnostics'];
}

const STEP_KEYS = ['level', 'printed', 'token'];

function packSteps(steps: readonly PathStep[]): StepRow[] {
  return steps.map((st) => (hasOnlyKeys(st, STEP_KEYS) ? [st.level, st.printed, st.token] as const : st));
}

/** True when `value` has exactly these own keys, in this order (no array made per call). */
function hasOnlyKeys(value: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (key !== keys[i]) return false;
    i += 1;
  }
  return i === keys.length;
}

function unpackSteps(steps: readonly StepRow[]): PathStep[] {
  return steps.map((st) => (Array.isArray(st) ? { level: st[0], printed: st[1], token: st[2] } : st as PathStep));
}

function packSegment(cut: SegmentResult, body: string, discovered: readonly HubUnit[]): PackedSegment {
  const byHash = new Map<string, number>();
  for (let i = 0; i < discovered.length; i++) byHash.set(discovered[i]!.contentSha256, i);
  const byId = indexById(cut.units, (u) => u.id);
  const units = cut.units.map((u): CutRow => {
    const { text, sha256, start, end } = u;
    const steps = packSteps(u.steps);
    const p = u.parentId === null ? undefined : byId.get(u.parentId);
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
  return { encoding: COMPACT_ENCODING, units, diagnostics: cut.diagnostics };
}

function unpackSegment(packed: PackedSegment, body: string, discovered: readonly HubUnit[]): SegmentResult {
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

function indexById<T>(items: readonly T[], id: (item: T) => string): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < items.length; i++) index.set(id(items[i]!), i);
  return index;
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
  return { encoding: COMPACT_ENCODING, changeset: { entries, summary: result.changeset.summary }, fingerprint: result.fingerprint };
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
  if (sim === null) return { encoding: COMPACT_ENCODING, target: result.target, outcomes: result.outcomes, simulator: null };
  if (sim.document.body !== discovered.document.body) return null;
  const units = packUnits(sim.units, sim.document.id, sim.prefix, textLocator(discovered.document.body, cut), discovered.units);
  if (!units) return null;
  const { body: _body, ...document } = sim.document;
  return { encoding: COMPACT_ENCODING, target: result.target, outcomes: result.outcomes, simulator: { document, prefix: sim.prefix, units } };
}

function unpackExecute(packed: PackedExecute, discovered: DiscoverResult): ExecuteResult {
  const sim = packed.simulator;
  const body = discovered.document.body;
  const simulator: SimulatorState | null = sim === null ? null : {
    document: { id: sim.document.id, title: sim.document.title, body, revision: sim.document.revision, status: sim.document.status },
    prefix: sim.prefix,
    units: unpackUnits(sim.units, body, discovered.units),
  };
  return { target: packed.target, outcomes: packed.outcomes, simulator };
}
