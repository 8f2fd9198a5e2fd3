// The floor of a command on the embedded hub: open PGlite on an existing data folder, run one
// SELECT of the units discovery reads, close. `node bench/pglite-floor.mjs <dir>`.
import { PGlite } from '@electric-sql/pglite';

const db = await PGlite.create(process.argv[2]);
await db.query("SELECT iu_id, document_id, prefix, path, ordinal, heading, body, content_sha256, source_revision, status FROM kb_information_units WHERE document_id = 'KB-6839' AND prefix = 'ICX-CONST' ORDER BY ordinal, iu_id");
await db.close();
