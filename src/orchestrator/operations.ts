import type { ChangeEntry, Changeset } from '../diff/changeset.js';
import { reusedIds } from '../diff/reused-ids.js';

/**
 * The writes a changeset becomes, each keyed by IU id and guarded by the state it expects, so
 * that replaying an operation already applied is recognised and skipped (no write happens twice).
 */
export type Operation =
  | {
      readonly op: 'insert';
      readonly iuId: string;
      readonly path: string;
      readonly ordinal: number;
      readonly heading: string;
      readonly body: string;
      readonly sha256: string;
    }
  | {
      readonly op: 'update';
      readonly iuId: string;
      readonly path: string;
      readonly ordinal: number;
      readonly heading: string;
      readonly body: string;
      readonly sha256: string;
      /** The hash the unit must still have for the update to apply. */
      readonly expectSha256: string;
    }
  | { readonly op: 'retire'; readonly iuId: string; readonly expectSha256: string };

/**
 * Orders operations as execution must run them: inserts and updates in document order, then
 * retirements in the old order. Unchanged units with a new ordinal or heading are updated too,
 * so that the hub's order follows the document.
 *
 * Renumbering reuses ids: when an article is inserted at the top, the old D1's text moves to D2
 * while D1 gets the new text; when Điều 1 is deleted, old D2's text moves onto D1. An id that the
 * hub already holds (its old text moved away or left) is therefore an update guarded by that old
 * text, and an id is retired only when nothing takes it over.
 */
export function operationsFor(changeset: Changeset): Operation[] {
  const reused = reusedIds(changeset);
  const write = (e: ChangeEntry): Operation => {
    const holder = reused.get(e.id);
    return holder ? { ...insertOf(e), op: 'update', expectSha256: holder.sha256 } : insertOf(e);
  };
  const writes: Operation[] = [];
  const retires: Operation[] = [];
  for (const e of changeset.entries) {
    switch (e.kind) {
      case 'add':
        writes.push(write(e));
        break;
      case 'renumber':
        writes.push(write(e));
        if (!reused.has(e.fromId!)) retires.push({ op: 'retire', iuId: e.fromId!, expectSha256: e.before!.sha256 });
        break;
      case 'change':
        writes.push({ ...insertOf(e), op: 'update', expectSha256: e.before!.sha256 });
        break;
      case 'unchanged':
        if (e.before!.ordinal !== e.after!.ordinal || e.before!.heading !== e.after!.heading) {
          writes.push({ ...insertOf(e), op: 'update', expectSha256: e.before!.sha256 });
        }
        break;
      case 'retire':
        if (!reused.has(e.id)) retires.push({ op: 'retire', iuId: e.id, expectSha256: e.before!.sha256 });
        break;
    }
  }
  return [...writes, ...retires];
}

function insertOf(e: ChangeEntry): Extract<Operation, { op: 'insert' }> {
  const a = e.after!;
  return { op: 'insert', iuId: a.id, path: a.path, ordinal: a.ordinal, heading: a.heading, body: a.body, sha256: a.sha256 };
}

/** The hub's current state of one unit, as far as an operation's guard cares. */
export interface CurrentUnit {
  readonly sha256: string;
  readonly status: 'active' | 'retired';
  readonly ordinal: number;
  readonly heading: string;
}

export type OperationDecision = { readonly action: 'apply' | 'skip' } | { readonly action: 'conflict'; readonly reason: string };

/**
 * Whether an operation should be applied, is already applied (skip), or meets a unit in a state
 * it did not expect (conflict). Shared by the simulator and the live executor so that both are
 * idempotent in the same way.
 */
export function decide(op: Operation, current: CurrentUnit | undefined): OperationDecision {
  switch (op.op) {
    case 'insert':
      if (!current || current.status === 'retired') return { action: 'apply' };
      if (current.sha256 === op.sha256) {
        return current.ordinal === op.ordinal && current.heading === op.heading ? { action: 'skip' } : { action: 'apply' };
      }
      return { action: 'conflict', reason: `${op.iuId} already exists with other text` };
    case 'update':
      if (!current) return { action: 'conflict', reason: `${op.iuId} is not in the hub` };
      if (current.sha256 === op.sha256 && current.status === 'active' && current.ordinal === op.ordinal && current.heading === op.heading) {
        return { action: 'skip' };
      }
      if (current.sha256 === op.expectSha256 || current.sha256 === op.sha256) return { action: 'apply' };
      return { action: 'conflict', reason: `${op.iuId} changed in the hub since it was planned` };
    case 'retire':
      if (!current) return { action: 'conflict', reason: `${op.iuId} is not in the hub` };
      if (current.status === 'retired') return { action: 'skip' };
      if (current.sha256 === op.expectSha256) return { action: 'apply' };
      return { action: 'conflict', reason: `${op.iuId} changed in the hub since it was planned` };
  }
}
