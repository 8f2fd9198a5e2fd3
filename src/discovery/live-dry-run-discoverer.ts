import type { Discoverer, ReadUnitsOptions } from './discoverer.js';
import type { HubDocument, HubDocumentDigest, HubUnit } from './facts.js';
import { InMemoryDiscoverer } from './in-memory-discoverer.js';

/** What the simulator holds for one document, so a run can carry it across processes. */
export interface SimulatorState {
  readonly document: HubDocument;
  readonly prefix: string;
  readonly units: readonly HubUnit[];
}

/**
 * A dry-run view of a live hub. Reads pass through to the live (read-only) discoverer until a
 * document is seeded; from then on that document and its units are served from an in-memory
 * simulator, which is the only thing dry-run execution writes to. The live hub is never written.
 */
export class LiveDryRunDiscoverer implements Discoverer {
  readonly #live: Discoverer;
  readonly #prefix: string;
  readonly #simulator = new InMemoryDiscoverer();

  private constructor(live: Discoverer, prefix: string) {
    this.#live = live;
    this.#prefix = prefix;
  }

  static fromLive(live: Discoverer, options: { prefix: string }): LiveDryRunDiscoverer {
    return new LiveDryRunDiscoverer(live, options.prefix);
  }

  /** The live (read-only) discoverer behind the simulator. */
  get live(): Discoverer {
    return this.#live;
  }

  get prefix(): string {
    return this.#prefix;
  }

  async readDocument(documentId: string): Promise<HubDocument | null> {
    if (this.#simulator.hasDocument(documentId)) return this.#simulator.readDocument(documentId);
    return this.#live.readDocument(documentId);
  }

  async readDocumentDigest(documentId: string): Promise<HubDocumentDigest | null> {
    if (this.#simulator.hasDocument(documentId)) return this.#simulator.readDocumentDigest(documentId);
    return this.#live.readDocumentDigest(documentId);
  }

  async readUnits(documentId: string, prefix: string, options?: ReadUnitsOptions): Promise<HubUnit[]> {
    if (this.#simulator.hasDocument(documentId)) return this.#simulator.readUnits(documentId, prefix);
    return this.#live.readUnits(documentId, prefix, options);
  }

  /**
   * Copies the live facts of a document into the simulator (once) and returns the simulator.
   * `options` as for `readUnits` (bodies the caller already holds are not read again).
   */
  async seed(documentId: string, options?: ReadUnitsOptions): Promise<InMemoryDiscoverer> {
    if (!this.#simulator.hasDocument(documentId)) {
      const document = await this.#live.readDocument(documentId);
      if (!document) throw new Error(`document ${documentId} is not in the hub`);
      for (const u of await this.#live.readUnits(documentId, this.#prefix, options)) this.#simulator.putUnit(u);
      this.#simulator.putDocument(document);
    }
    return this.#simulator;
  }

  isSeeded(documentId: string): boolean {
    return this.#simulator.hasDocument(documentId);
  }

  async exportState(documentId: string): Promise<SimulatorState> {
    const document = await this.#simulator.readDocument(documentId);
    if (!document) throw new Error(`the simulator holds no document ${documentId}`);
    return { document, prefix: this.#prefix, units: await this.#simulator.readUnits(documentId, this.#prefix) };
  }

  /** Restores a simulator saved by `exportState` (a run resumed in another process). */
  importState(state: SimulatorState): void {
    for (const u of state.units) this.#simulator.putUnit(u);
    this.#simulator.putDocument(state.document);
  }
}
