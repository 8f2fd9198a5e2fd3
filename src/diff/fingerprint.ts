import { createHash, type Hash } from 'node:crypto';
import { sha256Hex } from '../cut/hash.js';
import type { Changeset } from './changeset.js';
import { canonicalJson } from './canonical-json.js';

/** `sha256:<hex>` of a value's canonical JSON. */
export type Fingerprint = `sha256:${string}`;

export function fingerprintOf(value: unknown): Fingerprint {
  return `sha256:${sha256Hex(canonicalJson(value))}`;
}

/** The facts about the document that a gate's fingerprint binds to. */
export interface SnapshotFacts {
  readonly documentId: string;
  readonly revision: number;
  readonly bodySha256: string;
  readonly unitSetSha256: string;
}

/**
 * The fingerprint of what a gate shows: the changeset (kinds, ids and text hashes, in order),
 * the document snapshot, the plan and the format version. No timestamps, no paths, no run id:
 * the same inputs give the same fingerprint on any machine.
 *
 * It is the sha256 of the canonical JSON of
 * `{ gate, formatVersion, plan, snapshot, changeset: [{ kind, id, fromId, ordinal, heading,
 * before, after }], extra }` (before/after: the text hashes), fed to the hash as it is written:
 * the changeset (100,000 entries for a large law) is never built as objects or as one string,
 * and its entries skip the generic canonicaliser because their keys are known. The bytes are
 * those `fingerprintOf` gives for that object (test/diff/fingerprint.test.ts holds both to it),
 * so approvals recorded before this was streamed still match.
 */
export function changesetFingerprint(input: {
  readonly gate: string;
  readonly formatVersion: number;
  readonly plan: unknown;
  readonly snapshot: SnapshotFacts;
  readonly changeset: Changeset;
  /** Anything else the gate shows, e.g. SG_2's operations. */
  readonly extra?: unknown;
}): Fingerprint {
  const out = new HashWriter(changesetHash(input.changeset));
  if (input.extra !== undefined) out.write(`,"extra":${canonicalJson(input.extra)}`);
  out.write(`,"formatVersion":${canonicalJson(input.formatVersion)},"gate":${canonicalJson(input.gate)}`);
  if (input.plan !== undefined) out.write(`,"plan":${canonicalJson(input.plan)}`);
  const { documentId, revision, bodySha256, unitSetSha256 } = input.snapshot;
  out.write(`,"snapshot":${canonicalJson({ documentId, revision, bodySha256, unitSetSha256 })}}`);
  return `sha256:${out.digestHex()}`;
}

// SG_1 and SG_2 (which `cutter plan` shows too) hash the same changeset first: the hash of that
// part is kept per changeset and copied, so 100,000 entries are written once per process.
const hashedChangesets = new WeakMap<Changeset, Hash>();

/** A hash fed `{"changeset":[...]` (the entries, up to the closing bracket), ready to copy. */
function changesetHash(changeset: Changeset): Hash {
  let hashed = hashedChangesets.get(changeset);
  if (!hashed) {
    const out = new HashWriter(createHash('sha256'));
    // The top-level keys in code-point order, as canonicalJson sorts them.
    out.write('{"changeset":[');
    const entries = changeset.entries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      // Members in code-point order: after, before, fromId, heading, id, kind, ordinal; each
      // written as canonicalJson writes it (a string as JSON.stringify does), a missing one left out.
      out.ascii(i === 0 ? '{' : ',{');
      let first = member(out, true, 'after', e.after?.sha256);
      first = member(out, first, 'before', e.before?.sha256);
      first = member(out, first, 'fromId', e.fromId);
      first = member(out, first, 'heading', e.after?.heading ?? e.before?.heading);
      first = member(out, first, 'id', e.id);
      first = member(out, first, 'kind', e.kind);
      member(out, first, 'ordinal', e.ordinal);
      out.ascii('}');
    }
    out.ascii(']');
    hashed = out.flushed();
    hashedChangesets.set(changeset, hashed);
  }
  return hashed.copy();
}

/** `"key":value` (after a comma unless `first`), or nothing when the value is undefined; whether the next member is still the first. */
function member(out: HashWriter, first: boolean, key: string, value: unknown): boolean {
  if (value === undefined) return first;
  out.ascii(first ? '"' : ',"');
  out.ascii(key);
  out.ascii('":');
  out.json(value);
  return false;
}

/**
 * `fingerprintOf([...rows])` for flat arrays (e.g. `[id, sha256, status, ordinal]` per unit),
 * written to the hash row by row instead of as one string; the rows may be made one at a time
 * (a generator), so 100,000 of them are never held together.
 */
export function fingerprintOfRows(rows: Iterable<readonly unknown[]>): Fingerprint {
  const out = new HashWriter(createHash('sha256'));
  out.ascii('[');
  let first = true;
  for (const row of rows) {
    out.ascii(first ? '[' : ',[');
    first = false;
    for (let j = 0; j < row.length; j++) {
      if (j > 0) out.ascii(',');
      out.json(row[j] ?? null);
    }
    out.ascii(']');
  }
  out.ascii(']');
  return `sha256:${out.digestHex()}`;
}

/**
 * Feeds a hash through a 128 KiB buffer, as UTF-8: one native call per chunk, not per small
 * string. A value is written where it can be as it is (`json`: a string with nothing to escape
 * between quotes, an integer's digits), not first made into a string of its JSON and joined
 * into one line per entry: those lines were ~1.6 KB of short-lived strings per changeset entry
 * and ~0.9 KB per row, 300 of the 600 MB a 100,000-unit plan allocated (its two fingerprints),
 * and took longer to make than to hash (changeset 150-175 -> 115-130 ms, young collections
 * ~630 -> ~290).
 */
export class HashWriter {
  readonly #hash: Hash;
  readonly #buffer = Buffer.allocUnsafe(131_072);
  #used = 0;

  constructor(hash: Hash) {
    this.#hash = hash;
  }

  /** Any text, as UTF-8. */
  write(text: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair is 4 bytes for 2 units).
    if (!this.#room(text.length * 3)) {
      this.#hash.update(text, 'utf8');
      return;
    }
    this.#used += this.#buffer.write(text, this.#used, 'utf8');
  }

  /** Text known to be ASCII (keys, punctuation), a byte a character. */
  ascii(text: string): void {
    if (!this.#room(text.length)) {
      this.#hash.update(text, 'latin1');
      return;
    }
    const buffer = this.#buffer;
    let at = this.#used;
    for (let i = 0; i < text.length; i++) buffer[at++] = text.charCodeAt(i);
    this.#used = at;
  }

  /** `canonicalJson(value)`, as UTF-8: a string or a safe integer written as it is, anything else made by canonicalJson. */
  json(value: unknown): void {
    if (typeof value === 'string') this.#string(value);
    else if (typeof value === 'number' && Number.isSafeInteger(value)) this.ascii(String(value));
    else this.write(canonicalJson(value));
  }

  /** `JSON.stringify(text)` as UTF-8: the text itself between quotes when it has nothing to escape. */
  #string(text: string): void {
    if (!this.#room(text.length * 3 + 2) || NEEDS_ESCAPE.test(text)) {
      this.write(JSON.stringify(text));
      return;
    }
    const buffer = this.#buffer;
    buffer[this.#used++] = 0x22;
    this.#used += buffer.write(text, this.#used, 'utf8');
    buffer[this.#used++] = 0x22;
  }

  /** Whether `bytes` more fit in the buffer, flushing it first if they do not fit after what it holds. */
  #room(bytes: number): boolean {
    if (this.#used + bytes <= this.#buffer.length) return true;
    this.#hash.update(this.#buffer.subarray(0, this.#used));
    this.#used = 0;
    return bytes <= this.#buffer.length;
  }

  /** The hash, fed everything written so far. */
  flushed(): Hash {
    this.#hash.update(this.#buffer.subarray(0, this.#used));
    this.#used = 0;
    return this.#hash;
  }

  digestHex(): string {
    return this.flushed().digest('hex');
  }
}

/**
 * What JSON.stringify may escape: the quote, the backslash, the controls and a surrogate (a lone
 * one; a text with a pair takes the same path, rare enough).
 */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
