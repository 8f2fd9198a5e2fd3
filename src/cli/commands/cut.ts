import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { Option, type Command } from 'commander';
import { describe, detectProfile, type Detection } from '../../cut/detect.js';
import { getProfile, profileFor, profileNames } from '../../cut/profiles/index.js';
import { levelsOf, type Profile } from '../../cut/profiles/profile.js';
import { segment } from '../../cut/segment.js';
import { summarizeCut, unitDepths } from '../../cut/summary.js';
import type { CutDiagnostic, SegmentResult } from '../../cut/unit.js';
import { CutterError } from '../../errors.js';
import { loadPlan } from '../../plan/load-plan.js';
import { boundedSegment } from '../../orchestrator/bounded-cut.js';
import { err, EXIT, out, printJson, type CliContext } from '../context.js';

interface CutOptions {
  profile?: string;
  prefix?: string;
  unit?: string;
  plan?: string;
  tree?: boolean;
  json?: boolean;
}

export function register(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command('cut')
    .description('cut a Markdown file into units and show them, with any diagnostics: check a document before a plan touches the hub (reads the file only)')
    .argument('<file>', 'Markdown file')
    .addOption(new Option('--profile <name>', 'cut rules; auto: look at the document and say which profile and unit level fit').choices([...profileNames, 'auto']))
    .option('--prefix <prefix>', 'id prefix (default: from the file name, e.g. KB-6839)')
    .option('--unit <level>', 'finest level that becomes a unit (default: the profile\'s)')
    .option('--plan <plan>', 'take profile, custom rules, unit and prefix from a plan file')
    .addOption(new Option('--tree', 'show the units as a tree').conflicts('json'))
    .option('--json', 'print the units (without their text) and diagnostics as JSON on stdout')
    .addHelpText('after', [
      '', 'Units go to stdout, diagnostics to stderr (as file:line:col).',
      '', 'Examples:',
      '  $ cutter cut examples/hub/KB-6839.md --profile vn-legal --tree',
      '  $ cutter cut charter.md --profile en-legal --unit section --json',
      '  $ cutter cut bylaws.md --profile auto',
      '  $ cutter cut draft.md --plan plans/icx-constitution.yaml',
      '', 'Exit codes: 0 no errors (warnings allowed), 1 an error (e.g. a duplicate id) or a bad file.',
    ].join('\n'))
    .action((file: string, opts: CutOptions) => run(async (ctx) => cutCommand(ctx, file, opts)));
}

async function cutCommand(ctx: CliContext, file: string, opts: CutOptions): Promise<number> {
  const plan = opts.plan === undefined ? undefined : loadPlan(opts.plan);
  const text = readSource(file);
  const detected = opts.profile === 'auto' ? detectProfile(text) : undefined;
  const profile = detected ? getProfile(detected.profile) : opts.profile !== undefined ? getProfile(opts.profile) : plan ? profileFor(plan.cut) : getProfile('vn-legal');
  const unit = opts.unit ?? detected?.unit ?? (plan && !opts.profile ? plan.cut.unit : undefined);
  const levels = levelsOf(profile);
  if (unit !== undefined && !levels.includes(unit)) {
    throw new CutterError('cut_unit_unknown', `profile ${profile.name} has no level "${unit}"`, { hint: `use one of: ${levels.join(', ')}` });
  }
  const prefix = opts.prefix ?? plan?.prefix ?? prefixFromFile(file);
  // A plan's custom rules run under a time limit (a pattern can backtrack for ever on some line).
  const result = opts.profile === undefined && plan?.cut.rules !== undefined
    ? await boundedSegment(text, plan.cut, { prefix, unit })
    : segment(text, profile, { prefix, unit });
  const summary = summarizeCut(result);
  const notes = [...(detected ? [detectionNote(detected, opts.unit)] : []), ...emptyLevelWarnings(text, profile, unit ?? profile.defaultUnit, opts.unit !== undefined, result, detected)];
  if (opts.json) {
    printJson(ctx, {
      format_version: 1, file, profile: profile.name, unit: unit ?? profile.defaultUnit, prefix, summary,
      ...(detected ? { detected: { profile: detected.profile, unit: detected.unit, confidence: detected.confidence, reason: detected.reason, fits: detected.fits } } : {}),
      notes,
      units: result.units.map((u) => ({
        id: u.id, path: u.path, level: u.level, ordinal: u.ordinal, heading: u.heading, parentId: u.parentId,
        start: u.start, end: u.end, line: u.line, column: u.column, sha256: u.sha256, bytes: Buffer.byteLength(u.text),
      })),
      diagnostics: result.diagnostics,
    });
  } else {
    for (const note of notes) err(ctx, note);
    out(ctx, opts.tree ? renderTree(result) : renderTable(result));
    for (const d of result.diagnostics) err(ctx, formatDiagnostic(file, d));
    const counts = summary.levels.map((l) => `${l.count} ${l.level}`).join(', ');
    out(ctx, `\n${summary.units} units (${counts}); ${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}.`);
  }
  return summary.errors > 0 ? EXIT.error : EXIT.ok;
}

/** What --profile auto chose and what every profile found, for stderr. */
function detectionNote(d: Detection, askedUnit: string | undefined): string {
  const found = d.fits.map((f) => `${f.profile}: ${describe(f)}`).join('; ');
  const unit = askedUnit ?? d.unit;
  return `auto: --profile ${d.profile} --unit ${unit} (confidence ${d.confidence}): ${d.reason}. Found per level: ${found}.`;
}

/**
 * A profile that finds nothing at the requested level says so instead of silently making one
 * preamble unit: "0 articles: did you mean --profile markdown?". When coarser levels were found
 * and the level was asked for (--unit), it names the finest of them.
 */
function emptyLevelWarnings(text: string, profile: Profile, unit: string, asked: boolean, result: SegmentResult, detected: Detection | undefined): string[] {
  if (profile.name === 'markdown' && result.units.some((u) => u.level !== 'preamble')) return [];
  const at = result.units.filter((u) => u.level === unit).length;
  if (at > 0) return [];
  const structured = result.units.filter((u) => u.level !== 'preamble');
  if (structured.length > 0) {
    // The default level (clause) need not be in every document: only a level asked for is missed.
    if (!asked) return [];
    const finest = structured.reduce((a, u) => (levelsOf(profile).indexOf(String(u.level)) > levelsOf(profile).indexOf(String(a.level)) ? u : a));
    const n = structured.filter((u) => u.level === finest.level).length;
    return [`warning: 0 ${plural(unit)} found by ${profile.name}; the finest level it found is ${String(finest.level)} (${n}): try --unit ${String(finest.level)}`];
  }
  const suggestion = detected ?? detectProfile(text);
  const better = suggestion.profile !== profile.name
    ? `did you mean --profile ${suggestion.profile}${suggestion.unit ? ` --unit ${suggestion.unit}` : ''}? (${suggestion.reason})`
    : 'the whole text is one preamble unit';
  return [`warning: 0 ${plural(unit)} found by ${profile.name}: ${better}`];
}

function plural(level: string): string {
  return level.endsWith('s') ? level : level.endsWith('y') ? `${level.slice(0, -1)}ies` : `${level}s`;
}

function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CutterError('file_unreadable', `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (e as Error).message}`, {
      hint: 'give the path of a Markdown file', cause: e,
    });
  }
}

/** `examples/hub/KB-6839.md` -> `KB-6839`: a valid prefix (capitals, digits, dashes) from the file name. */
export function prefixFromFile(file: string): string {
  const cleaned = basename(file, extname(file)).toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[A-Z]/.test(cleaned) ? cleaned : `DOC${cleaned ? `-${cleaned}` : ''}`;
}

export function formatDiagnostic(file: string, d: CutDiagnostic): string {
  return `${file}:${d.line}:${d.column}  ${d.severity} ${d.code}  ${d.message}`;
}

function size(bytes: number): string {
  return bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} kB`;
}

function renderTable(result: SegmentResult): string {
  // A loop, not Math.max(...ids): a spread of ~200,000 arguments overflows the stack.
  let width = 2;
  for (const u of result.units) width = Math.max(width, u.id.length);
  return result.units
    .map((u) => `${String(u.line).padStart(5)}  ${u.id.padEnd(width)}  ${size(Buffer.byteLength(u.text)).padStart(8)}  ${u.heading}`)
    .join('\n');
}

function renderTree(result: SegmentResult): string {
  const depths = unitDepths(result.units);
  return result.units
    .map((u, i) => `${'  '.repeat(depths[i]!)}${u.id}  ${u.heading}  (${size(Buffer.byteLength(u.text))}, line ${u.line})`)
    .join('\n');
}
