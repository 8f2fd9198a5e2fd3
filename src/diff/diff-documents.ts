import type { Profile } from '../cut/profiles/profile.js';
import { segment } from '../cut/segment.js';
import type { CutDiagnostic, Unit } from '../cut/unit.js';
import type { Changeset, UnitRecord } from './changeset.js';
import { diffUnits } from './diff-units.js';

export interface DocumentDiff {
  readonly changeset: Changeset;
  readonly old: { readonly units: number; readonly diagnostics: readonly CutDiagnostic[] };
  readonly new: { readonly units: number; readonly diagnostics: readonly CutDiagnostic[] };
}

/**
 * Two revisions of a document, cut the same way and compared, with no hub: what `cutter diff`
 * shows an author before any plan touches the hub. Pure.
 */
export function diffDocuments(
  oldText: string,
  newText: string,
  options: { readonly profile: Profile; readonly prefix: string; readonly unit?: string | undefined },
): DocumentDiff {
  const cut = (text: string) => segment(text, options.profile, { prefix: options.prefix, unit: options.unit });
  const before = cut(oldText);
  const after = cut(newText);
  return {
    changeset: diffUnits(before.units.map(recordOfCut), after.units.map(recordOfCut)),
    old: { units: before.units.length, diagnostics: before.diagnostics },
    new: { units: after.units.length, diagnostics: after.diagnostics },
  };
}

/** The comparable face of a unit just cut. */
export function recordOfCut(u: Unit): UnitRecord {
  return { id: u.id, path: u.path, ordinal: u.ordinal, heading: u.heading, body: u.text, sha256: u.sha256 };
}
