// Peak memory of one cut, in a process of its own so that nothing else has touched the heap:
// reads the corpus file, cuts it once (`segment`, or `records`: every unit's record made, as a
// plan does), prints JSON with the resident set sizes in bytes. Used by cut.bench.mjs; run alone
// as `node bench/cut.rss.mjs bench/out/cut-corpus.md [segment|records]`.
import { readFileSync } from 'node:fs';
import { recordOfCut } from '../dist/diff/diff-documents.js';
import { getProfile } from '../dist/cut/profiles/index.js';
import { segment } from '../dist/cut/segment.js';

const [file, mode = 'segment'] = process.argv.slice(2);
const rssRuntime = process.memoryUsage().rss;
const text = readFileSync(file, 'utf8');
const peakBeforeCut = process.resourceUsage().maxRSS * 1024;
const rssBeforeCut = process.memoryUsage().rss;
const result = segment(text, getProfile('vn-legal'), { prefix: 'ICX', unit: 'clause' });
const records = mode === 'records' ? result.units.map(recordOfCut) : [];
const peakRss = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({
  inputBytes: Buffer.byteLength(text), rssRuntime, peakBeforeCut, rssBeforeCut, peakRss, units: result.units.length, records: records.length,
}));
