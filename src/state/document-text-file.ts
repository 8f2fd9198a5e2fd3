import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { textSlices } from '../cut/hash.js';
import { stateCorrupt } from '../orchestrator/state-errors.js';
import { writeFileAtomicAs } from './atomic-file.js';

/**
 * A large document's text beside its artifact, as raw UTF-8, in the file store. Discover's result
 * holds the whole document (20 MB at 100,000 units): as a JSON string it cost ~0.15 s to escape
 * on every apply and ~0.45 s more to read back (a 29 MB JSON.parse where an 8.5 MB one and a
 * decode of the raw bytes do) on every resume. The artifact's JSON then holds, in place of
 * `document.body`, a reference `{ utf8File, bytes, sha256 }`; reading puts the text back before
 * anything else looks at the value, so the StateStore port, the schema check and every reader see
 * the same result as before. A text file that is missing, cut short or changed is `state_corrupt`.
 * Artifacts written before (the text in the JSON) are read as they are.
 */

/** Texts shorter than this (in UTF-16 code units) stay in the JSON: a file of their own saves nothing. */
export const TEXT_FILE_AT = 1 << 20;

/** How many characters are encoded and written at a time (tests: fewer). */
const TEXT_SLICE = 1 << 20;

interface TextFileRef {
  /** The file's name, beside the artifact: `<artifact>.<first 16 hex of the sha256>.txt`. */
  readonly utf8File: string;
  readonly bytes: number;
  readonly sha256: string;
}

const REF_KEYS = ['utf8File', 'bytes', 'sha256'];

/**
 * Writes a large `document.body` of the value to its own file (atomically, fsynced) and returns
 * the value to write as the artifact's JSON, with the reference in its place; any other value as
 * it is. The text file is in place before the JSON that names it, and it is named by its hash, so
 * a crash between the two leaves the artifact before it readable (a file it does not name is swept
 * by `dropOtherTextFiles` after the next write).
 */
export function putTextFile(jsonPath: string, value: unknown, at = TEXT_FILE_AT, slice = TEXT_SLICE): unknown {
  const document = documentOf(value);
  const body = document?.['body'];
  // A lone surrogate has no UTF-8 form (it would come back as U+FFFD): such a text stays JSON, which escapes it.
  if (typeof body !== 'string' || body.length < at || !isWellFormed(body)) return value;
  // Encoded, hashed and written 1 Mi characters at a time: never a second copy of the whole text.
  const hash = createHash('sha256');
  let bytes = 0;
  function* utf8(): Generator<Uint8Array> {
    for (const part of textSlices(body as string, slice)) {
      const piece = Buffer.from(part, 'utf8');
      hash.update(piece);
      bytes += piece.length;
      yield piece;
    }
  }
  let sha256 = '';
  const written = writeFileAtomicAs(jsonPath.replace(/\.json$/, '.txt'), utf8(), () => {
    sha256 = hash.digest('hex');
    return join(dirname(jsonPath), textFileName(jsonPath, sha256));
  });
  const ref: TextFileRef = { utf8File: basename(written), bytes, sha256 };
  // Spread, so the keys keep their order and only the body changes.
  return { ...(value as Record<string, unknown>), document: { ...document, body: ref } };
}

/** Removes the text files of this artifact that its JSON (just written) does not name. */
export function dropOtherTextFiles(jsonPath: string, written: unknown): void {
  const ref = documentOf(written)?.['body'];
  const keep = isTextFileRef(ref) ? ref.utf8File : null;
  const prefix = `${basename(jsonPath, '.json')}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(jsonPath));
  } catch {
    return;
  }
  for (const name of names) {
    if (name !== keep && name.startsWith(prefix) && TEXT_FILE.test(name.slice(prefix.length))) rmSync(join(dirname(jsonPath), name), { force: true });
  }
}

/** The value read from an artifact's JSON with its document's text put back from its file. */
export function takeTextFile(jsonPath: string, value: unknown, runId?: string): unknown {
  const document = documentOf(value);
  const ref = document?.['body'];
  if (!isTextFileRef(ref)) return value;
  const where = `${jsonPath} (document text)`;
  if (ref.utf8File !== textFileName(jsonPath, ref.sha256)) throw stateCorrupt(where, `names the file "${ref.utf8File}", which is not the name of its text`, { runId });
  const path = join(dirname(jsonPath), ref.utf8File);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    throw stateCorrupt(where, `the document's text ${path} is missing`, { runId });
  }
  if (bytes.length !== ref.bytes) throw stateCorrupt(where, `${path} holds ${bytes.length} bytes, not the ${ref.bytes} written; it may have been cut short`, { runId });
  if (createHash('sha256').update(bytes).digest('hex') !== ref.sha256) throw stateCorrupt(where, `${path} is not the text written (its sha256 differs)`, { runId });
  return { ...(value as Record<string, unknown>), document: { ...document, body: bytes.toString('utf8') } };
}

/**
 * No lone surrogate. String.prototype.isWellFormed (Node 20; ~5 ms for 20 MB, a regex took ~100 ms)
 * is ES2024, beyond the lib this project compiles against.
 */
const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

const TEXT_FILE = /^[0-9a-f]{16}\.txt$/;

function textFileName(jsonPath: string, sha256: string): string {
  return `${basename(jsonPath, '.json')}.${sha256.slice(0, 16)}.txt`;
}

function documentOf(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const document = (value as Record<string, unknown>)['document'];
  return typeof document === 'object' && document !== null && !Array.isArray(document) ? document as Record<string, unknown> : null;
}

function isTextFileRef(value: unknown): value is TextFileRef {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const ref = value as Record<string, unknown>;
  return Object.keys(ref).length === REF_KEYS.length && REF_KEYS.every((k) => k in ref)
    && typeof ref['utf8File'] === 'string' && typeof ref['bytes'] === 'number' && typeof ref['sha256'] === 'string' && /^[0-9a-f]{64}$/.test(ref['sha256']);
}
