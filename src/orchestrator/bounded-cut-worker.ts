import { parentPort, workerData } from 'node:worker_threads';
import { profileFor, type CutSpec } from '../cut/profiles/index.js';
import { segment } from '../cut/segment.js';
import type { SegmentOptions, SegmentResult } from '../cut/unit.js';

/** The thread that cuts with a plan's custom rules, so that the caller can stop it (bounded-cut.ts). */
const { text, cut, options } = workerData as { text: string; cut: CutSpec; options: SegmentOptions };
const result = segment(text, profileFor(cut), options);
// Units are handles onto the cut; send their plain records across the thread boundary.
const plain: SegmentResult = { units: result.units.map((u) => u.toJSON()), diagnostics: result.diagnostics };
parentPort!.postMessage(plain);
