import { createHash } from 'node:crypto';
import * as crypto from 'node:crypto';

// crypto.hash (Node >= 20.12) is the one-shot form: about twice as fast per small unit as
// createHash().update().digest(), which is what dominates cutting (see shared/FACTS.md).
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;

/** Hex sha256 of a string's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : createHash('sha256').update(text).digest('hex');
}
