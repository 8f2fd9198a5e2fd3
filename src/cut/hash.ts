import { createHash, hash } from 'node:crypto';

/** Characters per piece when a long text is hashed piece by piece. */
const PIECE = 1 << 18;

/**
 * Hex sha256 of a string's UTF-8 bytes. The one-shot `crypto.hash` (Node >= 20.12, which
 * package.json requires) is about twice as fast per small unit as createHash().update().digest(),
 * and hashing every unit is the largest single cost of a plan's cut (bench/RESULTS.md).
 * A text longer than one piece (a whole document) goes through `textDigest`.
 */
export function sha256Hex(text: string): string {
  return text.length <= PIECE ? hash('sha256', text, 'hex') : textDigest(text).sha256;
}

/** A text's sha256 (hex, of its UTF-8 bytes, as `sha256Hex`) and the length of its UTF-8 in bytes. */
export interface TextDigest {
  readonly sha256: string;
  readonly utf8Bytes: number;
}

/** The last text longer than one piece that was digested, and its digest. */
let lastLong: { readonly text: string; readonly digest: TextDigest } | null = null;

/**
 * `sha256Hex` with the UTF-8 length, which comes free with the encoding. The digest of the last
 * long text is remembered: a run's process would hash its document's body (20 MB, ~45 ms) more
 * than once (apply: the text file, then the snapshot; a resume whose hub hashes the text
 * otherwise: the text file's check, then the body read again from the hub, equal but another
 * string). `===` on strings
 * compares content (pointers first): a text that is not the remembered one is hashed, never
 * given its digest, and comparing equal 20 MB texts costs ~2 ms. Only one text is kept alive.
 */
export function textDigest(text: string): TextDigest {
  if (lastLong !== null && lastLong.text === text) return lastLong.digest;
  const digest = textDigestInPieces(text, PIECE);
  if (text.length > PIECE) lastLong = { text, digest };
  return digest;
}

/**
 * `textDigest` fed `piece` characters at a time, never remembered (exported for its test). A
 * long text encoded to UTF-8 in one go made a 20 MB copy and took 2-3x as long as encoding and
 * hashing it piece by piece while the piece is in the cache (150-190 ms against 60-90 ms for the
 * bench law on this machine). Each piece is encoded into one reused buffer, whose count of bytes
 * written is the UTF-8 length: as fast as `hash.update(piece, 'utf8')`, where Buffer.byteLength
 * on the side cost ~30 ms more for the bench law.
 */
export function textDigestInPieces(text: string, piece: number): TextDigest {
  const h = createHash('sha256');
  // A slice is at most piece + 1 characters (a pair kept whole), each at most 3 bytes of UTF-8.
  const scratch = Buffer.allocUnsafe(3 * (Math.min(piece, text.length) + 1));
  let utf8Bytes = 0;
  for (const part of textSlices(text, piece)) {
    const written = scratch.write(part, 'utf8');
    h.update(scratch.subarray(0, written));
    utf8Bytes += written;
  }
  return { sha256: h.digest('hex'), utf8Bytes };
}

/**
 * A long text in slices of about `size` characters, for hashing, escaping or writing it without
 * one copy of the whole. A slice never ends between the two halves of a surrogate pair (each half
 * alone would be encoded as U+FFFD, or escaped by JSON): it ends before the pair, or after it
 * when the pair starts the slice.
 */
export function* textSlices(text: string, size: number): Generator<string> {
  for (let i = 0; i < text.length;) {
    let end = Math.min(i + size, text.length);
    if (end < text.length && isHigh(text.charCodeAt(end - 1)) && isLow(text.charCodeAt(end))) end += end - 1 > i ? -1 : 1;
    yield text.slice(i, end);
    i = end;
  }
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;
