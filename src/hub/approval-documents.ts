import type { Select } from '../discovery/select.js';
import { refusal } from '../errors.js';
import type { ApprovalClaim, ApprovalVerifier } from '../orchestrator/approval.js';
import type { ApprovalVerification } from '../plan/config.js';

/**
 * Approvals verified against the hub (config `approvals.verify`): the id names a document read
 * through the source's read-only Select, whose status records a decision and whose text names
 * what was decided on: the gate's full fingerprint, or both the run id and the gate.
 */
export class HubApprovalVerifier implements ApprovalVerifier {
  readonly #select: () => Promise<Select>;
  readonly #settings: ApprovalVerification;
  readonly #source: string;

  /** `select` is called only when an approval is checked (the embedded hub opens on first use). */
  constructor(select: () => Promise<Select>, settings: ApprovalVerification, source: string) {
    this.#select = select;
    this.#settings = settings;
    this.#source = source;
  }

  async verify(claim: ApprovalClaim): Promise<void> {
    const rows = await (await this.#select())(this.#settings.query, { id: claim.id });
    const doc = rows[0];
    if (!doc) {
      throw unverified(claim, `approvals.verify.query finds no document ${claim.id} in source ${this.#source}`, 'record the decision as a KB document first, then give its id');
    }
    for (const column of ['status', 'body']) {
      if (!(column in doc)) {
        throw unverified(claim, `approvals.verify.query returned no "${column}" column for ${claim.id}`, 'make the query return the columns id, status and body');
      }
    }
    const status = String(doc['status']);
    if (!this.#settings.approvedStatuses.includes(status)) {
      throw unverified(claim, `document ${claim.id} has status "${status}", not one that records a decision (${this.#settings.approvedStatuses.join(', ')})`,
        'have the decision document approved in the hub, or give the id of the one that is');
    }
    const body = String(doc['body'] ?? '');
    const namesRun = body.includes(claim.runId) && body.includes(claim.gate);
    if (!body.includes(claim.fingerprint) && !namesRun) {
      throw unverified(claim, `document ${claim.id} names neither the fingerprint ${claim.gate} shows (${claim.fingerprint}) nor run ${claim.runId} with ${claim.gate}, so it is not a decision on this gate`,
        `give the id of the document recording the decision on what ${claim.gate} shows (cutter show ${claim.runId})`);
    }
  }
}

function unverified(claim: ApprovalClaim, message: string, hint: string) {
  return refusal('approval_unverified', `approval ${claim.id} was not verified: ${message}; nothing was recorded`, {
    hint,
    details: { approval: claim.id, runId: claim.runId, gate: claim.gate, fingerprint: claim.fingerprint },
  });
}
