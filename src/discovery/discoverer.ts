import type { HubDocument, HubUnit } from './facts.js';

/** Reads facts from a hub; never writes. */
export interface Discoverer {
  readDocument(documentId: string): Promise<HubDocument | null>;
  /** All units of the document under the prefix (active and retired), by ordinal then id. */
  readUnits(documentId: string, prefix: string): Promise<HubUnit[]>;
}

export function compareUnits(a: HubUnit, b: HubUnit): number {
  return a.ordinal - b.ordinal || (a.iuId < b.iuId ? -1 : a.iuId > b.iuId ? 1 : 0);
}
