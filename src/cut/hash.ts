import { createHash, hash } from 'node:crypto';

/** Characters per piece when a long text is hashed piece by piece. */
const PIECE = 1 << 18;

/**
 * Hex sha256 of a string's UTF-8 bytes. The one-shot `crypto.hash` (Node >= 20.12, which
 * package.json requires) is about twice as fast per small unit as createHash().update().digest(),
 * and hashing every unit is the largest single cost of a plan's cut (bench/RESULTS.md).
 *
 * A long text (a whole document) is fed to the hash in pieces of PIECE characters: encoding a
 * 20 MB law (UTF-16 inside V8) to UTF-8 in one go made a 20 MB copy and took 2-3x as long as
 * encoding and hashing it piece by piece while the piece is in the cache (150-190 ms against
 * 60-90 ms for the bench law on this machine).
 */
export function sha256Hex(text: string): string {
  return text.length <= PIECE ? hash('sha256', text, 'hex') : sha256HexInPieces(text, PIECE);
}

/** `sha256Hex` fed `piece` characters at a time (exported for its test). */
export function sha256HexInPieces(text: string, piece: number): string {
  const h = createHash('sha256');
  for (const part of textSlices(text, piece)) h.update(part, 'utf8');
  return h.digest('hex');
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
