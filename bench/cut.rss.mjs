// Peak memory of one cut, in a process of its own so that nothing else has touched the heap:
// reads the corpus file, cuts it once, prints JSON with the resident set sizes in bytes.
// Used by cut.bench.mjs; run alone as `node bench/cut.rss.mjs bench/out/cut-corpus.md`.
import { readFileSync } from 'node:fs';
import { getProfile } from '../dist/cut/profiles/index.js';
import { segment } from '../dist/cut/segment.js';

const file = process.argv[2];
const text = readFileSync(file, 'utf8');
const before = process.memoryUsage().rss;
const result = segment(text, getProfile('vn-legal'), { prefix: 'ICX', unit: 'clause' });
const peak = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ inputBytes: Buffer.byteLength(text), rssBeforeCut: before, peakRss: peak, units: result.units.length }));
