import { compareUnits, digestOf, type Discoverer } from './discoverer.js';
import type { HubDocument, HubDocumentDigest, HubUnit } from './facts.js';

/** Facts given directly: for tests, and the store behind the dry-run simulator. */
export class InMemoryDiscoverer implements Discoverer {
  readonly #documents = new Map<string, HubDocument>();
  readonly #units = new Map<string, HubUnit>();

  constructor(facts: { documents?: readonly HubDocument[]; units?: readonly HubUnit[] } = {}) {
    for (const d of facts.documents ?? []) this.#documents.set(d.id, d);
    for (const u of facts.units ?? []) this.#units.set(u.iuId, u);
  }

  async readDocument(documentId: string): Promise<HubDocument | null> {
    return this.#documents.get(documentId) ?? null;
  }

  async readDocumentDigest(documentId: string): Promise<HubDocumentDigest | null> {
    const document = this.#documents.get(documentId);
    return document ? digestOf(document) : null;
  }

  async readUnits(documentId: string, prefix: string): Promise<HubUnit[]> {
    return [...this.#units.values()]
      .filter((u) => u.documentId === documentId && u.prefix === prefix)
      .sort(compareUnits);
  }

  hasDocument(documentId: string): boolean {
    return this.#documents.has(documentId);
  }

  putDocument(document: HubDocument): void {
    this.#documents.set(document.id, document);
  }

  getUnit(iuId: string): HubUnit | undefined {
    return this.#units.get(iuId);
  }

  putUnit(unit: HubUnit): void {
    this.#units.set(unit.iuId, unit);
  }
}
