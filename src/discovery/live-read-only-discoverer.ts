import { CutterError } from '../errors.js';
import { asSubquery } from './sql-lexer.js';
import { compareUnits, digestOf, type Discoverer, type KnownUnit, type ReadUnitsOptions } from './discoverer.js';
import { plainHubUnit, type HubDocument, type HubDocumentDigest, type HubUnit, type UnitStatus } from './facts.js';
import type { Row, Select } from './select.js';

/** The SELECTs a source uses; `:named` parameters. Real hubs name their own tables. */
export interface SourceQueries {
  /** Params `:id`. Columns: id, title, body, revision, status. */
  readonly document: string;
  /** Params `:document_id`, `:prefix`. Columns: see UNIT_COLUMNS. */
  readonly units: string;
  /**
   * The same units without their bodies: params `:document_id`, `:prefix`; columns
   * UNIT_KEY_COLUMNS. With it, discovery reads these first and then only the bodies it does not
   * already hold (through `units`, filtered by id); without it, `units` is read whole.
   */
  readonly unitHashes?: string | undefined;
}

export const DOCUMENT_COLUMNS = ['id', 'title', 'body', 'revision', 'status'] as const;
const DIGEST_COLUMNS = ['id', 'title', 'body_sha256', 'revision', 'status'] as const;
export const UNIT_COLUMNS = [
  'iu_id', 'document_id', 'prefix', 'path', 'ordinal', 'heading', 'body',
  'content_sha256', 'source_revision', 'status',
] as const;

/** Every unit column but the body. */
export const UNIT_KEY_COLUMNS = UNIT_COLUMNS.filter((c) => c !== 'body');

/** Queries for the default hub schema (schemas/hub.sql). */
export const DEFAULT_QUERIES: SourceQueries = {
  document: 'SELECT id, title, body, revision, status FROM kb_documents WHERE id = :id',
  units:
    'SELECT iu_id, document_id, prefix, path, ordinal, heading, body, content_sha256, source_revision, status ' +
    'FROM kb_information_units WHERE document_id = :document_id AND prefix = :prefix ORDER BY ordinal, iu_id',
  unitHashes:
    'SELECT iu_id, document_id, prefix, path, ordinal, heading, content_sha256, source_revision, status ' +
    'FROM kb_information_units WHERE document_id = :document_id AND prefix = :prefix',
};

/** Rows per page of the keys, and ids per read of bodies: each is one statement. */
export interface ReadSizes {
  readonly keyPageRows: number;
  readonly bodyBatchIds: number;
}
const READ_SIZES: ReadSizes = { keyPageRows: 20_000, bodyBatchIds: 2_000 };

/** Reads documents and units through a read-only `Select`; it holds no other handle on the hub. */
export class LiveReadOnlyDiscoverer implements Discoverer {
  readonly #select: Select;
  readonly #queries: SourceQueries;
  readonly #sizes: ReadSizes;

  /** `sizes` only for tests, which page through a few units. */
  constructor(select: Select, queries: SourceQueries = DEFAULT_QUERIES, sizes: ReadSizes = READ_SIZES) {
    this.#select = select;
    this.#queries = queries;
    this.#sizes = sizes;
  }

  async readDocument(documentId: string): Promise<HubDocument | null> {
    const row = oneDocument(await this.#select(this.#queries.document, { id: documentId }), documentId, DOCUMENT_COLUMNS);
    return row ? documentOf(row, { body: String(row['body'] ?? '') }) : null;
  }

  /**
   * The hash is taken by the server, through the source's own document query: the text is not
   * sent (20 MB and ~0.2 s a read for a large law, on each resume). A server without sha256()
   * (before PostgreSQL 11) has the text read and hashed here, as before.
   */
  async readDocumentDigest(documentId: string): Promise<HubDocumentDigest | null> {
    const sql = `SELECT id, title, encode(sha256(convert_to(coalesce(body, ''), 'UTF8')), 'hex') AS body_sha256, revision, status FROM (\n${asSubquery(this.#queries.document)}\n) AS cutter_document`;
    let rows: Row[];
    try {
      rows = await this.#select(sql, { id: documentId });
    } catch (e) {
      if (!(e instanceof CutterError) || e.code !== 'hub_missing_function') throw e;
      const document = await this.readDocument(documentId);
      return document ? digestOf(document) : null;
    }
    const row = oneDocument(rows, documentId, DIGEST_COLUMNS);
    return row ? documentOf(row, { bodySha256: String(row['body_sha256']) }) : null;
  }

  /**
   * With `knownUnits` and a `unitHashes` query: the units' keys first
   * (keyset-paged, so no one statement returns more than KEY_PAGE_ROWS rows), then only the
   * bodies not known, a batch of ids per statement; a plan of a large law with a few edits reads
   * a few bodies, not all of them. Otherwise, or when most bodies are unknown anyway, the
   * `units` query is read whole.
   */
  async readUnits(documentId: string, prefix: string, options: ReadUnitsOptions = {}): Promise<HubUnit[]> {
    const hashesQuery = this.#queries.unitHashes;
    const knownUnits = options.knownUnits;
    if (!knownUnits || hashesQuery === undefined) return this.#readAll(documentId, prefix);
    const lasting = knownUnits.lasting === true;
    // Each page's rows become units before the next page is read, so pg's row objects and the
    // strings the caller already holds die young instead of outliving the whole read.
    const units: (HubUnit | undefined)[] = [];
    // Rows whose unit is not known yet: looked for among the known units all at once, then read.
    const pending: Row[] = [];
    const pendingAt: number[] = [];
    const seen = new Set<string>();
    await this.#readKeys(hashesQuery, documentId, prefix, (row) => {
      const sha = String(row['content_sha256']);
      const known = knownUnits.near(sha, Number(row['ordinal']));
      const unit = known ? toHubUnit(row, documentId, prefix, known, lasting) : undefined;
      const id = unit ? unit.iuId : String(row['iu_id']);
      // Pages are separate statements: a unit moved by a writer between two of them could be
      // read twice. Refuse then, rather than plan from a view of the hub that never existed.
      if (seen.has(id)) throw changedWhileRead(`unit ${id} was read twice`);
      seen.add(id);
      if (!unit) {
        pending.push(row);
        pendingAt.push(units.length);
      }
      units.push(unit);
    });
    // Rows not found near their place (edited, or moved far): looked for anywhere among the
    // known units, all at once; the bodies of those still unknown are read.
    const found = pending.length > 0 ? knownUnits.find(new Set(pending.map((k) => String(k['content_sha256'])))) : undefined;
    const unknown: Row[] = [];
    const unknownAt: number[] = [];
    pending.forEach((k, j) => {
      const known = found?.get(String(k['content_sha256']));
      if (known) units[pendingAt[j]!] = toHubUnit(k, documentId, prefix, known, lasting);
      else {
        unknown.push(k);
        unknownAt.push(pendingAt[j]!);
      }
    });
    // Reading most bodies by id would cost more statements than reading them all at once.
    if (unknown.length > units.length / 2) return this.#readAll(documentId, prefix);
    const bodies = await this.#readBodies(documentId, prefix, unknown.map((k) => String(k['iu_id'])));
    for (let j = 0; j < unknown.length; j++) {
      const k = unknown[j]!;
      const body = bodies.get(String(k['iu_id']));
      if (body === undefined) throw changedWhileRead(`unit ${String(k['iu_id'])} was gone when its body was read`);
      units[unknownAt[j]!] = toHubUnit(k, documentId, prefix, body);
    }
    return checked(units as HubUnit[], documentId, prefix);
  }

  async #readAll(documentId: string, prefix: string): Promise<HubUnit[]> {
    const rows = await this.#select(this.#queries.units, { document_id: documentId, prefix });
    if (rows[0]) requireColumns('units', rows[0], UNIT_COLUMNS);
    const units = rows.map((row) => toHubUnit(row, documentId, prefix, String(row['body'] ?? '')));
    // A unit is one row (the key read above refuses a second as a change while reading): two rows
    // with one id, from a query that joins or keeps versions, would leave which one holds unsaid.
    const ids = new Set<string>();
    for (const u of units) {
      if (ids.has(u.iuId)) throw queryMismatch('units', `it returned unit ${u.iuId} more than once (a unit must be one row: keep one version per id)`);
      ids.add(u.iuId);
    }
    return checked(units, documentId, prefix);
  }

  /**
   * The keys, in pages ordered by (ordinal, iu_id), each page starting after the last one; each
   * row is given to `each` as it arrives where the Select can (`Select.each`), so no page of rows
   * is ever held whole, else once its page is read.
   */
  async #readKeys(query: string, documentId: string, prefix: string, each: (row: Row) => void): Promise<void> {
    const inner = asSubquery(query);
    const rows = this.#sizes.keyPageRows;
    const first = `SELECT * FROM (\n${inner}\n) AS cutter_keys ORDER BY ordinal, iu_id LIMIT ${rows}`;
    const next = `SELECT * FROM (\n${inner}\n) AS cutter_keys WHERE (ordinal, iu_id) > (:after_ordinal, :after_id) ORDER BY ordinal, iu_id LIMIT ${rows}`;
    let last: Row | undefined;
    for (;;) {
      let read = 0;
      const params = last === undefined
        ? { document_id: documentId, prefix }
        : { document_id: documentId, prefix, after_ordinal: last['ordinal'], after_id: last['iu_id'] };
      await this.#eachRow(last === undefined ? first : next, params, (row) => {
        if (read === 0 && last === undefined) requireColumns('unitHashes', row, UNIT_KEY_COLUMNS);
        read += 1;
        each(row);
        last = row;
      });
      if (read < rows) return;
    }
  }

  /** Each row of a statement: as it arrives where the Select can give rows so, else from the rows it returns. */
  async #eachRow(sql: string, params: Readonly<Record<string, unknown>>, each: (row: Row) => void): Promise<void> {
    if (this.#select.each) return this.#select.each(sql, params, each);
    for (const row of await this.#select(sql, params)) each(row);
  }

  /** Bodies by unit id, through the `units` query narrowed to a batch of ids per statement. */
  async #readBodies(documentId: string, prefix: string, ids: readonly string[]): Promise<Map<string, string>> {
    const bodies = new Map<string, string>();
    const sql = `SELECT iu_id, body FROM (\n${asSubquery(this.#queries.units)}\n) AS cutter_bodies WHERE iu_id = ANY(:ids)`;
    const batch = this.#sizes.bodyBatchIds;
    for (let i = 0; i < ids.length; i += batch) {
      const rows = await this.#select(sql, { document_id: documentId, prefix, ids: ids.slice(i, i + batch) });
      for (const row of rows) bodies.set(String(row['iu_id']), String(row['body'] ?? ''));
    }
    return bodies;
  }
}

/** A document row's fields, with its text (or the text's hash) between title and revision, as discovery has always ordered them. */
function documentOf<T extends object>(row: Row, text: T): { id: string; title: string } & T & { revision: number; status: string } {
  return { id: String(row['id']), title: String(row['title'] ?? ''), ...text, revision: Number(row['revision']), status: String(row['status'] ?? '') };
}

/** The one row of the document, or null; a query that matched more would make the plan's text ambiguous. */
function oneDocument(rows: Row[], documentId: string, columns: readonly string[]): Row | null {
  const row = rows[0];
  if (!row) return null;
  requireColumns('document', row, columns);
  if (rows.length > 1 || String(row['id']) !== documentId) {
    throw queryMismatch('document', `it returned ${rows.length} row(s) for document ${documentId}, the first with id ${String(row['id'])}`);
  }
  return row;
}

/** Units of another document or prefix would be planned as retirements: refuse rather than guess. */
function checked(units: HubUnit[], documentId: string, prefix: string): HubUnit[] {
  const stray = units.find((u) => u.documentId !== documentId || u.prefix !== prefix);
  if (stray) {
    throw queryMismatch('units', `asked for ${documentId} / ${prefix}, it returned ${stray.iuId} of ${stray.documentId} / ${stray.prefix}`);
  }
  return units.sort(compareUnits);
}

function changedWhileRead(what: string): CutterError {
  return new CutterError('hub_changed_during_read', `the hub changed while discovery read it: ${what}`, {
    hint: 'run the command again once the writes to the hub are done',
  });
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

/**
 * A row as a unit, its text `text` or that of the unit the caller `known`s. Every row repeats the
 * document id, the prefix and the status, and a unit the caller knows holds the same id, path,
 * heading and hash as that known unit (a unit of the cut, for 99% of a large law's units): equal
 * strings are taken from there, so the row's own copies can be collected at once (100,000 units
 * kept ~25 MB of duplicates before), and when the known unit is `lasting` the unit is a view of
 * it (`KnownHubUnit`), holding none of them.
 */
function toHubUnit(row: Row, documentId: string, prefix: string, text: string | KnownUnit, lasting = false): HubUnit {
  const status = String(row['status']);
  // Any other status (draft, deleted, RETIRED…) would silently be planned as active: refuse it.
  if (status !== 'active' && status !== 'retired') {
    throw queryMismatch('units', `unit ${String(row['iu_id'])} has status "${status}"; discovery knows only active and retired (map others in the query, e.g. with CASE)`);
  }
  // The literal, not the row's string: each row has its own copy of it (100,000 of them, 2.4 MB).
  const unitStatus: UnitStatus = status === 'active' ? 'active' : 'retired';
  const iuId = String(row['iu_id']);
  const path = String(row['path']);
  const heading = String(row['heading'] ?? '');
  const sha = String(row['content_sha256']);
  const rowDocumentId = same(row['document_id'], documentId);
  const rowPrefix = same(row['prefix'], prefix);
  const known = typeof text === 'string' ? undefined : text;
  if (lasting && known !== undefined && known.id === iuId && known.path === path && known.heading === heading && known.sha256 === sha
    && rowDocumentId === documentId && rowPrefix === prefix) {
    return new KnownHubUnit(known, documentId, prefix, Number(row['ordinal']), Number(row['source_revision']), unitStatus);
  }
  const knownPath = known?.path;
  return {
    iuId: known?.id === iuId ? known.id : iuId,
    documentId: rowDocumentId,
    prefix: rowPrefix,
    path: knownPath === path ? knownPath : path,
    ordinal: Number(row['ordinal']),
    heading: known?.heading === heading ? known.heading : heading,
    body: known === undefined ? (text as string) : known.text,
    contentSha256: known?.sha256 === sha ? known.sha256 : sha,
    sourceRevision: Number(row['source_revision']),
    status: unitStatus,
  };
}

/**
 * A hub unit that is a unit the caller holds for as long (`KnownUnits.lasting`: a unit of the
 * cut): its id, path, heading, hash and text are that unit's, read from it when asked. Six
 * fields, against ten and a path and a slice of the document of its own as a plain object
 * (~100 bytes less a unit). It serialises, through `toJSON`, as the plain unit it stands for.
 */
class KnownHubUnit implements HubUnit {
  readonly #known: KnownUnit;
  readonly documentId: string;
  readonly prefix: string;
  readonly ordinal: number;
  readonly sourceRevision: number;
  readonly status: UnitStatus;

  constructor(known: KnownUnit, documentId: string, prefix: string, ordinal: number, sourceRevision: number, status: UnitStatus) {
    this.#known = known;
    this.documentId = documentId;
    this.prefix = prefix;
    this.ordinal = ordinal;
    this.sourceRevision = sourceRevision;
    this.status = status;
  }

  get iuId(): string {
    return this.#known.id;
  }

  get path(): string {
    return this.#known.path;
  }

  get heading(): string {
    return this.#known.heading;
  }

  get body(): string {
    return this.#known.text;
  }

  get contentSha256(): string {
    return this.#known.sha256;
  }

  toJSON(): HubUnit {
    return plainHubUnit(this);
  }
}

/** `expected` when the value is that string, so every row does not keep its own copy. */
function same(value: unknown, expected: string): string {
  const s = String(value);
  return s === expected ? expected : s;
}
