import { CutterError } from '../errors.js';
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
    requireColumns('document', row, DOCUMENT_COLUMNS);
    // A query that matched more than the one document would make the plan's text ambiguous.
    if (rows.length > 1 || String(row['id']) !== documentId) {
      throw queryMismatch('document', `it returned ${rows.length} row(s) for document ${documentId}, the first with id ${String(row['id'])}`);
    }
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
    if (rows[0]) requireColumns('units', rows[0], UNIT_COLUMNS);
    const units = rows.map(toHubUnit);
    // Units of another document or prefix would be planned as retirements: refuse rather than guess.
    const stray = units.find((u) => u.documentId !== documentId || u.prefix !== prefix);
    if (stray) {
      throw queryMismatch('units', `asked for ${documentId} / ${prefix}, it returned ${stray.iuId} of ${stray.documentId} / ${stray.prefix}`);
    }
    return units.sort(compareUnits);
  }
}

function requireColumns(query: string, row: Row, columns: readonly string[]): void {
  const missing = columns.filter((c) => !Object.hasOwn(row, c));
  if (missing.length > 0) throw queryMismatch(query, `its rows lack the columns ${missing.join(', ')}`);
}

function queryMismatch(query: string, what: string): CutterError {
  return new CutterError('source_query_mismatch', `the source's ${query} query does not fit discovery: ${what}`, {
    hint: `check the ${query} query of the source in cutter.config.yaml (cutter doctor checks it)`,
    details: { query },
  });
}

function toHubUnit(row: Row): HubUnit {
  const status = String(row['status']);
  // Any other status (draft, deleted, RETIRED…) would silently be planned as active: refuse it.
  if (status !== 'active' && status !== 'retired') {
    throw queryMismatch('units', `unit ${String(row['iu_id'])} has status "${status}"; discovery knows only active and retired (map others in the query, e.g. with CASE)`);
  }
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
    status: status satisfies UnitStatus,
  };
}
