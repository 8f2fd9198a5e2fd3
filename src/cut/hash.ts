import { hash } from 'node:crypto';

/**
 * Hex sha256 of a string's UTF-8 bytes. The one-shot `crypto.hash` (Node >= 20.12, which
 * package.json requires) is about twice as fast per small unit as createHash().update().digest(),
 * and hashing every unit is the largest single cost of a plan's cut (bench/RESULTS.md).
 */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}
