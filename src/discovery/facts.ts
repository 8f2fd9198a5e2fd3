/** A hub document as discovery reads it. */
export interface HubDocument {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly revision: number;
  readonly status: string;
}

/**
 * A hub document without its text: the SHA-256 of the text (hex, of its UTF-8) in its place. What
 * a later phase needs to tell whether the document moved since discovery, without reading (and at
 * 20 MB, transferring, decoding and hashing) the text again.
 */
export interface HubDocumentDigest {
  readonly id: string;
  readonly title: string;
  readonly bodySha256: string;
  readonly revision: number;
  readonly status: string;
}

export type UnitStatus = 'active' | 'retired';

/**
 * A hub information unit as discovery reads it. A unit read with `knownUnits` may be a view that
 * reads some fields from the caller's unit (see `Discoverer.readUnits`): read its fields or copy
 * it with `plainHubUnit`, never with a spread, which copies only an object's own fields.
 */
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

/** A copy of a hub unit as a plain object, its keys in the order discovery makes them. */
export function plainHubUnit(u: HubUnit): HubUnit {
  return {
    iuId: u.iuId, documentId: u.documentId, prefix: u.prefix, path: u.path, ordinal: u.ordinal, heading: u.heading,
    body: u.body, contentSha256: u.contentSha256, sourceRevision: u.sourceRevision, status: u.status,
  };
}

/** Everything discovery knows about one document and its prefix. */
export interface DocumentFacts {
  readonly document: HubDocument;
  /** All units under the prefix, active and retired, by ordinal then id. */
  readonly units: readonly HubUnit[];
}
