import { indexOfIn } from './blocks.js';
import { ESCAPED, stripDecorationAt } from './decoration.js';
import type { MarkerSpan, Profile } from './profiles/profile.js';

/** Characters that start decoration (`#`, `**`, `- `, `[`, `<a>`, `\`, quotation marks). */
const DECORATION_STARTS = '#*_[<\\-+“"‘«';
export const DECORATION = new Uint8Array(65536);
for (const ch of DECORATION_STARTS) DECORATION[ch.charCodeAt(0)] = 1;

// Markers are at the start of a line; nothing past this many characters can matter, and it
// bounds the work a custom regular expression can do on a very long line.
const MAX_CANDIDATE = 160;

/**
 * Tests a line against the profile's rules. This runs on every line of multi-megabyte
 * documents, so it allocates nothing on the common path: rules are looked up by the line's first
 * character, built-in patterns run in place on the whole text, and the result is left in the
 * matcher's fields for the caller to read (see `test`).
 */
export class RuleMatcher {
  readonly #profile: Profile;
  /** Rule indices by first character; `null` where no rule can start. */
  readonly #byChar: readonly (readonly number[] | null)[];
  /** Some line could match more than one rule, to be told apart by sequence (`(i)`: letter or roman). */
  readonly ambiguous: boolean;

  // The outcome of the last `test`:
  /** The string the rules ran on: the whole text (in place) or a cleaned copy of the line. */
  s = '';
  /** Where the line's text starts in `s`. */
  at = 0;
  /** Characters of decoration skipped before the marker (for its column). */
  lead = 0;
  decorated = false;
  quoted = false;
  /** Number of rules that matched; their indices, printed numbers and end offsets in `s`. */
  count = 0;
  readonly rule: number[] = [];
  readonly printed: string[] = [];
  readonly end: number[] = [];
  /** Filled by the rules' recognisers (reused: one object per matcher, not per line). */
  readonly #span: MarkerSpan = { numberStart: 0, numberEnd: 0, end: 0 };

  /** Tests the rules up to index `last` (all by default). */
  constructor(profile: Profile, last = profile.rules.length - 1) {
    this.#profile = profile;
    const table = tableFor(profile, last);
    this.#byChar = table.byChar;
    this.ambiguous = table.ambiguous;
  }

  /** Whether a line starting with `c` could hold a marker at all. */
  mayStart(c: number): boolean {
    return this.#byChar[c] !== null || DECORATION[c] === 1;
  }

  /**
   * Tests the line whose first non-blank character is at `i` (its content ends at `end`).
   * Decoration is removed first when the line starts with it, or when a plain attempt fails and
   * the first words hold emphasis, an escape or decomposed diacritics.
   */
  test(text: string, i: number, end: number): number {
    if (this.#profile.ordinalLead === true) {
      const n = this.#afterOrdinal(text, i, end);
      if (n > 0) return n;
    }
    return this.#test(text, i, end);
  }

  /**
   * A titled marker after a list ordinal (`## 1. [Article I](…)`, `### 13. **XIII** …`): the
   * ordinal is decoration, and only titled hits count. 0 when the line has no ordinal or no
   * titled marker after it (the line is then read as it stands: `1. The Board shall meet.`).
   */
  #afterOrdinal(text: string, i: number, end: number): number {
    const at = DECORATION[text.charCodeAt(i)] === 1 ? skipLead(text, i, end) : i;
    let j = at;
    while (j < end && j - at < 4 && isDigit(text.charCodeAt(j))) j += 1;
    if (j === at || j - at > 3) return 0;
    // `1.`, `1)` or turndown's escaped `1\.`.
    if (text.charCodeAt(j) === 92) j += 1;
    const p = text.charCodeAt(j);
    if (p !== 46 && p !== 41) return 0;
    let k = j + 1;
    if (k >= end || !isBlankCode(text.charCodeAt(k))) return 0;
    while (k < end && isBlankCode(text.charCodeAt(k))) k += 1;
    if (k >= end) return 0;
    const n = this.#test(text, k, end);
    let kept = 0;
    for (let h = 0; h < n; h += 1) {
      if (this.#profile.rules[this.rule[h]!]!.heading !== 'line') continue;
      this.rule[kept] = this.rule[h]!;
      this.printed[kept] = this.printed[h]!;
      this.end[kept] = this.end[h]!;
      kept += 1;
    }
    this.count = kept;
    if (kept === 0 || this.quoted) return 0;
    this.lead += k - i;
    this.decorated = true;
    return kept;
  }

  #test(text: string, i: number, end: number): number {
    const c = text.charCodeAt(i);
    this.lead = 0;
    this.decorated = false;
    this.quoted = false;
    if (this.#profile.lines === 'commonmark') {
      this.decorated = true; // an ATX heading is Markdown syntax: never the wrapped tail of a sentence
      return this.#run(text, i, end, this.#byChar[c] ?? null);
    }
    // Common decoration (`### `, `**`, `- `, `[`, `<a name="…"></a>`) is stepped over in place;
    // a copy with every kind of decoration removed is the fallback.
    const at = DECORATION[c] === 1 ? skipLead(text, i, end) : i;
    const d = text.charCodeAt(at);
    if (at < end && !isQuoteStart(d)) {
      const n = this.#run(text, at, end, this.#byChar[d] ?? null);
      // Decoration may also sit inside the first words (`**Điều** **5.**`, `**CHƯƠNG XVIII**`,
      // `1\.`): only then is a cleaned copy worth making.
      if (n > 0 || !needsCleaning(text, at, end, at === i ? 12 : 24)) {
        this.lead = at - i;
        this.decorated = at > i;
        return n;
      }
    }
    const candidate = stripDecorationAt(text, i, Math.min(end, i + MAX_CANDIDATE));
    this.lead = candidate.lead;
    this.decorated = candidate.decorated;
    this.quoted = candidate.quoted;
    const s = candidate.text;
    return this.#run(s, 0, s.length, s.length > 0 ? this.#byChar[s.charCodeAt(0)] ?? null : null);
  }

  /** Tests `s` from `i` against `rules` (in place when the profile allows, else on a copy). */
  #run(s: string, i: number, end: number, rules: readonly number[] | null): number {
    this.count = 0;
    if (rules === null) return 0;
    if (!this.#profile.inPlace && (i !== 0 || end !== s.length)) {
      s = s.slice(i, Math.min(end, i + MAX_CANDIDATE));
      i = 0;
    }
    this.s = s;
    this.at = i;
    const span = this.#span;
    for (let k = 0; k < rules.length; k += 1) {
      const r = rules[k]!;
      const rule = this.#profile.rules[r]!;
      if (rule.recognise !== undefined) {
        const said = rule.recognise(s, i, span);
        if (said === 'match') this.#found(r, printedAt(s, span.numberStart, span.numberEnd), span.end);
        if (said !== 'undecided') continue;
      }
      const pattern = rule.pattern;
      pattern.lastIndex = i;
      const m = pattern.exec(s);
      if (m === null) continue;
      let printed = m.groups?.['num'];
      for (let g = 1; printed === undefined && g < m.length; g += 1) printed = m[g];
      this.#found(r, printed ?? '', pattern.lastIndex);
    }
    return this.count;
  }

  #found(rule: number, printed: string, end: number): void {
    this.rule[this.count] = rule;
    this.printed[this.count] = printed;
    this.end[this.count] = end;
    this.count += 1;
  }
}

// Printed numbers repeat endlessly ("1", "2", "a"). A recogniser's number comes from these
// caches instead of a fresh slice, so the hundred thousand entries of a large table share a few
// long-lived strings, which the garbage collector no longer copies out of its young generation.
const ONE_CHAR: (string | undefined)[] = new Array<string | undefined>(0x200);
const DECIMAL: (string | undefined)[] = new Array<string | undefined>(1000);

/** `s.slice(from, to)`, shared for one character and for one to three digits without a leading zero. */
function printedAt(s: string, from: number, to: number): string {
  const length = to - from;
  if (length === 1) {
    const c = s.charCodeAt(from);
    if (c < ONE_CHAR.length) return (ONE_CHAR[c] ??= s.slice(from, to));
  } else if (length <= 3 && s.charCodeAt(from) !== 48) {
    let v = 0;
    for (let k = from; k < to; k += 1) {
      const d = s.charCodeAt(k) - 48;
      if (d < 0 || d > 9) return s.slice(from, to);
      v = v * 10 + d;
    }
    return (DECIMAL[v] ??= s.slice(from, to));
  }
  return s.slice(from, to);
}

interface RuleTable {
  /** Rule indices by first character; `null` where no rule can start. */
  readonly byChar: readonly (readonly number[] | null)[];
  readonly ambiguous: boolean;
}

/**
 * The lookup table of a profile's rules up to `last`, built once per profile and level: it has
 * 65,536 entries, and a cut makes two or three matchers (small documents paid more for these
 * tables than for cutting). Profiles are immutable, so a table never goes stale.
 */
const tables = new WeakMap<Profile, Map<number, RuleTable>>();

function tableFor(profile: Profile, last: number): RuleTable {
  let byLast = tables.get(profile);
  if (byLast === undefined) {
    byLast = new Map();
    tables.set(profile, byLast);
  }
  let table = byLast.get(last);
  if (table === undefined) {
    const rules = profile.rules.slice(0, last + 1);
    const all = rules.map((_, i) => i);
    const byChar = new Array<readonly number[] | null>(65536).fill(null);
    rules.forEach((rule, r) => {
      for (const ch of rule.starts ?? '') {
        const code = ch.charCodeAt(0);
        byChar[code] = [...(byChar[code] ?? []), r];
      }
    });
    if (rules.some((r) => r.starts === undefined)) byChar.fill(all);
    table = { byChar, ambiguous: byChar.some((list) => list !== null && list.length > 1) };
    byLast.set(last, table);
  }
  return table;
}

/** `“`, `"`, `‘` or `«`: the line opens a quotation (tested by code, as `text[at]` would make a string per line). */
const isQuoteStart = (c: number): boolean => c === 0x201c || c === 34 || c === 0x2018 || c === 0xab;

/** Steps over leading Markdown and HTML decoration, as `stripDecoration` would, without copying. */
function skipLead(text: string, i: number, end: number): number {
  let k = i;
  while (k < end) {
    const c = text.charCodeAt(k);
    const next = text.charCodeAt(k + 1);
    if (c === 35) {
      // ATX hashes need a space (or the line end) after them.
      let j = k;
      while (j < end && text.charCodeAt(j) === 35) j += 1;
      if (j - k > 6 || (j < end && text.charCodeAt(j) !== 32 && text.charCodeAt(j) !== 9)) return k;
      k = j;
    } else if ((c === 45 || c === 43 || c === 42) && (next === 32 || next === 9 || next === 0xa0)) {
      k += 2; // a bullet
    } else if (c === 42 || c === 95 || c === 91 || c === 32 || c === 9 || c === 0xa0) {
      k += 1; // emphasis, a link's bracket, spaces
    } else if (c === 60 && (isAsciiLetter(next) || next === 47)) {
      const close = indexOfIn(text, 62, k, end);
      if (close < 0) return k;
      k = close + 1; // an HTML tag
    } else if (c === 92 && k + 1 < end && next < 128 && ESCAPED[next] === 1) {
      k += 1;
    } else {
      return k;
    }
  }
  return k;
}

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** A space, a tab or a no-break space. */
const isBlankCode = (c: number): boolean => c === 32 || c === 9 || c === 0xa0;

/** `*`, `_`, `\`, `<`, `[` and combining marks: what needsCleaning looks for. */
const CLEANED = new Uint8Array(0x370);
for (const ch of '*_\\<[') CLEANED[ch.charCodeAt(0)] = 1;
for (let c = 0x300; c <= 0x36f; c += 1) CLEANED[c] = 1;

/** Emphasis, an escape, a tag or decomposed diacritics within a line's first words. */
function needsCleaning(text: string, i: number, end: number, within: number): boolean {
  const n = Math.min(end, i + within);
  for (let k = i; k < n; k += 1) {
    const d = text.charCodeAt(k);
    if (d < 0x370 && CLEANED[d] === 1) return true;
  }
  return false;
}
