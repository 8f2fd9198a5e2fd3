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
      // Members in code-point order: after, before, fromId, heading, id, kind, ordinal.
      let line = i === 0 ? '{' : ',{';
      let sep = '';
      const member = (key: string, value: unknown): void => {
        if (value === undefined) return;
        line += `${sep}"${key}":${typeof value === 'string' ? JSON.stringify(value) : canonicalJson(value)}`;
        sep = ',';
      };
      member('after', e.after?.sha256);
      member('before', e.before?.sha256);
      member('fromId', e.fromId);
      member('heading', e.after?.heading ?? e.before?.heading);
      member('id', e.id);
      member('kind', e.kind);
      member('ordinal', e.ordinal);
      out.write(`${line}}`);
    }
    out.write(']');
    hashed = out.flushed();
    hashedChangesets.set(changeset, hashed);
  }
  return hashed.copy();
}

/**
 * `fingerprintOf([...rows])` for flat arrays (e.g. `[id, sha256, status, ordinal]` per unit),
 * written to the hash row by row instead of as one string; the rows may be made one at a time
 * (a generator), so 100,000 of them are never held together.
 */
export function fingerprintOfRows(rows: Iterable<readonly unknown[]>): Fingerprint {
  const out = new HashWriter(createHash('sha256'));
  out.write('[');
  let first = true;
  for (const row of rows) {
    let line = first ? '[' : ',[';
    first = false;
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      if (j > 0) line += ',';
      line += typeof v === 'string' ? JSON.stringify(v) : canonicalJson(v ?? null);
    }
    out.write(`${line}]`);
  }
  out.write(']');
  return `sha256:${out.digestHex()}`;
}

/**
 * Feeds a hash through a 128 KiB buffer, as UTF-8: one native call per chunk, not per small
 * string. Why not gather the strings with `+=` and hash the joined chunk: a chunk of 600 short
 * two-byte strings (Vietnamese headings) joined is flattened before it is encoded, which took
 * 2.5x as long as writing each string into the buffer (100,000 entries: 300 ms against 120 ms).
 */
class HashWriter {
  readonly #hash: Hash;
  readonly #buffer = Buffer.allocUnsafe(131_072);
  #used = 0;

  constructor(hash: Hash) {
    this.#hash = hash;
  }

  write(text: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair is 4 bytes for 2 units).
    if (this.#used + text.length * 3 > this.#buffer.length) {
      this.#hash.update(this.#buffer.subarray(0, this.#used));
      this.#used = 0;
      if (text.length * 3 > this.#buffer.length) {
        this.#hash.update(text, 'utf8');
        return;
      }
    }
    this.#used += this.#buffer.write(text, this.#used, 'utf8');
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
