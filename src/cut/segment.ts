import { sha256Hex } from './hash.js';
import { sequenceDiagnostics } from './numbering.js';
import { IdScopes, labelOf } from './paths.js';
import type { Profile } from './profiles/profile.js';
import { scan } from './scan.js';
import type { CutDiagnostic, PathStep, SegmentOptions, SegmentResult, Unit } from './unit.js';

/**
 * Cuts `text` into units by `profile`.
 *
 * - Lossless: every character belongs to exactly one unit, in order, so the units' texts
 *   concatenate to `text`. A unit runs from the start of its marker's line to the start of the
 *   next unit; a container's own text (an article's title and intro) is the container's unit;
 *   text before the first marker is the `PREAMBLE` unit (or, when it is only blank lines, the
 *   start of the first unit).
 * - Ids: `{prefix}-{path}`, e.g. `ICX-CONST-D44-K2-Pa` (see src/cut/README.md).
 * - Pure and deterministic: no I/O, no clock; the same input gives the same output.
 *
 * Markers finer than `options.unit` are still recognised (they decide, for example, whether
 * `(i)` is a letter or a roman numeral) but stay inside their parent's text.
 */
export function segment(text: string, profile: Profile, options: SegmentOptions): SegmentResult {
  const unitLevel = options.unit || profile.defaultUnit;
  const finest = profile.rules.findIndex((r) => r.level === unitLevel);
  if (finest < 0) {
    throw new RangeError(
      `unit level "${unitLevel}" is not one of ${profile.name}'s levels: ${profile.rules.map((r) => r.level).join(', ')}`,
    );
  }
  const { prefix } = options;
  const idPrefix = `${prefix}-`;
  const { markers, diagnostics } = scan(text, profile, finest);
  const scopes = new IdScopes(markers, profile.rules, finest);

  // The markers that become units, in order; each unit ends where the next one starts.
  const chosen: number[] = [];
  for (let k = 0; k < markers.length; k += 1) if (markers.rule[k]! <= finest) chosen.push(k);
  const hasChild = new Uint8Array(markers.length);
  for (const k of chosen) if (markers.parent[k]! >= 0) hasChild[markers.parent[k]!] = 1;

  const units: Unit[] = [];
  const firstStart = chosen.length > 0 ? markers.start[chosen[0]!]! : text.length;
  const preamble = text.slice(0, firstStart);
  const blankPreamble = firstStart > 0 && chosen.length > 0 && !/\S/u.test(preamble);
  if (firstStart > 0 && !blankPreamble) {
    units.push({
      id: `${prefix}-PREAMBLE`, path: 'PREAMBLE', steps: [], level: 'preamble', ordinal: 1, heading: 'Preamble',
      parentId: null, start: 0, end: firstStart, line: 1, column: 1, text: preamble, sha256: sha256Hex(preamble),
    });
  }

  // Built in one pass, reading the parent's unit for its path: every object made here is kept,
  // and fewer objects alive at once keep the garbage collector's share of a large cut small.
  const unitOf = new Array<Unit | undefined>(markers.length);
  const labels = new Array<string | undefined>(markers.length);
  const scope = new Int32Array(markers.length).fill(-1);
  const siblings = new Map<number, number>();
  for (let c = 0; c < chosen.length; c += 1) {
    const k = chosen[c]!;
    const r = markers.rule[k]!;
    const rule = profile.rules[r]!;
    const printed = markers.printed[k]!;
    const parent = markers.parent[k]!;
    let ordinal = 0;
    if (rule.ordinalTokens === true) {
      const key = (parent + 1) * 256 + r;
      ordinal = (siblings.get(key) ?? 0) + 1;
      siblings.set(key, ordinal);
    }
    const step: PathStep = { level: rule.level, printed, token: rule.token(printed, ordinal) };
    const a = scopes.of(k);
    scope[k] = a;
    const up = a >= 0 ? unitOf[a]! : undefined;
    const path = up ? `${up.path}-${step.token}` : step.token;
    const label = rule.label(printed, parent >= 0 ? labels[parent] ?? null : null);
    if (hasChild[k] === 1) labels[k] = label;
    const start = c === 0 && blankPreamble ? 0 : markers.start[k]!;
    const end = c + 1 < chosen.length ? markers.start[chosen[c + 1]!]! : text.length;
    const slice = text.slice(start, end);
    const unit: Unit = {
      id: idPrefix + path, path, steps: up ? extend(up.steps, step) : [step], level: rule.level, ordinal: units.length + 1,
      heading: (rule.heading === 'line' ? markers.title[k] : label) || label || path,
      parentId: parent >= 0 ? unitOf[parent]!.id : null,
      start, end, line: markers.line[k]!, column: markers.column[k]!, text: slice, sha256: sha256Hex(slice),
    };
    unitOf[k] = unit;
    units.push(unit);
    if (markers.bare[k] === 1 && hasChild[k] === 0 && isBlankAfterFirstLine(slice)) {
      diagnostics.push({ severity: 'warning', code: 'empty_unit', line: unit.line, column: unit.column, message: `${label || unit.id} has no text of its own and no units below it` });
    }
  }
  // A loop, not `push(...list)`: spreading ~100,000 diagnostics as arguments overflows the stack.
  for (const d of sequenceDiagnostics(markers, finest, scope, unitOf, (k) => labelOf(markers, profile.rules, k), prefix)) diagnostics.push(d);
  return { units, diagnostics: sortDiagnostics(diagnostics) };
}

/** `[...steps, step]`, written out: the spread is measurably slower on the ~100,000 units of a large cut. */
function extend(steps: readonly PathStep[], step: PathStep): PathStep[] {
  const out = new Array<PathStep>(steps.length + 1);
  for (let i = 0; i < steps.length; i += 1) out[i] = steps[i]!;
  out[steps.length] = step;
  return out;
}

function isBlankAfterFirstLine(slice: string): boolean {
  const nl = slice.indexOf('\n');
  return nl < 0 || !/\S/u.test(slice.slice(nl + 1));
}

function sortDiagnostics(diagnostics: CutDiagnostic[]): CutDiagnostic[] {
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
