import { sha256Hex } from '../cut/hash.js';
import type { HubDocument, HubDocumentDigest, HubUnit } from './facts.js';

/** Reads facts from a hub; never writes. */
export interface Discoverer {
  readDocument(documentId: string): Promise<HubDocument | null>;
  /** The document with the hash of its text in place of the text (a hub computes it where it can). */
  readDocumentDigest(documentId: string): Promise<HubDocumentDigest | null>;
  /**
   * All units of the document under the prefix (active and retired), by ordinal then id. With
   * `knownUnits` whose units are `lasting`, a hub unit that is one of them may be a view of it.
   */
  readUnits(documentId: string, prefix: string, options?: ReadUnitsOptions): Promise<HubUnit[]>;
}

export interface ReadUnitsOptions {
  /**
   * Units the caller already holds (e.g. the units of the cut it is about to compare with, or
   * those an earlier read gave): a hub unit whose stored hash is one of theirs takes that text
   * instead of reading its body, when the source can read hashes first (others read every body),
   * and, where they are equal, the id, path and heading strings instead of its own copies.
   */
  readonly knownUnits?: KnownUnits | undefined;
}

/** What `knownUnits` gives for a hash: a unit holding that text (a cut's `Unit` is one). */
export interface KnownUnit {
  readonly id: string;
  readonly path: string;
  readonly heading: string;
  readonly sha256: string;
  readonly text: string;
}

/**
 * Units the caller holds, found by hash in two ways: near a place first (an unchanged unit of a
 * revised law sits where it sat, or a few places off), then, for the few not found there, all
 * at once in one pass. A 100,000-unit cut then needs no map of every hash.
 */
export interface KnownUnits {
  /** The unit with this hash if it sits near the 1-based `ordinal`, else undefined (it may be elsewhere). */
  near(sha256: string, ordinal: number): KnownUnit | undefined;
  /** A unit for each of these hashes that any unit has, wherever it sits. */
  find(sha256s: ReadonlySet<string>): ReadonlyMap<string, KnownUnit>;
  /**
   * True when the units `near` and `find` give are the caller's own and live as long as the hub
   * units read with them (a cut's units, which the changeset compares the hub's with): a hub
   * unit with the same id, path, heading and hash as one of them is then a view of it, reading
   * those and its text from it, instead of a copy. Why: as copies, a 100,000-unit law's hub
   * units held ~7 MB more of live heap (ten fields each, its own path and a slice of the
   * document for its text) than as views of the cut's units, ~6 MiB of `cutter plan`'s peak
   * RSS. Units made for the lookup (false, or left out) are copied from, as they would otherwise
   * be kept alive by the views.
   */
  readonly lasting?: boolean;
}

/** The digest of a document held whole. */
export function digestOf(document: HubDocument): HubDocumentDigest {
  return { id: document.id, title: document.title, bodySha256: sha256Hex(document.body), revision: document.revision, status: document.status };
}

export function compareUnits(a: HubUnit, b: HubUnit): number {
  return a.ordinal - b.ordinal || (a.iuId < b.iuId ? -1 : a.iuId > b.iuId ? 1 : 0);
}
