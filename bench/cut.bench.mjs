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
const { recordOfCut } = await import('../dist/diff/diff-documents.js');
const { default: MarkdownIt } = await import('markdown-it');
const { MarkdownTextSplitter } = await import('@langchain/textsplitters');

const RUNS = Number(process.env.CUT_BENCH_RUNS ?? 5);
const corpusFile = join(here, 'out', 'cut-corpus.md');
const vn = getProfile('vn-legal');

// `segment` returns units whose text, sha256 and heading are derived when first read; "+ records"
// also reads them for every unit, as a plan does (recordOfCut is the orchestrator's mapping), so
// it is the figure for the whole job of cutting a document into hashed units.
// The 200 MB/s target was set where sha256 of this text ran at ~645 MB/s and markdown-it at ~27
// MB/s (shared/FACTS.md); the same machines run 2-3x slower under other sessions' load, so the
// target is judged as a ratio to sha256 measured in the same run (200/645 = 0.31x), which is
// also what >= 7x markdown-it says. The absolute verdict is printed beside it.
const TARGET_FLOOR = 645;
const SEGMENT = 'cutter segment (clause)';
const RECORDS = 'cutter segment + records';
const tools = {
  'sha256 (floor)': (text) => crypto.hash('sha256', text, 'hex'),
  [SEGMENT]: (text) => segment(text, vn, { prefix: 'ICX', unit: 'clause' }),
  [RECORDS]: (text) => segment(text, vn, { prefix: 'ICX', unit: 'clause' }).units.map(recordOfCut),
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

// Nor if some document makes it quadratic: a search that runs past the line's end, once per
// line, is invisible on the tidy corpus. Each adversarial form is cut at 1 and 4 MB; linear work
// grows about 4x, quadratic about 16x. (An unclosed quotation took 90 s at 4 MB before it was
// fixed.)
const adversarial = {
  'every space an NBSP, clauses escaped (1\\.)': (t) => t.replace(/^(\d+)\./gmu, '$1\\.').replaceAll(' ', '\u00a0'),
  'a quotation opened and never closed': (t) => t.replace('\n', '\n“Điều 1. Trích dẫn không đóng\n'),
  'an HTML comment opened and never closed': (t) => t.replace('\n', '\n<!-- ghi chú\n'),
  'article lines after an unclosed tag (<a Điều 5)': (t) => t.replace(/^(Điều \d+)/gmu, '<a $1'),
};
console.log('adversarial documents, time of one cut at 1 MB -> 4 MB (linear: ~4x):');
for (const [name, make] of Object.entries(adversarial)) {
  const ms = [1, 4].map((size) => {
    const doc = make(generateVnLaw({ targetBytes: size * 1e6, seed: 3 }).text);
    segment(doc, vn, { prefix: 'ICX' });
    const t0 = performance.now();
    segment(doc, vn, { prefix: 'ICX' });
    return performance.now() - t0;
  });
  const growth = ms[1] / Math.max(ms[0], 1);
  console.log(`  ${name.padEnd(50)} ${ms[0].toFixed(0).padStart(5)} -> ${ms[1].toFixed(0).padStart(5)} ms  (${growth.toFixed(1)}x)`);
  if (growth > 10) throw new Error(`cutting "${name}" grows ${growth.toFixed(1)}x from 1 to 4 MB: quadratic`);
}

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
  const ratio = (name, of, kind) => median(results[name][kind]) / median(results[of][kind]);
  const both = (name, of, d = 1) => `${ratio(name, of, 'wall').toFixed(d)}x wall, ${ratio(name, of, 'cpu').toFixed(d)}x CPU`;
  const speed = (of) => mbps(median(results[of].wall));
  const verdict = (ok) => (ok ? 'met' : 'MISSED');
  for (const of of [SEGMENT, RECORDS]) {
    const vsMarkdownIt = ratio('markdown-it parse', of, 'wall');
    console.log(`  ${of}:`);
    console.log(`    vs markdown-it parse          ${both('markdown-it parse', of)}   (target >= 7x: ${verdict(vsMarkdownIt >= 7)})`);
    console.log(`    vs langchain splitter         ${both('langchain MarkdownTextSplitter', of)}`);
    console.log(`    vs sha256 of the whole text   ${both('sha256 (floor)', of, 2)}   (1.00x would be as fast as hashing the text once)`);
    const calibrated = speed(of) / speed('sha256 (floor)');
    console.log(`    speed                         ${speed(of).toFixed(0)} MB/s wall = ${calibrated.toFixed(2)}x sha256 here   (200 MB/s where sha256 runs at ${TARGET_FLOOR} MB/s: >= ${(200 / TARGET_FLOOR).toFixed(2)}x: ${verdict(calibrated >= 200 / TARGET_FLOOR)}; as an absolute figure on this machine now: ${verdict(speed(of) >= 200)})`);
  }
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

// Peak memory in fresh processes that read a corpus file and cut it once: the call alone, and
// the call with every record made (what a plan holds). A larger corpus (CUT_BENCH_RSS_MB, 100 by
// default) is cut as well, so that what grows with the input (the slope) shows apart from the
// runtime's fixed cost (Node, cutter's modules, the young generation).
const LARGE_MB = Number(process.env.CUT_BENCH_RSS_MB ?? 100);
const largeFile = join(here, 'out', `cut-corpus-${LARGE_MB}mb.md`);
writeFileSync(largeFile, generateVnLaw({ targetBytes: LARGE_MB * 1e6, seed: 42 }).text);
const mb = (n) => `${(n / 1e6).toFixed(0)} MB`;
const x = (n, of) => `${(n / of).toFixed(1)}x input`;
const rssOf = (file, mode) => {
  const child = spawnSync(process.execPath, [join(here, 'cut.rss.mjs'), file, mode], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`cut.rss.mjs failed: ${child.stderr}`);
  return JSON.parse(child.stdout);
};
for (const mode of ['segment', 'records']) {
  console.log(`\npeak RSS, read and cut (${mode === 'segment' ? SEGMENT : RECORDS})`);
  const runs = [rssOf(corpusFile, mode), rssOf(largeFile, mode)];
  for (const rss of runs) {
    const own = rss.peakRss - rss.rssBeforeCut;
    console.log(`  ${mb(rss.inputBytes).padEnd(7)} whole process          ${mb(rss.peakRss)} = ${x(rss.peakRss, rss.inputBytes)}   (target <= 4x: ${rss.peakRss <= 4 * rss.inputBytes ? 'met' : 'MISSED'})`);
    console.log(`          the input read as a string   ${mb(rss.rssBeforeCut)} = ${x(rss.rssBeforeCut, rss.inputBytes)}, peak while reading ${mb(rss.peakBeforeCut)} = ${x(rss.peakBeforeCut, rss.inputBytes)}; Node and cutter's modules alone ${mb(rss.rssRuntime)}`);
    console.log(`          the cut's own share          ${mb(own)} = ${x(own, rss.inputBytes)}   (peak minus RSS with the input loaded; <= 4x: ${own <= 4 * rss.inputBytes ? 'met' : 'MISSED'})`);
  }
  const [small, large] = runs;
  const slope = (large.peakRss - small.peakRss) / (large.inputBytes - small.inputBytes);
  console.log(`  growth with the input          ${slope.toFixed(1)} bytes of peak RSS per input byte, reading included`);
}
