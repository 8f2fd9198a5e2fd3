// The floor of a command on the embedded hub: open PGlite on an existing data folder, run one
// SELECT of the units discovery reads, close. `node bench/pglite-floor.mjs <dir>`.
//
// With `--tuned`, PGlite starts the way cutter's CLI starts it (src/cli/main.ts: V8's baseline
// WebAssembly compiler only; src/hub/embedded-hub.ts: shared_buffers sized to the data, 16 MB
// for the sample): the floor with cutter's own settings, so that the ratio against it is what
// cutter adds on top of PGlite rather than what it saves by starting PGlite differently.
import { setFlagsFromString } from 'node:v8';

const tuned = process.argv.includes('--tuned');
const dir = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (tuned) setFlagsFromString('--liftoff-only');
const { PGlite } = await import('@electric-sql/pglite');
const db = await PGlite.create(dir, tuned ? { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] } : {});
await db.query("SELECT iu_id, document_id, prefix, path, ordinal, heading, body, content_sha256, source_revision, status FROM kb_information_units WHERE document_id = 'KB-6839' AND prefix = 'ICX-CONST' ORDER BY ordinal, iu_id");
await db.close();
