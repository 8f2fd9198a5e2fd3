// Benchmark of the cut engine against two Markdown tools on the same input: markdown-it's parse
// (a full CommonMark parser) and @langchain/textsplitters' MarkdownTextSplitter (what RAG
// pipelines use to chunk documents), with sha256 over the whole text as the floor (every unit is
// hashed, so the cut cannot beat one pass of sha256).
//
//   npm run build && node bench/cut.bench.mjs      (CUT_BENCH_MB=20 CUT_BENCH_RUNS=5 by default)
//
// Two measurements: all tools in the same process, interleaved (same conditions for all, but
// each inherits the heap the others leave behind), and each tool in a fresh process of its own.
// MB = 10^6 bytes of UTF-8 input; figures are medians of the runs after one warm-up run.
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateVnLaw } from './cut.corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, '..', 'dist', 'cut', 'segment.js'))) {
  console.error('dist/ is missing: run npm run build first');
  process.exit(1);
}
const { segment } = await import('../dist/cut/segment.js');
const { getProfile } = await import('../dist/cut/profiles/index.js');
const { default: MarkdownIt } = await import('markdown-it');
const { MarkdownTextSplitter } = await import('@langchain/textsplitters');

const RUNS = Number(process.env.CUT_BENCH_RUNS ?? 5);
const corpusFile = join(here, 'out', 'cut-corpus.md');
const vn = getProfile('vn-legal');

const tools = {
  'sha256 (floor)': (text) => crypto.hash('sha256', text, 'hex'),
  'cutter segment (clause)': (text) => segment(text, vn, { prefix: 'ICX', unit: 'clause' }),
  'cutter segment (point)': (text) => segment(text, vn, { prefix: 'ICX', unit: 'point' }),
  'markdown-it parse': (text) => new MarkdownIt().parse(text, {}),
  'langchain MarkdownTextSplitter': (text) => new MarkdownTextSplitter({ chunkSize: 1000, chunkOverlap: 0 }).splitText(text),
};

/** Runs `names` in rotating order for 1 + RUNS rounds; returns wall and CPU milliseconds per tool. */
async function measure(names, text) {
  const out = Object.fromEntries(names.map((n) => [n, { wall: [], cpu: [] }]));
  for (let round = 0; round <= RUNS; round += 1) {
    for (let k = 0; k < names.length; k += 1) {
      const name = names[(k + round) % names.length];
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await tools[name](text);
      const wall = performance.now() - t0;
      const c = process.cpuUsage(c0);
      if (round > 0) {
        out[name].wall.push(wall); // round 0 warms up the JIT
        out[name].cpu.push((c.user + c.system) / 1000);
      }
    }
  }
  return out;
}

// Child mode: one tool alone in this process, on the corpus file.
const only = process.argv.indexOf('--tool');
if (only >= 0) {
  const name = process.argv[only + 1];
  console.log(JSON.stringify(await measure([name], readFileSync(corpusFile, 'utf8'))));
  process.exit(0);
}

const MB = Number(process.env.CUT_BENCH_MB ?? 20);
const { text, counts } = generateVnLaw({ targetBytes: MB * 1e6, seed: 42 });
const bytes = Buffer.byteLength(text);
mkdirSync(join(here, 'out'), { recursive: true });
writeFileSync(corpusFile, text);

// Not a timing: the cut must find exactly what the generator wrote, or its speed means nothing.
const check = segment(text, vn, { prefix: 'ICX', unit: 'point' });
for (const [level, n] of Object.entries(counts)) {
  const found = check.units.filter((u) => u.level === level).length;
  if (found !== n) throw new Error(`cut found ${found} ${level} units, the generator wrote ${n}`);
}
if (check.units.map((u) => u.text).join('') !== text) throw new Error('the cut is not lossless');

const names = Object.keys(tools);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mbps = (ms) => bytes / 1e6 / (ms / 1000);

function report(title, results) {
  console.log(`\n${title}`);
  console.log(`${''.padEnd(32)} ${'wall MB/s'.padStart(10)} ${'CPU MB/s'.padStart(10)}`);
  for (const name of names) {
    const r = results[name];
    console.log(`${name.padEnd(32)} ${mbps(median(r.wall)).toFixed(1).padStart(10)} ${mbps(median(r.cpu)).toFixed(1).padStart(10)}   (wall median ${median(r.wall).toFixed(0)} ms, best ${Math.min(...r.wall).toFixed(0)} ms)`);
  }
  const ratio = (name, kind) => median(results[name][kind]) / median(results['cutter segment (clause)'][kind]);
  const both = (name, d = 1) => `${ratio(name, 'wall').toFixed(d)}x wall, ${ratio(name, 'cpu').toFixed(d)}x CPU`;
  console.log(`  segment vs markdown-it parse     ${both('markdown-it parse')}   (target >= 7x)`);
  console.log(`  segment vs langchain splitter    ${both('langchain MarkdownTextSplitter')}`);
  console.log(`  segment vs sha256 floor          ${both('sha256 (floor)', 2)}   (1.00x would be as fast as hashing the text once)`);
  console.log(`  segment speed                    ${mbps(median(results['cutter segment (clause)'].wall)).toFixed(0)} MB/s wall   (target >= 200 MB/s; sha256 here: ${mbps(median(results['sha256 (floor)'].wall)).toFixed(0)} MB/s)`);
}

console.log(`corpus: ${(bytes / 1e6).toFixed(1)} MB of synthetic Vietnamese law (seed 42): ${counts.article} articles, ${counts.clause} clauses, ${counts.point} points`);
console.log(`node ${process.versions.node}, ${RUNS} runs after a warm-up, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`);

report('All tools in this process, interleaved:', await measure(names, text));

const isolated = {};
for (const name of names) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--tool', name], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${name} failed: ${child.stderr}`);
  Object.assign(isolated, JSON.parse(child.stdout));
}
report('Each tool in a fresh process of its own:', isolated);

// Peak memory in a fresh process that reads the corpus file and cuts it once.
const child = spawnSync(process.execPath, [join(here, 'cut.rss.mjs'), corpusFile], { encoding: 'utf8' });
if (child.status !== 0) throw new Error(`cut.rss.mjs failed: ${child.stderr}`);
const rss = JSON.parse(child.stdout);
const mb = (n) => `${(n / 1e6).toFixed(0)} MB`;
console.log(`\npeak RSS of a process that reads and cuts it   ${mb(rss.peakRss)} = ${(rss.peakRss / rss.inputBytes).toFixed(1)}x input  (target <= 4x)`);
console.log(`  of which the cut itself (peak - RSS before)  ${mb(rss.peakRss - rss.rssBeforeCut)} = ${((rss.peakRss - rss.rssBeforeCut) / rss.inputBytes).toFixed(1)}x input`);
