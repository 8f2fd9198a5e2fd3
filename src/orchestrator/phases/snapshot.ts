import { digestOf, type Discoverer } from '../../discovery/discoverer.js';
import type { HubDocument, HubDocumentDigest, HubUnit } from '../../discovery/facts.js';
import { fingerprintOfRows } from '../../diff/fingerprint.js';
import type { Phase } from '../phase.js';
import type { DiscoverResult } from './discover.js';

/** The frozen facts a run's approvals refer to; rebase compares the hub with them. */
export interface Snapshot {
  readonly documentId: string;
  readonly title: string;
  readonly revision: number;
  readonly bodySha256: string;
  /** Hash of every existing unit's id, hash, status and ordinal. */
  readonly unitSetSha256: string;
  readonly unitCount: number;
  readonly activeCount: number;
}

function unitSetHash(units: readonly HubUnit[]): string {
  const byId = [...units].sort((a, b) => (a.iuId < b.iuId ? -1 : a.iuId > b.iuId ? 1 : 0));
  // One row at a time: 100,000 rows made up front were ~8 MB that outlived the young generation.
  return fingerprintOfRows((function* rows() {
    for (const u of byId) yield [u.iuId, u.contentSha256, u.status, u.ordinal];
  })());
}

export function takeSnapshot(document: HubDocument, units: readonly HubUnit[]): Snapshot {
  return snapshotOf(digestOf(document), units);
}

/** The snapshot of a document known by its digest (a later read of the hub, not of the text). */
export function snapshotOf(document: HubDocumentDigest, units: readonly HubUnit[]): Snapshot {
  return {
    documentId: document.id,
    title: document.title,
    revision: document.revision,
    bodySha256: document.bodySha256,
    unitSetSha256: unitSetHash(units),
    unitCount: units.length,
    activeCount: units.filter((u) => u.status === 'active').length,
  };
}

function documentDrift(before: Snapshot, now: Snapshot): string[] {
  const reasons: string[] = [];
  if (before.revision !== now.revision) reasons.push(`document revision changed from ${before.revision} to ${now.revision}`);
  if (before.bodySha256 !== now.bodySha256) reasons.push('document text changed');
  return reasons;
}

/**
 * The document as the hub holds it now, by digest: the hub's hash of the text when it is the
 * snapshot's, else the text read and hashed here. A server's hash can differ from ours for the
 * same text (a `char(n)` body loses its padding on the way to the server's sha256; a database in
 * SQL_ASCII hashes bytes its client decoded otherwise), which would make every run STALE for
 * good: only a drift our own hash confirms is one.
 */
export async function currentDocument(discoverer: Discoverer, documentId: string, before: Snapshot): Promise<HubDocumentDigest | null> {
  const digest = await discoverer.readDocumentDigest(documentId);
  if (digest === null || digest.bodySha256 === before.bodySha256) return digest;
  const document = await discoverer.readDocument(documentId);
  return document ? digestOf(document) : null;
}

/** What differs between two snapshots of the same document, in words; empty when nothing does. */
export function driftBetween(before: Snapshot, now: Snapshot): string[] {
  const reasons = documentDrift(before, now);
  if (before.unitSetSha256 !== now.unitSetSha256) {
    reasons.push(`the hub's units under the prefix changed (${before.unitCount} then, ${now.unitCount} now)`);
  }
  return reasons;
}

/**
 * Drift that concerns what no operation touches: the document, and every other unit as
 * discovery saw it. Empty when nothing outside `touched` changed.
 */
export function driftOutside(
  before: Snapshot, discovered: readonly HubUnit[], document: HubDocumentDigest, now: readonly HubUnit[], touched: ReadonlySet<string>,
): string[] {
  const untouched = (units: readonly HubUnit[]) => units.filter((u) => !touched.has(u.iuId));
  const reasons = documentDrift(before, snapshotOf(document, []));
  const [then, still] = [untouched(discovered), untouched(now)];
  if (!sameRows(then, still) && unitSetHash(then) !== unitSetHash(still)) {
    reasons.push("units under the prefix that no operation touches changed in the hub");
  }
  return reasons;
}

/**
 * True when the two lists hold the same unit-set rows in the same order, so that their unit-set
 * hashes are equal without sorting and hashing 100,000 rows twice: both lists come from reads of
 * the hub in one order. False says nothing (the same rows may come in another order): the hashes decide.
 */
function sameRows(a: readonly HubUnit[], b: readonly HubUnit[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.iuId !== y.iuId || x.contentSha256 !== y.contentSha256 || x.status !== y.status || x.ordinal !== y.ordinal) return false;
  }
  return true;
}

/** Phase 3: freeze the document revision and hash and the existing unit set. */
export const snapshot: Phase<Snapshot> = {
  name: 'snapshot',
  async run(ctx) {
    const { document, units } = await ctx.result<DiscoverResult>('discover');
    return { result: takeSnapshot(document, units) };
  },
};
