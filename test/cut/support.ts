import { getProfile } from '../../src/cut/profiles/index.js';
import type { Profile } from '../../src/cut/profiles/profile.js';
import { segment } from '../../src/cut/segment.js';
import type { SegmentResult } from '../../src/cut/unit.js';

/** Cuts `text` with a built-in profile (or a given one) under the prefix `X`. */
export function cut(text: string, profile: string | Profile = 'vn-legal', unit?: string): SegmentResult {
  return segment(text, typeof profile === 'string' ? getProfile(profile) : profile, { prefix: 'X', unit });
}

/** The unit ids without the `X-` prefix, in document order. */
export function paths(text: string, profile: string | Profile = 'vn-legal', unit?: string): string[] {
  return cut(text, profile, unit).units.map((u) => u.path);
}

/** `code line:column` of every diagnostic, in order. */
export function where(result: SegmentResult): string[] {
  return result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`);
}

/** Joins lines with `\n` (fixtures as arrays read better than template literals with markup). */
export const lines = (...xs: string[]): string => `${xs.join('\n')}\n`;
