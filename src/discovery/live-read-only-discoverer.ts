import { compareUnits, type Discoverer } from './discoverer.js';
import type { HubDocument, HubUnit, UnitStatus } from './facts.js';
import type { Row, Select } from './select.js';

/** The SELECTs a source uses; `:named` parameters. Real hubs name their own tables. */
export interface SourceQueries {
  /** Params `:id`. Columns: id, title, body, revision, status. */
  readonly document: string;
  /** Params `:document_id`, `:prefix`. Columns: see UNIT_COLUMNS. */
  readonly units: string;
}

export const DOCUMENT_COLUMNS = ['id', 'title', 'body', 'revision', 'status'] as const;
export const UNIT_COLUMNS = [
  'iu_id', 'document_id', 'prefix', 'path', 'ordinal', 'heading', 'body',
  'content_sha256', 'source_revision', 'status',
] as const;

/** Queries for the default hub schema (schemas/hub.sql). */
export const DEFAULT_QUERIES: SourceQueries = {
  document: 'SELECT id, title, body, revision, status FROM kb_documents WHERE id = :id',
  units:
    'SELECT iu_id, document_id, prefix, path, ordinal, heading, body, content_sha256, source_revision, status ' +
    'FROM kb_information_units WHERE document_id = :document_id AND prefix = :prefix ORDER BY ordinal, iu_id',
};

/** Reads documents and units through a read-only `Select`; it holds no other handle on the hub. */
export class LiveReadOnlyDiscoverer implements Discoverer {
  readonly #select: Select;
  readonly #queries: SourceQueries;

  constructor(select: Select, queries: SourceQueries = DEFAULT_QUERIES) {
    this.#select = select;
    this.#queries = queries;
  }

  async readDocument(documentId: string): Promise<HubDocument | null> {
    const rows = await this.#select(this.#queries.document, { id: documentId });
    const row = rows[0];
    if (!row) return null;
    return {
      id: String(row['id']),
      title: String(row['title'] ?? ''),
      body: String(row['body'] ?? ''),
      revision: Number(row['revision']),
      status: String(row['status'] ?? ''),
    };
  }

  async readUnits(documentId: string, prefix: string): Promise<HubUnit[]> {
    const rows = await this.#select(this.#queries.units, { document_id: documentId, prefix });
    return rows.map(toHubUnit).sort(compareUnits);
  }
}

function toHubUnit(row: Row): HubUnit {
  const status = String(row['status']);
  return {
    iuId: String(row['iu_id']),
    documentId: String(row['document_id']),
    prefix: String(row['prefix']),
    path: String(row['path']),
    ordinal: Number(row['ordinal']),
    heading: String(row['heading'] ?? ''),
    body: String(row['body'] ?? ''),
    contentSha256: String(row['content_sha256']),
    sourceRevision: Number(row['source_revision']),
    status: (status === 'retired' ? 'retired' : 'active') satisfies UnitStatus,
  };
}
