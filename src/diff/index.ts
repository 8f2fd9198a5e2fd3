/** The diff core: pure and synchronous, no I/O, clock or randomness. */
export { applyChangeset } from './apply-changeset.js';
export { CHANGE_KINDS, isEmpty, summarize, type ChangeEntry, type ChangeKind, type Changeset, type ChangeSummary, type UnitRecord } from './changeset.js';
export { diffDocuments, type DocumentDiff } from './diff-documents.js';
export { diffUnits, SIMILARITY_THRESHOLD } from './diff-units.js';
export { changesetFingerprint, fingerprintOf, type Fingerprint, type SnapshotFacts } from './fingerprint.js';
export { explainStale, sameChanges, type ChangesetDelta, type EntryDelta, type StaleReason } from './stale.js';
export { diffText, type TextDiff, type WordPart } from './word-diff.js';
export { reusedIds } from './reused-ids.js';
