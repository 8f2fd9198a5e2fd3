-- The default Knowledge Hub schema (DESIGN §4). The embedded hub is created from this file;
-- real hubs may differ and name their own SELECTs in cutter.config.yaml.
CREATE TABLE IF NOT EXISTS kb_documents (
  id          text PRIMARY KEY,
  title       text NOT NULL,
  body        text NOT NULL,
  revision    integer NOT NULL,
  status      text NOT NULL DEFAULT 'published',
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS kb_information_units (
  iu_id            text PRIMARY KEY,
  document_id      text NOT NULL REFERENCES kb_documents (id),
  prefix           text NOT NULL,
  path             text NOT NULL,
  ordinal          integer NOT NULL,
  heading          text NOT NULL,
  body             text NOT NULL,
  content_sha256   text NOT NULL,
  source_revision  integer NOT NULL,
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS kb_information_units_document_prefix
  ON kb_information_units (document_id, prefix, ordinal);

-- The journal of live executions: cutter writes one row in the same transaction as a run's
-- operations, so that after a crash it can tell from the hub whether they were committed.
-- A hub that keeps this elsewhere names its own findExecution / recordExecution statements.
CREATE TABLE IF NOT EXISTS cutter_executions (
  token                   text PRIMARY KEY,
  document_id             text NOT NULL,
  prefix                  text NOT NULL,
  operations_fingerprint  text NOT NULL,
  source_revision         integer NOT NULL,
  applied                 integer NOT NULL,
  skipped                 integer NOT NULL,
  executed_at             timestamptz NOT NULL DEFAULT now()
);
