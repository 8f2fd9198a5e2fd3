import { sha256Hex } from './hash.js';
import type { MarkerRule, Profile } from './profiles/profile.js';
import type { CutDiagnostic, PathStep, SegmentOptions, SegmentResult, Unit } from './unit.js';

interface OpenUnit {
  readonly rank: number;
  readonly rule: MarkerRule;
  readonly id: string;
  readonly steps: readonly PathStep[];
  readonly heading: string;
}

interface Start {
  readonly offset: number;
  readonly line: number;
  readonly id: string;
  readonly path: string;
  readonly steps: readonly PathStep[];
  readonly level: string;
  readonly heading: string;
  readonly parentId: string | null;
}

// Markdown decoration that word processors and web converters put around markers:
// indentation, ATX hashes, list bullets, emphasis and the opening of a link.
const DECORATION = /^[ \t\u00a0]*(?:#{1,6}[ \t]+)?(?:[-*+][ \t]+)?(?:\[)?(?:\*\*|__|\*|_)?/u;

/** Text of a heading line without Markdown decoration, for display. */
function cleanHeading(line: string): string {
  return line
    .replace(/\]\([^)]*\)/gu, '')
    .replace(/[*_#[\]]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * Cuts `text` into units by `profile`. Lossless: the units' texts, in order, concatenate to
 * `text` exactly. Pure: no I/O, no clock.
 */
export function segment(text: string, profile: Profile, options: SegmentOptions): SegmentResult {
  const unitLevel = options.unit ?? profile.defaultUnit;
  const finest = profile.rules.findIndex((r) => r.level === unitLevel);
  if (finest < 0) {
    throw new RangeError(
      `unit level "${unitLevel}" is not one of ${profile.name}'s levels: ${profile.rules.map((r) => r.level).join(', ')}`,
    );
  }
  const rules = profile.rules.slice(0, finest + 1);
  const prefix = options.prefix;
  const diagnostics: CutDiagnostic[] = [];
  const starts: Start[] = [];
  const seen = new Map<string, number>();
  const stack: OpenUnit[] = [];

  let offset = 0;
  let lineNo = 0;
  while (offset < text.length) {
    lineNo += 1;
    const nl = text.indexOf('\n', offset);
    const lineEnd = nl < 0 ? text.length : nl + 1;
    const line = text.slice(offset, lineEnd).replace(/\r?\n$/u, '');
    const body = line.slice(DECORATION.exec(line)?.[0].length ?? 0);
    for (let rank = 0; rank < rules.length; rank += 1) {
      const rule = rules[rank]!;
      const m = rule.pattern.exec(body);
      if (!m) continue;
      while (stack.length > 0 && stack[stack.length - 1]!.rank >= rank) stack.pop();
      const parent = stack[stack.length - 1];
      if (rule.parents.length > 0 && parent === undefined && !isTopLevelAllowed(rule, rules)) break;
      if (parent !== undefined && rule.parents.length > 0 && !rule.parents.includes(parent.rule.level)) break;
      const printed = m[1]!;
      const step: PathStep = { level: rule.level, printed, token: rule.token(printed) };
      const parentSteps = parent?.steps ?? [];
      const steps = rule.inPath ? [...parentSteps.filter((s) => isInPath(s, rules)), step] : [step];
      const path = steps.map((s) => s.token).join('-');
      const id = `${prefix}-${path}`;
      const heading =
        rule.level === rules[0]?.level || parent === undefined || !rule.inPath || !parent.rule.inPath
          ? cleanHeading(body) || rule.label(printed, null)
          : rule.label(printed, parent.heading.split('.')[0] ?? null);
      const firstLine = seen.get(id);
      if (firstLine !== undefined) {
        diagnostics.push({
          severity: 'error',
          code: 'duplicate_id',
          message: `${id} appears twice (first at line ${firstLine}); renumber one of them`,
          line: lineNo,
          column: line.length - body.length + 1,
        });
      } else {
        seen.set(id, lineNo);
      }
      starts.push({ offset, line: lineNo, id, path, steps, level: rule.level, heading, parentId: parent?.id ?? null });
      stack.push({ rank, rule, id, steps, heading });
      break;
    }
    offset = lineEnd;
  }

  const units: Unit[] = [];
  const push = (s: Omit<Start, 'offset'>, start: number, end: number): void => {
    const slice = text.slice(start, end);
    units.push({ ...s, ordinal: units.length + 1, start, end, text: slice, sha256: sha256Hex(slice) });
  };
  const firstStart = starts[0]?.offset ?? text.length;
  if (firstStart > 0) {
    push(
      { line: 1, id: `${prefix}-PREAMBLE`, path: 'PREAMBLE', steps: [], level: 'preamble', heading: 'Preamble', parentId: null },
      0,
      firstStart,
    );
  }
  starts.forEach((s, i) => push(s, s.offset, starts[i + 1]?.offset ?? text.length));
  return { units, diagnostics };
}

function isTopLevelAllowed(rule: MarkerRule, rules: readonly MarkerRule[]): boolean {
  // A rule whose parents are all optional containers (not in the id) may also open at the top,
  // e.g. an article in a law without chapters.
  return rule.parents.every((p) => rules.find((r) => r.level === p)?.inPath === false);
}

function isInPath(step: PathStep, rules: readonly MarkerRule[]): boolean {
  return rules.find((r) => r.level === step.level)?.inPath ?? true;
}
