// Benchmark of the diff (issue 4): time and peak memory of diffUnits, and of rendering, on
//   A. a law of ~100k units with 1% of them edited;
//   B. the insertion storm: one article inserted at the top of a law of 10k articles (every later
//      article and clause renumbered);
//   C. the same storm with every cross-reference ("theo quy định tại Điều 57") renumbered too, as a
//      consolidated text would have it: thousands of units differ in more than their own number and
//      go through the bounded similarity pass.
// Each scenario runs in its own child process, so its peak RSS is its own. The cut (`segment`) of
// the same text is timed beside it: `cutter plan` cuts and diffs, so diff / (cut + diff) is an
// upper bound of the diff's share of a plan (which also reads the hub).
//
// With --plan it also runs the real `cutter plan` on scenario A against the embedded hub (seeding
// the hub with 100k units takes a minute or two, once) and attributes the plan's time from a CPU
// profile: how much of it is inside diffUnits.
//
//   npm run build && node bench/diff.bench.mjs            # all scenarios, a table on stdout
//   node bench/diff.bench.mjs --json                       # the same as JSON
//   node bench/diff.bench.mjs --plan                       # plus the share of diffUnits in `cutter plan`
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = new URL('../dist/', import.meta.url);
const SCENARIOS = ['edit-1pct', 'storm', 'storm-xref'];
const REPEAT = 5;

const WORDS = ('cơ quan tổ chức cá nhân quyền nghĩa vụ trách nhiệm quản lý nhà nước công ty cổ đông hội đồng quản trị ' +
  'thành viên thực hiện quy định pháp luật văn bản hồ sơ dữ liệu thông tin lưu trữ bảo mật điện tử giao dịch hợp đồng ' +
  'tài sản vốn điều lệ cổ phần phát hành chuyển nhượng biểu quyết cuộc họp nghị quyết thẩm quyền kiểm soát báo cáo').split(' ');

/** mulberry32: the same corpus on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Article contents (title, clauses of points) for a law of `articles` articles; about 10 units
 * per article. A reference to another article is kept as a number so that it can be renumbered.
 */
function lawContents(articles, seed) {
  const rand = rng(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const sentence = () => {
    const words = Array.from({ length: int(10, 24) }, () => WORDS[int(0, WORDS.length - 1)]);
    const ref = rand() < 0.2 ? int(1, articles) : null;
    return { words, ref };
  };
  return Array.from({ length: articles }, (_, i) => ({
    // Chapters belong to the content, so an inserted article does not move chapter boundaries.
    chapter: Math.floor(i / 20) + 1,
    title: sentence(),
    clauses: Array.from({ length: int(2, 4) }, () => ({ text: sentence(), points: Array.from({ length: int(0, 4) }, sentence) })),
  }));
}

function render(contents, shift) {
  const s = ({ words, ref }) => (ref === null ? words.join(' ') : `${words.join(' ')} theo quy định tại Điều ${ref + (ref > shift.after ? shift.by : 0)}`);
  const out = ['# Luật mẫu\n\n'];
  contents.forEach((a, i) => {
    if (i === 0 || a.chapter !== contents[i - 1].chapter) out.push(`## Chương ${a.chapter}\n\n`);
    out.push(`### Điều ${i + 1}. ${s(a.title)}\n\n`);
    a.clauses.forEach((c, k) => {
      out.push(`${k + 1}. ${s(c.text)}:\n`);
      c.points.forEach((p, j) => out.push(`${'abcdđeghik'[j]}) ${s(p)};\n`));
      out.push('\n');
    });
  });
  return out.join('');
}

/** The texts of a scenario: [old, new]. */
function texts(name) {
  const noShift = { after: Infinity, by: 0 };
  const base = lawContents(10_000, 7);
  if (name === 'edit-1pct') {
    const edited = structuredClone(base);
    const rand = rng(11);
    // 1% of units: clauses and points picked at random get a word replaced.
    let units = 0;
    for (const a of edited) units += 1 + a.clauses.length + a.clauses.reduce((n, c) => n + c.points.length, 0);
    for (let i = 0; i < units / 100; i += 1) {
      const a = edited[Math.floor(rand() * edited.length)];
      const c = a.clauses[Math.floor(rand() * a.clauses.length)];
      const target = c.points.length > 0 && rand() < 0.5 ? c.points[Math.floor(rand() * c.points.length)] : c.text;
      target.words[Math.floor(rand() * target.words.length)] = 'sửa-đổi';
    }
    return [render(base, noShift), render(edited, noShift)];
  }
  const inserted = [{ chapter: 1, title: { words: ['giải', 'thích', 'từ', 'ngữ'], ref: null }, clauses: [{ text: { words: ['nội', 'dung', 'mới'], ref: null }, points: [] }] }, ...base];
  return [render(base, noShift), render(inserted, name === 'storm-xref' ? { after: 0, by: 1 } : noShift)];
}

async function scenario(name) {
  const { segment } = await import(new URL('cut/segment.js', DIST));
  const { getProfile } = await import(new URL('cut/profiles/index.js', DIST));
  const { diffUnits } = await import(new URL('diff/diff-units.js', DIST));
  const { recordOfCut } = await import(new URL('diff/diff-documents.js', DIST));
  const { renderGateTerminal } = await import(new URL('render/terminal.js', DIST));
  const { renderGateMarkdown } = await import(new URL('render/markdown.js', DIST));
  const { gateJson } = await import(new URL('render/json.js', DIST));
  const profile = getProfile('vn-legal');
  const [oldText, newText] = texts(name);

  // The cut as a plan pays for it: segment, then every unit's record (its text hashed).
  const cutStart = performance.now();
  const existing = segment(oldText, profile, { prefix: 'LAW', unit: 'point' }).units.map(recordOfCut);
  const cutMs = performance.now() - cutStart;
  const candidate = segment(newText, profile, { prefix: 'LAW', unit: 'point' }).units.map(recordOfCut);

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  // The first run alone is what a `cutter plan` pays (cold JIT) and what its peak memory is.
  let t = performance.now();
  let changeset = diffUnits(existing, candidate);
  const times = [performance.now() - t];
  const peakRss = process.resourceUsage().maxRSS * 1024;
  global.gc?.();
  const retainedHeap = process.memoryUsage().heapUsed - heapBefore;
  for (let i = 1; i < REPEAT; i += 1) {
    t = performance.now();
    changeset = diffUnits(existing, candidate);
    times.push(performance.now() - t);
  }

  const view = {
    gate: 'SG_1', runId: null, document: { id: 'KB-1', title: 'Luật mẫu', revision: 2 }, fingerprint: `sha256:${'0'.repeat(64)}`,
    plan: { version: 1, document: 'KB-1', prefix: 'LAW', mode: 'dryrun', source: 'embedded', cut: { profile: 'vn-legal', unit: 'point' }, policy: { maxUnits: 1e6, maxRetireRatio: 1 }, approvals: {} },
    changeset, diagnostics: [], notes: [],
  };
  const timed = (f) => {
    const t = performance.now();
    const out = f();
    return { ms: performance.now() - t, chars: out.length };
  };
  const terminal = timed(() => renderGateTerminal(view, { color: false }));
  const markdown = timed(() => renderGateMarkdown(view));
  const json = timed(() => JSON.stringify(gateJson(view)));

  // A fast diff that reads the storm wrong is no result: check what it found.
  const s = changeset.summary;
  const expected = name === 'edit-1pct' ? s.add + s.renumber + s.retire === 0 && s.change > 0 : s.change + s.retire === 0 && s.add <= 3 && s.renumber > 0.99 * existing.length;
  if (!expected) throw new Error(`${name}: unexpected changeset ${JSON.stringify(s)}`);
  const sorted = [...times].sort((a, b) => a - b);
  return {
    scenario: name,
    bytes: Buffer.byteLength(newText),
    units: { existing: existing.length, candidate: candidate.length },
    summary: changeset.summary,
    edited_renumbers: changeset.entries.filter((e) => e.kind === 'renumber' && e.similarity < 1).length,
    cut_ms: round(cutMs),
    diff_ms: { first: round(times[0]), median: round(sorted[Math.floor(REPEAT / 2)]) },
    diff_share_of_cut_plus_diff: Math.round((1000 * sorted[Math.floor(REPEAT / 2)]) / (cutMs + sorted[Math.floor(REPEAT / 2)])) / 1000,
    rss_mb: { before_diff: mb(rssBefore), peak: mb(peakRss) },
    changeset_heap_mb: mb(retainedHeap),
    render_ms: { terminal: round(terminal.ms), markdown: round(markdown.ms), json: round(json.ms) },
    output_chars: { terminal: terminal.chars, markdown: markdown.chars, json: json.chars },
  };
}

/**
 * `cutter plan` on scenario A against a seeded embedded hub, under the CPU profiler: its wall
 * time, and the time inside diffUnits (inclusive; the plan calls it in more than one phase).
 */
function planShare() {
  const dir = mkdtempSync(join(tmpdir(), 'cutter-diff-bench-'));
  try {
    const [oldText, newText] = texts('edit-1pct');
    mkdirSync(join(dir, 'seed'));
    mkdirSync(join(dir, 'plans'));
    writeFileSync(join(dir, 'seed', 'law.old.md'), oldText);
    writeFileSync(join(dir, 'seed', 'law.md'), newText);
    writeFileSync(join(dir, 'seed', 'hub.yaml'), 'documents:\n  - id: KB-1\n    title: Luật mẫu\n    revision: 2\n    body: law.md\n    units: { prefix: LAW, profile: vn-legal, unit: point, from: law.old.md, revision: 1 }\n');
    writeFileSync(join(dir, 'cutter.config.yaml'), 'version: 1\nsources:\n  embedded:\n    kind: embedded\n    dir: .cutter/hub\n    seed: seed\n');
    writeFileSync(join(dir, 'plans', 'law.yaml'), 'version: 1\ndocument: KB-1\nprefix: LAW\ncut: { profile: vn-legal, unit: point }\npolicy: { maxUnits: 200000 }\n');
    const main = fileURLToPath(new URL('cli/main.js', DIST));
    const plan = (args) => spawnSync(process.execPath, [...args, main, 'plan', 'plans/law.yaml'], { cwd: dir, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    plan([]); // creates and seeds the hub: not measured
    const t = performance.now();
    const r = plan(['--cpu-prof', '--cpu-prof-dir', join(dir, 'prof')]);
    const wallMs = performance.now() - t;
    if (r.status !== 2) throw new Error(`cutter plan exited ${r.status}`);
    const profile = JSON.parse(readFileSync(join(dir, 'prof', readdirSync(join(dir, 'prof'))[0]), 'utf8'));
    const node = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    let total = 0;
    let diff = 0;
    profile.samples.forEach((s, i) => {
      const d = profile.timeDeltas[i] ?? 0;
      total += d;
      for (let id = s; id !== undefined; id = parent.get(id)) {
        if (node.get(id).callFrame.functionName === 'diffUnits') {
          diff += d;
          break;
        }
      }
    });
    return { wall_ms: round(wallMs), profiled_ms: round(total / 1000), diff_units_ms: round(diff / 1000), diff_share: Math.round((1000 * diff) / total) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x) => Math.round(x * 10) / 10;
const mb = (b) => Math.round(b / 1024 / 1024);

const arg = process.argv.indexOf('--scenario');
if (arg > 0) {
  process.stdout.write(JSON.stringify(await scenario(process.argv[arg + 1])));
} else {
  const results = SCENARIOS.map((name) =>
    JSON.parse(execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--scenario', name], { encoding: 'utf8', maxBuffer: 1 << 26 })),
  );
  const plan = process.argv.includes('--plan') ? planShare() : undefined;
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ results, plan }, null, 2)}\n`);
  } else {
    console.log(`diff benchmark (node ${process.version}, ${REPEAT} runs each; median diff time)`);
    console.log('scenario     units(old→new)   add/chg/ren/ret/unch          cut ms  diff ms (1st)  diff/(cut+diff)  RSS before→peak MB  render term/md/json ms');
    for (const r of results) {
      const s = r.summary;
      console.log([
        r.scenario.padEnd(12),
        `${r.units.existing}→${r.units.candidate}`.padEnd(16),
        `${s.add}/${s.change}/${s.renumber}/${s.retire}/${s.unchanged}`.padEnd(28),
        String(r.cut_ms).padStart(7),
        `${r.diff_ms.median} (${r.diff_ms.first})`.padStart(14),
        `${(r.diff_share_of_cut_plus_diff * 100).toFixed(1)}%`.padStart(16),
        `${r.rss_mb.before_diff}→${r.rss_mb.peak}`.padStart(19),
        `${r.render_ms.terminal}/${r.render_ms.markdown}/${r.render_ms.json}`.padStart(23),
      ].join(' '));
    }
    if (plan) console.log(`cutter plan (edit-1pct, embedded hub): ${plan.wall_ms} ms wall, ${plan.profiled_ms} ms profiled, of which diffUnits ${plan.diff_units_ms} ms (${(plan.diff_share * 100).toFixed(1)}%)`);
  }
}
