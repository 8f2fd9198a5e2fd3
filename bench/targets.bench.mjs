// The targets of issue 14 ("speed and memory at every size"), each as a ratio measured in this
// one run against its floor, printed as one table. Whole processes, timed by /usr/bin/time (wall
// seconds and peak RSS), run in pairs (A B A B …) so that each ratio compares two runs made under
// the same load: the machines this runs on are shared, and absolute times move 2-3x with the load
// while the paired ratios move far less. Medians of the pairs.
//
//   npm run bench                         (builds, then this; about 5 minutes on 2 loaded cores)
//   node bench/targets.bench.mjs --json   (the rows as JSON)
//   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres  (where the 100k-unit database is made
//   and dropped; the default). BENCH_SKIP_PG=1 leaves the 100k rows out.
//
// The 100k-unit rows need the real PostgreSQL server and psql: a database of its own is created
// (bench/scale.hub.mjs) and dropped at the end, whatever happens.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { floorCommand, makeScaleHub } from './scale.hub.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const MAIN = join(repo, 'dist', 'cli', 'main.js');
if (!existsSync(MAIN)) {
  console.error('dist/ is missing: run npm run build first');
  process.exit(1);
}
const asJson = process.argv.includes('--json');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const node = process.execPath;
const rows = [];
const log = (s) => { if (!asJson) process.stderr.write(`${s}\n`); };

/** One run of a command: wall seconds and peak RSS in MiB (null without /usr/bin/time). */
function once(argv, { cwd, env } = {}) {
  const started = process.hrtime.bigint();
  const r = TIME
    ? spawnSync(TIME, ['-f', '%e %M', ...argv], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.error) throw r.error;
  let peak = null;
  if (TIME) {
    const last = r.stderr.trim().split('\n').pop() ?? '';
    const m = /^(\d+(?:\.\d+)?) (\d+)$/.exec(last);
    if (m) peak = Number(m[2]) / 1024;
  }
  return { wall, peak, code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * A against B, in turn, after one warm-up of each; `before` runs untimed before each A (e.g. to
 * remove what the previous A made). Returns the medians and the median of the pair ratios.
 */
function paired(a, b, { n = 5, cwd, env, before, expectA } = {}) {
  before?.(); once(a, { cwd, env }); once(b, { cwd, env });
  const ra = []; const rb = [];
  for (let i = 0; i < n; i++) {
    before?.();
    const x = once(a, { cwd, env });
    if (expectA !== undefined && x.code !== expectA) throw new Error(`${a.join(' ')} exited ${x.code}, not ${expectA}:\n${x.stderr}`);
    ra.push(x);
    rb.push(once(b, { cwd, env }));
  }
  return {
    a: median(ra.map((r) => r.wall)), b: median(rb.map((r) => r.wall)),
    ratio: median(ra.map((r, i) => r.wall / rb[i].wall)),
    peakA: median(ra.map((r) => r.peak ?? NaN)), n,
  };
}

function row(what, measured, target, met, note = '') {
  rows.push({ what, measured, target, met, note });
  log(`  ${what}: ${measured} (target ${target})${met === null ? '' : met ? ' met' : ' MISSED'}`);
}
const x = (v) => `${v.toFixed(2)}x`;
const s = (v) => `${v.toFixed(2)} s`;
const mib = (v) => `${Math.round(v)} MiB`;

// ---- start-up ------------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'cutter-bench-'));
const cleanups = [() => rmSync(work, { recursive: true, force: true })];
try {
  log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${TIME ? '/usr/bin/time' : 'no /usr/bin/time: no peak RSS'}`);
  const small = join(work, 'small');
  mkdirSync(join(small, 'plans'), { recursive: true });
  writeFileSync(join(small, 'cutter.config.yaml'), `version: 1\nsources:\n  embedded:\n    kind: embedded\n    dir: .cutter/hub\nstate:\n  dir: state\n`);
  writeFileSync(join(small, 'plans', 'icx.yaml'), 'version: 1\ndocument: KB-6839\nprefix: ICX-CONST\nmode: dryrun\nsource: embedded\ncut:\n  profile: vn-legal\n  unit: clause\n');

  log('start-up');
  const v = paired([node, MAIN, 'validate', 'plans/icx.yaml'], [node, '-e', '0'], { n: 11, cwd: small, expectA: 0 });
  row('`cutter validate` cold start vs `node -e 0`', `${x(v.ratio)} (${s(v.a)} vs ${s(v.b)})`, '<= 2x', v.ratio <= 2);
  const ver = paired([node, MAIN, '--version'], [node, '-e', '0'], { n: 11, cwd: small, expectA: 0 });
  row('`cutter --version` vs `node -e 0`', `${x(ver.ratio)} (${s(ver.a)} vs ${s(ver.b)})`, '<= 1.5x', ver.ratio <= 1.5);

  // ---- the embedded hub ----------------------------------------------------------------------
  log('embedded hub (the sample document)');
  const floor = [node, join(here, 'pglite-floor.mjs'), join(small, '.cutter', 'hub')];
  const freshHub = () => rmSync(join(small, '.cutter'), { recursive: true, force: true });
  const first = paired([node, MAIN, 'apply', 'plans/icx.yaml'], floor, {
    n: 3, cwd: small, expectA: 3,
    // A fresh clone: no hub yet, no state. (The warm-up's A leaves a hub for the floor to open.)
    before: () => { freshHub(); rmSync(join(small, 'state'), { recursive: true, force: true }); },
  });
  row('first `apply` on a fresh clone (creates the hub) vs the floor', `${x(first.ratio)} (${s(first.a)} vs ${s(first.b)}), ${mib(first.peakA)}`,
    '<= 2x, <= 400 MiB', first.ratio <= 2 && first.peakA <= 400);
  const plan = paired([node, MAIN, 'plan', 'plans/icx.yaml'], floor, { n: 5, cwd: small, expectA: 2 });
  row('`plan` on the embedded hub vs the floor (open PGlite, one SELECT, close)', `${x(plan.ratio)} (${s(plan.a)} vs ${s(plan.b)})`, '<= 1.15x', plan.ratio <= 1.15);
  const apply = paired([node, MAIN, 'apply', 'plans/icx.yaml'], floor, {
    n: 5, cwd: small, expectA: 3, before: () => rmSync(join(small, 'state'), { recursive: true, force: true }),
  });
  row('`apply` to SG_1 on the embedded hub vs the floor', `${x(apply.ratio)} (${s(apply.a)} vs ${s(apply.b)})`, '<= 1.15x', apply.ratio <= 1.15);
  // The same two commands against the floor started with cutter's own PGlite settings: what cutter
  // adds on top of PGlite (the rows above also count what cutter saves by starting it differently).
  const tunedFloor = [...floor, '--tuned'];
  const planT = paired([node, MAIN, 'plan', 'plans/icx.yaml'], tunedFloor, { n: 5, cwd: small, expectA: 2 });
  row('`plan` on the embedded hub vs the floor with cutter\'s PGlite settings (pglite-floor.mjs --tuned)', `${x(planT.ratio)} (${s(planT.a)} vs ${s(planT.b)})`, '<= 1.15x (informative; the issue names the untuned floor)', planT.ratio <= 1.15);
  const applyT = paired([node, MAIN, 'apply', 'plans/icx.yaml'], tunedFloor, {
    n: 5, cwd: small, expectA: 3, before: () => rmSync(join(small, 'state'), { recursive: true, force: true }),
  });
  row('`apply` to SG_1 on the embedded hub vs the floor with cutter\'s PGlite settings', `${x(applyT.ratio)} (${s(applyT.a)} vs ${s(applyT.b)})`, '<= 1.15x (informative; the issue names the untuned floor)', applyT.ratio <= 1.15);

  // ---- the cut -------------------------------------------------------------------------------
  log('the cut of a 20 MB law vs markdown-it parse (same process, interleaved)');
  const cutRatio = cutVersusMarkdownIt();
  row("the cut's whole job (segment + every unit's record) vs markdown-it `parse`", `${x(cutRatio.ratio)} faster (${cutRatio.cutMs} ms vs ${cutRatio.mdMs} ms)`, '>= 7x', cutRatio.ratio >= 7);

  // ---- 100k units on the real server -----------------------------------------------------------
  if (process.env.BENCH_SKIP_PG === '1') {
    log('100k rows skipped (BENCH_SKIP_PG=1)');
  } else {
    log('100k units on the real server: making the database');
    const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const dir = join(work, 'law');
    const hub = await makeScaleHub({ adminUrl, dir });
    cleanups.unshift(() => hub.drop());
    const env = { BENCH_HUB_URL: hub.url };
    const docMiB = hub.bodyBytes / 2 ** 20;
    log(`  ${hub.units} units, ${hub.edited} edited, document ${docMiB.toFixed(1)} MiB`);
    const big = paired([node, MAIN, 'plan', 'plans/law.yaml'], floorCommand(hub.url), { n: 3, cwd: dir, env, expectA: 2 });
    row('`cutter plan`, 20 MB law, 99,449 units, 1% changed, real PostgreSQL, vs `psql \\copy` of the same rows + the body',
      `${x(big.ratio)} (${s(big.a)} vs ${s(big.b)})`, '<= 1.5x', big.ratio <= 1.5);
    const rssTarget = 3 * docMiB + 120;
    row('peak RSS of that plan', `${mib(big.peakA)}`, `<= 3x document + 120 MB (${mib(rssTarget)})`, big.peakA <= rssTarget);

    // apply / resume / resume, each paired with a plan run in between.
    const chain = { apply: [], sg2: [], close: [], peak: 0, folder: 0 };
    const state = join(dir, '.cutter');
    for (let i = 0; i < 3; i++) {
      rmSync(state, { recursive: true, force: true });
      const p = once([node, MAIN, 'plan', 'plans/law.yaml'], { cwd: dir, env });
      const a = once([node, MAIN, 'apply', 'plans/law.yaml'], { cwd: dir, env });
      if (a.code !== 3) throw new Error(`apply exited ${a.code}: ${a.stderr}`);
      const runId = /cutter resume (\S+) --approval/.exec(a.stdout)?.[1];
      const r1 = once([node, MAIN, 'resume', runId, '--approval', `KB-${9100 + 2 * i}`], { cwd: dir, env });
      if (r1.code !== 3) throw new Error(`resume to SG_2 exited ${r1.code}: ${r1.stderr}`);
      const r2 = once([node, MAIN, 'resume', runId, '--approval', `KB-${9101 + 2 * i}`], { cwd: dir, env });
      if (r2.code !== 0) throw new Error(`resume to closeout exited ${r2.code}: ${r2.stderr}`);
      chain.apply.push(a.wall / p.wall); chain.sg2.push(r1.wall / p.wall); chain.close.push(r2.wall / p.wall);
      chain.peak = Math.max(chain.peak, a.peak ?? 0, r1.peak ?? 0, r2.peak ?? 0);
      chain.folder = folderBytes(join(state, 'runs', runId));
      log(`  chain ${i + 1}: plan ${s(p.wall)}, apply ${s(a.wall)}, resume ${s(r1.wall)}, resume ${s(r2.wall)}`);
    }
    const [ap, sg2, cl] = [median(chain.apply), median(chain.sg2), median(chain.close)];
    row('`apply` to SG_1 / `resume` to SG_2 / `resume` to closeout at that size, vs `plan` (each paired with a plan)',
      `${x(ap)} / ${x(sg2)} / ${x(cl)}, peak ${mib(chain.peak)}`, 'each <= 1.3x', Math.max(ap, sg2, cl) <= 1.3);
    const folderRatio = chain.folder / hub.bodyBytes;
    row('run folder at closeout at that size', `${(chain.folder / 1e6).toFixed(1)} MB = ${x(folderRatio)} the document`, '<= 2x the document', folderRatio <= 2);
  }
} finally {
  for (const c of cleanups) {
    try { c(); } catch (e) { console.error(`cleanup: ${e.message}`); }
  }
}

if (asJson) {
  console.log(JSON.stringify({ load: loadavg(), rows }, null, 2));
} else {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  console.log(`\nIssue 14 targets, ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on the ${navigatorCores()} cores (ratios are paired: A and B alternate)\n`);
  console.log(line(['what', 'measured (median)', 'target', 'verdict']));
  console.log(line(['---', '---', '---', '---']));
  for (const r of rows) console.log(line([r.what, r.measured, r.target, r.met === null ? '' : r.met ? 'met' : '**missed**']));
}

function navigatorCores() {
  return cpus().length;
}

function folderBytes(path) {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, entry.name);
    total += entry.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return total;
}

/** segment + recordOfCut of every unit against markdown-it's parse, 20 MB, interleaved. */
function cutVersusMarkdownIt() {
  const script = `
    const { segment } = await import(${JSON.stringify(join(repo, 'dist', 'cut', 'segment.js'))});
    const { getProfile } = await import(${JSON.stringify(join(repo, 'dist', 'cut', 'profiles', 'index.js'))});
    const { recordOfCut } = await import(${JSON.stringify(join(repo, 'dist', 'diff', 'diff-documents.js'))});
    const { default: MarkdownIt } = await import('markdown-it');
    const { generateVnLaw } = await import(${JSON.stringify(join(here, 'cut.corpus.mjs'))});
    const { text } = generateVnLaw({ targetBytes: 20e6, seed: 42 });
    const md = new MarkdownIt();
    const vn = getProfile('vn-legal');
    const time = (f) => { const t = performance.now(); f(); return performance.now() - t; };
    const cut = [], parse = [];
    for (let i = 0; i < 6; i++) {
      const c = time(() => { const r = segment(text, vn, { prefix: 'B', unit: 'clause' }); for (const u of r.units) recordOfCut(u); });
      const p = time(() => md.parse(text, {}));
      if (i > 0) { cut.push(c); parse.push(p); }
    }
    const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(JSON.stringify({ cutMs: Math.round(med(cut)), mdMs: Math.round(med(parse)), ratio: med(parse.map((p, i) => p / cut[i])) }));
  `;
  const out = execFileSync(node, ['--input-type=module', '-e', script], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop());
}
