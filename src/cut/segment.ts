import { CutSource } from './cut-unit.js';
import { sequenceDiagnostics } from './numbering.js';
import { IdScopes } from './paths.js';
import { finestRuleIndex, levelsOf, type Profile } from './profiles/profile.js';
import { scan } from './scan.js';
import type { CutDiagnostic, CutResult, SegmentOptions } from './unit.js';

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
export function segment(text: string, profile: Profile, options: SegmentOptions): CutResult {
  const unitLevel = options.unit || profile.defaultUnit;
  const finest = finestRuleIndex(profile.rules, unitLevel);
  if (finest < 0) {
    throw new RangeError(
      `unit level "${unitLevel}" is not one of ${profile.name}'s levels: ${levelsOf(profile).join(', ')}`,
    );
  }
  const { prefix } = options;
  const { markers, diagnostics } = scan(text, profile, finest);
  const scopes = new IdScopes(markers, profile.rules, finest);

  // The markers that become units, in order; each unit ends where the next one starts.
  // (Indexed loops throughout: segment runs once per document, mostly before the optimising
  // compiler has seen it, and a for-of there allocates an iterator result per element.)
  let count = 0;
  for (let k = 0; k < markers.length; k += 1) if (markers.rule[k]! <= finest) count += 1;
  const chosen = new Int32Array(count);
  const hasChild = new Uint8Array(markers.length);
  for (let k = 0, c = 0; k < markers.length; k += 1) {
    if (markers.rule[k]! > finest) continue;
    chosen[c++] = k;
    if (markers.parent[k]! >= 0) hasChild[markers.parent[k]!] = 1;
  }

  const scope = new Int32Array(markers.length).fill(-1);
  const ordinals = new Int32Array(markers.length);
  const firstStart = chosen.length > 0 ? markers.start[chosen[0]!]! : text.length;
  const blankPreamble = firstStart > 0 && chosen.length > 0 && isBlank(text, 0, firstStart);
  const hasPreamble = firstStart > 0 && !blankPreamble;
  const source = new CutSource(text, markers, profile.rules, prefix, scope, ordinals, chosen.length + (hasPreamble ? 1 : 0));
  const { units, unitOf } = source;
  if (hasPreamble) source.add(-1, `${prefix}-PREAMBLE`, 0, -1);

  // Only what ids need is made here (a token per unit, and the id); the rest is derived on
  // first read (see CutUnit). `-K2` by rule and printed number, made once: a law has a hundred thousand clauses and
  // points but only a few dozen distinct clause and point numbers. Numbers that run through
  // the document (articles) do not repeat, so a rule stops being cached past TOKEN_CACHE of them.
  const tokenCache = profile.rules.map(() => new Map<string, string>());
  const tokenOf = (r: number, printed: string): string => {
    const cache = tokenCache[r]!;
    let token = cache.get(printed);
    if (token === undefined) {
      token = `-${profile.rules[r]!.token(printed, 0)}`;
      if (cache.size < TOKEN_CACHE) cache.set(printed, token);
    }
    return token;
  };
  const siblings = new Map<number, number>();
  for (let c = 0; c < chosen.length; c += 1) {
    const k = chosen[c]!;
    const r = markers.rule[k]!;
    const rule = profile.rules[r]!;
    const parent = markers.parent[k]!;
    let token: string;
    if (rule.ordinalTokens === true) {
      const key = (parent + 1) * 256 + r;
      const ordinal = (siblings.get(key) ?? 0) + 1;
      siblings.set(key, ordinal);
      ordinals[k] = ordinal;
      token = `-${rule.token(markers.printed[k]!, ordinal)}`;
    } else {
      token = tokenOf(r, markers.printed[k]!);
    }
    const a = scopes.of(k);
    scope[k] = a;
    const start = c === 0 && blankPreamble ? 0 : markers.start[k]!;
    // One concatenation per id, onto the scope's id: ids are most of what a cut keeps.
    const id = (a >= 0 ? units[unitOf[a]!]!.id : prefix) + token;
    source.add(k, id, start, parent >= 0 ? unitOf[parent]! : -1);
    if (markers.bare[k] === 1 && hasChild[k] === 0) {
      const end = c + 1 < chosen.length ? markers.start[chosen[c + 1]!]! : text.length;
      if (isBlankAfterFirstLine(text, start, end)) {
        diagnostics.push({
          severity: 'warning', code: 'empty_unit', line: markers.line[k]!, column: markers.column[k]!,
          message: `${source.labelOf(k) || id} has no text of its own and no units below it`,
        });
      }
    }
  }
  const idOf = (k: number): string => units[unitOf[k]!]!.id;
  const sequence = sequenceDiagnostics(markers, finest, scope, (k) => source.tokenOf(k), idOf, (k) => source.labelOf(k), sameLevelRules(profile));
  // A loop, not `push(...list)`: spreading ~100,000 diagnostics as arguments overflows the stack.
  for (let d = 0; d < sequence.length; d += 1) diagnostics.push(sequence[d]!);
  // A copy: the cut's own array is what units read their neighbours from (a unit ends where the
  // next begins), and a caller that sorts or pops the returned one must not change them.
  return { units: units.slice(), diagnostics: sortDiagnostics(diagnostics) };
}

const TOKEN_CACHE = 256;

/** Each rule's first rule of the same level, or undefined when every rule has a level of its own. */
function sameLevelRules(profile: Profile): Int32Array | undefined {
  const levels = profile.rules.map((r) => r.level);
  if (new Set(levels).size === levels.length) return undefined;
  return Int32Array.from(levels, (level) => levels.indexOf(level));
}

/** Only white space between `from` and `to`. */
function isBlank(text: string, from: number, to: number): boolean {
  const nonBlank = /\S/gu;
  nonBlank.lastIndex = from;
  const m = nonBlank.exec(text);
  return m === null || m.index >= to;
}

function isBlankAfterFirstLine(text: string, start: number, end: number): boolean {
  const nl = text.indexOf('\n', start);
  return nl < 0 || nl >= end || isBlank(text, nl + 1, end);
}

function sortDiagnostics(diagnostics: CutDiagnostic[]): CutDiagnostic[] {
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
