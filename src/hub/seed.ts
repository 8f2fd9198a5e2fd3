import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { getProfile } from '../cut/profiles/index.js';
import { segment } from '../cut/segment.js';
import type { HubDocument, HubUnit } from '../discovery/facts.js';

/** examples/hub/hub.yaml: the sample documents, and the earlier revision their units were cut from. */
interface SeedManifest {
  documents: {
    id: string;
    title: string;
    revision: number;
    status?: string;
    body: string;
    units?: { prefix: string; profile: string; unit?: string; from: string; revision: number };
  }[];
}

export interface SeedFacts {
  readonly documents: HubDocument[];
  readonly units: HubUnit[];
}

/**
 * Reads the seed folder. The existing units are cut from an earlier revision of each document,
 * exactly as an earlier cutter run would have written them, so the first plan against the
 * current text shows real adds, changes and retirements.
 */
export function readSeed(seedDir: string): SeedFacts {
  const manifest = parse(readFileSync(join(seedDir, 'hub.yaml'), 'utf8')) as SeedManifest;
  const documents: HubDocument[] = [];
  const units: HubUnit[] = [];
  for (const d of manifest.documents) {
    documents.push({
      id: d.id,
      title: d.title,
      body: readFileSync(join(seedDir, d.body), 'utf8'),
      revision: d.revision,
      status: d.status ?? 'published',
    });
    if (!d.units) continue;
    const earlier = readFileSync(join(seedDir, d.units.from), 'utf8');
    const cut = segment(earlier, getProfile(d.units.profile), { prefix: d.units.prefix, unit: d.units.unit });
    for (const u of cut.units) {
      units.push({
        iuId: u.id,
        documentId: d.id,
        prefix: d.units.prefix,
        path: u.path,
        ordinal: u.ordinal,
        heading: u.heading,
        body: u.text,
        contentSha256: u.sha256,
        sourceRevision: d.units.revision,
        status: 'active',
      });
    }
  }
  return { documents, units };
}
