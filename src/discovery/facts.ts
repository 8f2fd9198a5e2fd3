/** A hub document as discovery reads it. */
export interface HubDocument {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly revision: number;
  readonly status: string;
}

export type UnitStatus = 'active' | 'retired';

/** A hub information unit as discovery reads it. */
export interface HubUnit {
  readonly iuId: string;
  readonly documentId: string;
  readonly prefix: string;
  readonly path: string;
  readonly ordinal: number;
  readonly heading: string;
  readonly body: string;
  readonly contentSha256: string;
  readonly sourceRevision: number;
  readonly status: UnitStatus;
}

/** Everything discovery knows about one document and its prefix. */
export interface DocumentFacts {
  readonly document: HubDocument;
  /** All units under the prefix, active and retired, by ordinal then id. */
  readonly units: readonly HubUnit[];
}
