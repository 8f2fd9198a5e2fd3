import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { textDigest, textSlices } from '../cut/hash.js';
import { stateCorrupt } from '../orchestrator/state-errors.js';
import { writeFileAtomic } from './atomic-file.js';

/**
 * A large document's text beside its artifact, as a raw file, in the file store. Discover's result
 * holds the whole document (20 MB at 100,000 units): as a JSON string it cost ~0.15 s to escape
 * on every apply and ~0.45 s more to read back (a 29 MB JSON.parse where an 8.5 MB one and a
 * decode of the raw bytes do) on every resume. The artifact's JSON then holds, in place of
 * `document.body`, a reference `{ utf16File | utf8File, bytes, sha256 }`; reading puts the text
 * back before anything else looks at the value, so the StateStore port, the schema check and
 * every reader see the same result as before. A text file that is missing, cut short or changed
 * is `state_corrupt`. Artifacts written before (the text in the JSON, or a UTF-8 file) are read
 * as they are.
 *
 * Two forms, chosen per text by size. UTF-16LE is how V8 holds a text that is not Latin-1, so it
 * decodes with a copy (20 MB of Vietnamese: ~15 ms, against ~108 ms from UTF-8) and encodes as
 * fast (~16 ms against ~70 ms); but it is larger than UTF-8 for a text that is mostly ASCII
 * (up to twice), and the run folder is to stay within twice the document. So UTF-16LE only when
 * it is at most UTF16_AT_MOST times the UTF-8 (Vietnamese is ~1.48 times); UTF-8 otherwise.
 *
 * `sha256` is in both forms the SHA-256 of the text's UTF-8, which is the snapshot's bodySha256:
 * `textDigest` remembers it, so a process hashes its document's body once (on writing, the
 * snapshot's hash is the text file's; rebase and execute ask the hub for its hash of the text,
 * and hash a body read from the hub only when that differs). Checking a UTF-16LE file by hashing its bytes (~17 ms) and then the body
 * again for the snapshot (~45 ms) cost more than checking the text decoded (~8 + 45 ms). The
 * UTF-16LE decoding of a file of the right length gives every changed byte as a changed code
 * unit, and UTF-8 encodes every well-formed text distinctly, so a decoded text that is well formed
 * and has the written hash is the text written. A new key per form (not a field naming the
 * encoding) makes a cutter that knows only `utf8File` refuse a UTF-16LE file (state_corrupt: the
 * body is not a string) rather than read it as UTF-8.
 */

/** Texts shorter than this (in UTF-16 code units) stay in the JSON: a file of their own saves nothing. */
export const TEXT_FILE_AT = 1 << 20;

/** How many characters are encoded and written at a time (tests: fewer). */
const TEXT_SLICE = 1 << 20;

/** The largest size of the UTF-16LE form against the UTF-8 form for which it is chosen. */
const UTF16_AT_MOST = 1.6;

/** The key naming the file in the reference, per form: its encoding and its name's ending. */
const FORMS = {
  utf16File: { encoding: 'utf16le', suffix: 'utf16le.txt' },
  utf8File: { encoding: 'utf8', suffix: 'txt' },
} as const satisfies Record<string, { encoding: BufferEncoding; suffix: string }>;

type FileKey = keyof typeof FORMS;

/** `{ utf16File: name, bytes, sha256 }` or `{ utf8File: name, bytes, sha256 }`. */
type TextFileRef = { readonly [K in FileKey]?: string } & {
  readonly bytes: number;
  /** Of the text's UTF-8, in both forms. */
  readonly sha256: string;
};

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
  // A lone surrogate has no UTF-8 form (it would come back as U+FFFD), nor a UTF-8 hash of its
  // own (see above): such a text stays JSON, which escapes it.
  if (typeof body !== 'string' || body.length < at || !isWellFormed(body)) return value;
  const { sha256, utf8Bytes } = textDigest(body);
  const key: FileKey = 2 * body.length <= UTF16_AT_MOST * utf8Bytes ? 'utf16File' : 'utf8File';
  const { encoding } = FORMS[key];
  const name = textFileName(jsonPath, sha256, key);
  // Encoded and written `slice` characters at a time into one buffer: never a copy of the whole text.
  const scratch = Buffer.allocUnsafe(3 * (Math.min(slice, body.length) + 1));
  writeFileAtomic(join(dirname(jsonPath), name), (function* pieces() {
    for (const part of textSlices(body, slice)) yield scratch.subarray(0, scratch.write(part, encoding));
  })());
  const ref = { [key]: name, bytes: key === 'utf16File' ? 2 * body.length : utf8Bytes, sha256 };
  // Spread, so the keys keep their order and only the body changes.
  return { ...(value as Record<string, unknown>), document: { ...document, body: ref } };
}

/** Removes the text files of this artifact that its JSON (just written) does not name. */
export function dropOtherTextFiles(jsonPath: string, written: unknown): void {
  const ref = documentOf(written)?.['body'];
  const keep = isTextFileRef(ref) ? fileOf(ref)[1] : null;
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
  const [key, name] = fileOf(ref);
  if (name !== textFileName(jsonPath, ref.sha256, key)) throw stateCorrupt(where, `names the file "${name}", which is not the name of its text`, { runId });
  const path = join(dirname(jsonPath), name);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    throw stateCorrupt(where, `the document's text ${path} is missing`, { runId });
  }
  if (bytes.length !== ref.bytes) throw stateCorrupt(where, `${path} holds ${bytes.length} bytes, not the ${ref.bytes} written; it may have been cut short`, { runId });
  const changed = (how: string) => stateCorrupt(where, `${path} is not the text written (${how})`, { runId });
  let body: string;
  if (key === 'utf8File') {
    // The UTF-8 form (earlier runs, mostly ASCII texts): the bytes' hash is the text's.
    if (createHash('sha256').update(bytes).digest('hex') !== ref.sha256) throw changed('its sha256 differs');
    body = bytes.toString('utf8');
  } else {
    body = inHeap(bytes.toString('utf16le'));
    if (!isWellFormed(body)) throw changed('it holds a lone surrogate');
    if (textDigest(body).sha256 !== ref.sha256) throw changed('its sha256 differs');
  }
  return { ...(value as Record<string, unknown>), document: { ...document, body } };
}

/**
 * The same text, to be held in V8's heap. Node decodes UTF-16LE of 1 MB or more into an external
 * string, outside the heap, which V8 leaves out of the heap's size; the hub commands collect at a
 * set growth of that size (--heap-growing-percent=30), so with the document's 30 MB gone from it
 * resume made one or two more full collections (8-9 -> 10 to SG_2 at 100,000 units), which cost
 * about what the faster decoding saved. Two halves joined make a cons string, which the next look
 * at its characters (isWellFormed, just after) flattens into one string in the heap (~10-15 ms for
 * 30 MB); the external string is then garbage. A pair the halves cut in two is whole once joined.
 */
function inHeap(text: string): string {
  const half = text.length >> 1;
  return text.slice(0, half) + text.slice(half);
}

/**
 * No lone surrogate. String.prototype.isWellFormed (Node 20; ~8 ms for 20 MB, a regex took ~100 ms)
 * is ES2024, beyond the lib this project compiles against.
 */
const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

/** What follows `<artifact>.` in a text file's name, in either form. */
const TEXT_FILE = /^[0-9a-f]{16}\.(?:utf16le\.)?txt$/;

function textFileName(jsonPath: string, sha256: string, key: FileKey): string {
  return `${basename(jsonPath, '.json')}.${sha256.slice(0, 16)}.${FORMS[key].suffix}`;
}

function documentOf(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const document = (value as Record<string, unknown>)['document'];
  return typeof document === 'object' && document !== null && !Array.isArray(document) ? document as Record<string, unknown> : null;
}

/** The reference's form and file name (a reference has exactly one of the keys). */
function fileOf(ref: TextFileRef): [FileKey, string] {
  const key: FileKey = ref.utf16File !== undefined ? 'utf16File' : 'utf8File';
  return [key, ref[key]!];
}

function isTextFileRef(value: unknown): value is TextFileRef {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const ref = value as Record<string, unknown>;
  const keys = Object.keys(ref);
  const files = keys.filter((k) => Object.hasOwn(FORMS, k));
  return keys.length === 3 && files.length === 1 && typeof ref[files[0]!] === 'string'
    && typeof ref['bytes'] === 'number' && typeof ref['sha256'] === 'string' && /^[0-9a-f]{64}$/.test(ref['sha256']);
}
