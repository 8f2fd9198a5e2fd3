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
  return fingerprintOf({
    gate: input.gate,
    formatVersion: input.formatVersion,
    plan: input.plan,
    snapshot: {
      documentId: input.snapshot.documentId,
      revision: input.snapshot.revision,
      bodySha256: input.snapshot.bodySha256,
      unitSetSha256: input.snapshot.unitSetSha256,
    },
    changeset: input.changeset.entries.map((e) => ({
      kind: e.kind,
      id: e.id,
      fromId: e.fromId,
      ordinal: e.ordinal,
      heading: e.after?.heading ?? e.before?.heading,
      before: e.before?.sha256,
      after: e.after?.sha256,
    })),
    extra: input.extra,
  });
}
