/**
 * The state store's schema, as numbered steps applied in order inside one transaction each.
 * A step is never edited once released: a change is a new step, so a database made by any
 * earlier cutter upgrades by running the steps it has not seen. `schema_version` records each
 * step applied; a database whose highest step is above the last one here was made by a newer
 * cutter and is refused rather than written with an older idea of the tables.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  /** The statements, given the quoted schema name. */
  sql(schema: string): string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, held documents, phase results, event journal, approval index',
    sql: (s) => `
      CREATE TABLE ${s}.runs (
        run_id      text PRIMARY KEY,
        created_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL,
        status      text NOT NULL,
        -- The whole RunState as the orchestrator wrote it (json, not jsonb: kept as written, key
        -- order and all, so both stores print a run alike); the columns above are copies for queries.
        state       json NOT NULL
      );
      CREATE INDEX runs_created_at ON ${s}.runs (created_at, run_id);

      -- The documents each run drives. While the run is RUNNING or PAUSED its rows are active, and
      -- the partial unique index lets one active row exist per (source, document): the database,
      -- not a check-then-write, keeps two runs off one document.
      CREATE TABLE ${s}.run_documents (
        run_id    text NOT NULL REFERENCES ${s}.runs (run_id) ON DELETE CASCADE,
        source    text NOT NULL,
        document  text NOT NULL,
        active    boolean NOT NULL,
        PRIMARY KEY (run_id, source, document)
      );
      CREATE UNIQUE INDEX run_documents_one_active ON ${s}.run_documents (source, document) WHERE active;

      -- Phase results: compact JSON, gzip-compressed (a large document's results run to tens of MB).
      CREATE TABLE ${s}.artifacts (
        run_id  text NOT NULL REFERENCES ${s}.runs (run_id) ON DELETE CASCADE,
        name    text NOT NULL,
        body    bytea NOT NULL,
        PRIMARY KEY (run_id, name)
      );

      CREATE TABLE ${s}.events (
        seq     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        run_id  text NOT NULL REFERENCES ${s}.runs (run_id) ON DELETE CASCADE,
        event   json NOT NULL
      );
      CREATE INDEX events_run ON ${s}.events (run_id, seq);

      -- The store-wide approval index: an approval id is used once, ever, in any run.
      CREATE TABLE ${s}.approvals (
        id           text PRIMARY KEY,
        run_id       text NOT NULL REFERENCES ${s}.runs (run_id) ON DELETE CASCADE,
        gate         text NOT NULL,
        fingerprint  text NOT NULL,
        decision     text NOT NULL,
        via          text NOT NULL,
        at           text NOT NULL
      );
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
