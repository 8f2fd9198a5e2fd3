import { breaksOff, frontMatter, isBlank, onlyChar } from './blocks.js';
import { ContainedBlocks } from './contained-blocks.js';
import { displayText, headingText, headingTextAt, stripDecoration } from './decoration.js';
import { MarkerTable } from './markers.js';
import { RuleMatcher } from './matcher.js';
import { compare, FIRST, follows, type NumberValue } from './profiles/numbers.js';
import type { Profile } from './profiles/profile.js';
import type { CutDiagnostic } from './unit.js';

export interface Scan {
  readonly markers: MarkerTable;
  readonly diagnostics: CutDiagnostic[];
}

type LineKind = 'blank' | 'text' | 'marker' | 'block';

/**
 * Pass 1 of the cut: finds every marker line of every level of `profile`, with its parent.
 * Diagnostics are reported for rules up to index `finest` (the unit level) only.
 */
export function scan(text: string, profile: Profile, finest: number): Scan {
  return new Scanner(text, profile, finest).run();
}

class Scanner {
  readonly #text: string;
  readonly #profile: Profile;
  readonly #finest: number;
  readonly #matcher: RuleMatcher;
  /** `#parentOk[r * n + q]`: rule q may be the parent of rule r. */
  readonly #parentOk: Uint8Array;
  readonly #markers: MarkerTable;
  readonly #diagnostics: CutDiagnostic[] = [];
  readonly #blocks: ContainedBlocks;
  /** Open markers, outermost first, `#depth` of them. */
  #stack = new Int32Array(64);
  #depth = 0;
  /**
   * Whether to keep markers finer than the unit level. They only matter where rules share a first
   * character and one must be chosen by sequence (`(i)` after `(h)`); elsewhere they stay text.
   */
  readonly #keepFiner: boolean;
  #everyRule: RuleMatcher | undefined;
  #prevKind: LineKind = 'blank';
  #prevStart = 0;
  #prevEnd = 0;
  #paraStart = 0;
  #paraLine = 1;
  #paraColumn = 1;
  /**
   * Rule of the item (clause, point) whose paragraph this is, or -1: "(a) the Board of" /
   * "Directors" / "(b) …" is a list, and a sibling or finer item may follow a wrapped line.
   */
  #paraRule = -1;
  /** Rule of the previous line when it was a marker line. */
  #prevRule = -1;
  /** A bare marker ("Chương I") waiting for its title on the next text line. */
  #pendingTitle = -1;
  /** Set by #choose: the open-stack position of the chosen hit's parent (-1: the top). */
  #chosenParent = -1;
  /** 1 for the rules that open a unit only on a heading line (MarkerRule.headingOnly). */
  readonly #headingOnly: Uint8Array;
  /** Profile.catchlines: the numbered catchline last seen, and whether it directly precedes this line. */
  readonly #catchlines: boolean;
  #catch: Catchline | null = null;
  #catchReady = false;
  #lastNonBlank = 0;

  constructor(text: string, profile: Profile, finest: number) {
    this.#text = text;
    this.#profile = profile;
    this.#finest = finest;
    // Laws hold about one marker per hundred characters (the bench corpus: one per 107); room for
    // one per 64 means a table seldom has to grow (copy) its columns. Past a million markers
    // (~40 MB of columns) it grows as it needs.
    this.#markers = new MarkerTable(Math.min(1 << 20, Math.max(1024, text.length >> 6)));
    // Markers finer than the unit only matter where rules share a first character and one must
    // be told from another by sequence (`(i)` after `(h)`); elsewhere they are not even looked for.
    this.#keepFiner = new RuleMatcher(profile).ambiguous;
    this.#matcher = this.#keepFiner ? new RuleMatcher(profile) : new RuleMatcher(profile, finest);
    const n = profile.rules.length;
    this.#headingOnly = Uint8Array.from(profile.rules, (r) => (r.headingOnly === true ? 1 : 0));
    this.#catchlines = profile.catchlines === true;
    this.#parentOk = new Uint8Array(n * n);
    profile.rules.forEach((rule, r) => profile.rules.forEach((q, k) => {
      if (rule.parents.includes(q.level)) this.#parentOk[r * n + k] = 1;
    }));
    this.#blocks = new ContainedBlocks(text, profile.warnInCode, {
      line: (start, i, end, lineNo) => {
        if (this.#matcher.test(this.#text, i, end) > 0) this.#noteHits(lineNo, i - start + this.#matcher.lead + 1);
      },
      cell: (cell, lineNo, column) => {
        const candidate = stripDecoration(cell);
        if (candidate.text !== '' && this.#matcher.test(candidate.text, 0, candidate.text.length) > 0) {
          this.#noteHits(lineNo, column + candidate.lead, true);
        }
      },
      matched: (lineNo, column) => this.#noteHits(lineNo, column),
    }, this.#diagnostics);
  }

  run(): Scan {
    const text = this.#text;
    let [offset, lineNo] = frontMatter(text);
    while (offset < text.length) {
      const nl = text.indexOf('\n', offset);
      let end = nl < 0 ? text.length : nl;
      if (end > offset && text.charCodeAt(end - 1) === 13) end -= 1;
      // Half the lines of a law are empty: they need none of #line's tests.
      if (end === offset) this.#blankLine();
      else this.#line(offset, end, lineNo);
      offset = nl < 0 ? text.length : nl + 1;
      lineNo += 1;
    }
    this.#blocks.finish();
    this.#markers.finish();
    return { markers: this.#markers, diagnostics: this.#diagnostics };
  }

  #line(start: number, end: number, lineNo: number): void {
    const text = this.#text;
    let i = start;
    while (i < end && isBlank(text.charCodeAt(i))) i += 1;
    if (i === end) {
      this.#blankLine();
      return;
    }
    if (this.#blocks.open) {
      this.#blocks.inside(start, i, end, lineNo);
      this.#block();
      return;
    }
    const c = text.charCodeAt(i);
    if (c === 96 || c === 126 || c === 60 || c === 124 || c === 62) {
      if (this.#blocks.starts(c, start, i, end, lineNo)) {
        this.#block();
        return;
      }
    } else if ((c === 45 || c === 61 || c === 42 || c === 95) && this.#rule(c, start, i, end)) {
      return;
    }
    this.#blocks.outside();
    if (this.#catchlines) this.#noteCatchline(start, i, end, lineNo);
    const m = this.#matcher;
    // Four spaces of indentation make CommonMark code, not a heading.
    const tested = m.mayStart(c) && !(this.#profile.lines === 'commonmark' && i - start > 3);
    const hits = tested ? m.test(text, i, end) : 0;
    if (tested && m.quoted) {
      // Quoted text (an amendment quoting a new article) is never structure.
      this.#blocks.quotation(i, end, lineNo, i - start + m.lead + 1);
      this.#block();
      return;
    }
    if (hits === 0) {
      this.#textLine(start, i, end, lineNo, c === 35 ? 'block' : 'text');
      return;
    }
    const hit = this.#choose(i, end);
    if (hit < 0) {
      this.#textLine(start, i, end, lineNo, c === 35 ? 'block' : 'text');
      return;
    }
    const ruleIndex = m.rule[hit]!;
    const rule = this.#profile.rules[ruleIndex]!;
    const printed = m.printed[hit]!;
    const value = rule.value(printed);
    if (!m.decorated && this.#profile.lines === 'strip' && this.#continuesSentence(ruleIndex, value)) {
      if (ruleIndex <= this.#finest) {
        this.#diagnostics.push({
          severity: 'warning', code: 'marker_in_sentence', line: lineNo, column: i - start + 1,
          message: `“${sampleOf(text.slice(i, end))}” starts this line but continues the sentence that line ${lineNo - 1} breaks off; kept as text. If it is a new ${String(rule.level)}, end the line above with punctuation or leave a blank line before it`,
        });
      }
      this.#textLine(start, i, end, lineNo, 'text');
      return;
    }
    if (ruleIndex <= this.#finest || this.#keepFiner) {
      const bare = isBare(m.s, m.end[hit]!, m.s === text ? end : m.s.length);
      let title = rule.heading === 'line' && ruleIndex <= this.#finest ? this.#title(end) : '';
      let [from, line, column] = [start, lineNo, i - start + m.lead + 1];
      const caught = this.#catchReady && rule.level === 'section' ? this.#catch : null;
      if (caught !== null && caught.printed === printed) {
        // "2. Political power; purpose of government" / "Section 2. All political power …": the
        // section starts at its catchline, which is its heading, not a clause of the section before.
        this.#markers.truncate(caught.markers);
        [from, line, column] = [caught.start, caught.line, caught.column];
        if (title !== '') title = headingText(`${rule.label(printed, null)}. ${caught.title}`);
        this.#catch = null;
      }
      const k = this.#push(ruleIndex, printed, value, this.#chosenParent, from, line, column, title, bare);
      this.#pendingTitle = bare && title !== '' && this.#profile.lines === 'strip' ? k : -1;
    } else {
      this.#pendingTitle = -1;
    }
    this.#prevKind = 'marker';
    this.#prevRule = ruleIndex;
    // A titled marker (an article's line) is a heading: its text starts a paragraph of its own.
    this.#paraRule = rule.heading === 'label' ? ruleIndex : -1;
    this.#prevStart = i;
    this.#prevEnd = end;
  }

  /**
   * Legislation sites print a numbered catchline before each section ("2. Political power;
   * purpose of government", wrapped onto indented lines, then a blank line, then "Section 2. …").
   * Remembers the last one, for the section of the same number to start at.
   */
  #noteCatchline(start: number, i: number, end: number, lineNo: number): void {
    const text = this.#text;
    const prev = this.#lastNonBlank;
    this.#lastNonBlank = lineNo;
    const open = this.#catch;
    this.#catchReady = open !== null && open.endLine === prev && lineNo > prev + 1;
    if (open !== null && open.endLine === lineNo - 1 && i > start) {
      open.title += ` ${text.slice(i, end).trim()}`;
      open.endLine = lineNo;
      return;
    }
    const c = text.charCodeAt(i);
    const m = c >= 48 && c <= 57 && this.#prevKind !== 'text' ? CATCHLINE.exec(text.slice(i, Math.min(end, i + 300))) : null;
    if (m !== null) {
      this.#catch = { printed: m[1]!, title: m[2]!.trim(), start, line: lineNo, column: i - start + 1, endLine: lineNo, markers: this.#markers.length };
    } else if (!this.#catchReady) {
      this.#catch = null;
    }
  }

  /** A line of blanks only: it ends a paragraph, a table and a block quote. */
  #blankLine(): void {
    this.#blocks.outside();
    this.#prevKind = 'blank';
  }

  /** The heading of a marker line, from the marker on (in the text, or in the matcher's cleaned copy). */
  #title(end: number): string {
    const m = this.#matcher;
    if (this.#profile.lines === 'commonmark') {
      return displayText(m.s === this.#text ? this.#text.slice(m.at, Math.min(end, m.at + 200)) : m.s.slice(m.at));
    }
    return m.s === this.#text ? headingTextAt(this.#text, m.at, Math.min(end, m.at + 200)) : headingText(m.s.slice(m.at));
  }

  /** A line of `-`, `=`, `*` or `_` only: a setext underline (markdown) or a thematic break. */
  #rule(c: number, start: number, i: number, end: number): boolean {
    const only = onlyChar(this.#text, i, end, c);
    const setext = this.#profile.setext;
    if (only > 0 && setext && (c === 45 || c === 61) && this.#prevKind === 'text' && i - start <= 3) {
      this.#setext(setext[c === 61 ? '=' : '-']);
      this.#block();
      return true;
    }
    if (only < 3) return false;
    this.#blocks.outside();
    this.#block();
    return true;
  }

  /**
   * The hit that opens a unit: it needs a parent (or may stand at the top); ties go to the one
   * that continues a sequence. Its parent's position in the open stack is left in #chosenParent.
   */
  #choose(i: number, end: number): number {
    const m = this.#matcher;
    let first = -1;
    let firstParent = -1;
    for (let h = 0; h < m.count; h += 1) {
      if (this.#headingOnly[m.rule[h]!] === 1 && !isHeadingLine(this.#text, i, end)) continue;
      const parentPos = this.#parentFor(m.rule[h]!);
      if (parentPos === undefined) continue;
      this.#chosenParent = parentPos;
      if (m.count === 1) return h;
      if (first < 0) {
        first = h;
        firstParent = parentPos;
      }
      const value = this.#profile.rules[m.rule[h]!]!.value(m.printed[h]!);
      const prev = this.#lastSibling(parentPos < 0 ? -1 : this.#stack[parentPos]!, m.rule[h]!);
      if (value !== undefined && (prev ? follows(prev, value) : compare(value, FIRST) === 0)) return h;
    }
    this.#chosenParent = firstParent;
    return first;
  }

  /** Position in the open stack of the nearest allowed parent; -1 for the top; undefined when neither. */
  #parentFor(rule: number): number | undefined {
    const n = this.#profile.rules.length;
    const rules = this.#markers.rule;
    for (let k = this.#depth - 1; k >= 0; k -= 1) {
      if (this.#parentOk[rule * n + rules[this.#stack[k]!]!] === 1) return k;
    }
    return this.#profile.rules[rule]!.topLevel ? -1 : undefined;
  }

  #lastSibling(parent: number, rule: number): NumberValue | undefined {
    const markers = this.#markers;
    for (let k = markers.length - 1; k > parent; k -= 1) {
      if (markers.parent[k] === parent && markers.rule[k] === rule) return markers.value(k);
    }
    return undefined;
  }

  /**
   * An undecorated marker-like start that carries on the sentence of the line above, as in
   * hard-wrapped text: "… theo quy định tại" / "Điều 13. Trường hợp …".
   */
  #continuesSentence(rule: number, value: NumberValue | undefined): boolean {
    if (this.#prevKind === 'marker' ? this.#profile.rules[this.#prevRule]!.heading === 'line' : this.#prevKind !== 'text') return false;
    if (this.#paraRule >= 0 && rule >= this.#paraRule) return false;
    // A first item ("1.", "a)", "Điều 1.") may interrupt a paragraph, as a list starting at 1 does in CommonMark.
    if (value !== undefined && compare(value, FIRST) === 0) return false;
    return breaksOff(this.#text, this.#prevStart, this.#prevEnd, this.#profile.dangling);
  }

  #push(rule: number, printed: string, value: NumberValue | undefined, parentPos: number, start: number, line: number, column: number, title: string, bare: boolean): number {
    const parent = parentPos < 0 ? -1 : this.#stack[parentPos]!;
    const k = this.#markers.push(rule, printed, value, start, line, column, parent, title, bare);
    this.#depth = parentPos + 1;
    if (this.#depth === this.#stack.length) {
      const bigger = new Int32Array(this.#stack.length * 2);
      bigger.set(this.#stack);
      this.#stack = bigger;
    }
    this.#stack[this.#depth] = k;
    this.#depth += 1;
    return k;
  }

  #setext(level: string): void {
    const rule = this.#profile.rules.findIndex((r) => r.level === level);
    const parentPos = rule < 0 || (rule > this.#finest && !this.#keepFiner) ? undefined : this.#parentFor(rule);
    if (parentPos === undefined) return;
    const title = displayText(this.#text.slice(this.#paraStart, this.#prevEnd));
    const printed = this.#profile.setextNumber?.(title) ?? '';
    const value = this.#profile.rules[rule]!.value(printed);
    this.#push(rule, printed, value, parentPos, this.#paraStart, this.#paraLine, this.#paraColumn, title, false);
  }

  #textLine(start: number, i: number, end: number, lineNo: number, kind: 'text' | 'block'): void {
    if (this.#pendingTitle >= 0) {
      // A title printed on the line after its bare marker ("Chương I" / "QUY ĐỊNH CHUNG"); a
      // sentence (it ends with a full stop) is the unit's text, not its title.
      const next = end - i <= 200 && !this.#anyMarker(i, end) ? displayText(this.#text.slice(i, end)) : '';
      if (next !== '' && !/[.;:]$/u.test(next)) {
        const titles = this.#markers.title;
        titles[this.#pendingTitle] = `${titles[this.#pendingTitle]!.replace(/[\s.:\-–—]+$/u, '')}. ${next}`;
      }
      this.#pendingTitle = -1;
    }
    if (this.#prevKind !== 'text') {
      this.#paraStart = start;
      this.#paraLine = lineNo;
      this.#paraColumn = i - start + 1;
      if (this.#prevKind !== 'marker') this.#paraRule = -1;
    }
    this.#prevKind = kind;
    this.#prevStart = i;
    this.#prevEnd = end;
  }

  /** Whether the line holds a marker of any level, the finer ones included ("1. …" after a bare "Điều 5."). */
  #anyMarker(i: number, end: number): boolean {
    this.#everyRule ??= new RuleMatcher(this.#profile);
    return this.#everyRule.test(this.#text, i, end) > 0;
  }

  #block(): void {
    this.#prevKind = 'block';
    this.#pendingTitle = -1;
  }

  /** Counts the matcher's marker, if it could be structure here, for the open block's warning. */
  #noteHits(lineNo: number, column: number, titledOnly = false): void {
    const m = this.#matcher;
    for (let h = 0; h < m.count; h += 1) {
      const r = m.rule[h]!;
      if (titledOnly && this.#profile.rules[r]!.heading !== 'line') continue;
      if (r <= this.#finest && this.#parentFor(r) !== undefined) {
        this.#blocks.note(lineNo, column, sampleOf(m.s.slice(m.at, Math.min(m.s.length, m.at + 80)).split(/\r?\n/u)[0]!));
        return;
      }
    }
  }
}

/**
 * A numbered catchline: "2.1. Victims' bill of rights", "19. Bribery or illegal rebating; witnesses;"
 * (wrapped). Not a sentence: it does not end with a full stop.
 */
const CATCHLINE = /^(\d{1,3}(?:\.\d{1,3})*)\.[ \t]+(\S[^\r\n]*?[^.\s])[ \t]*$/u;

interface Catchline {
  readonly printed: string;
  title: string;
  readonly start: number;
  readonly line: number;
  readonly column: number;
  endLine: number;
  /** The number of markers before the catchline's own (a clause "2." it made, to be taken back). */
  readonly markers: number;
}

/**
 * An ATX heading (`### XIV`), an HTML heading tag (`<h3>XIV</h3>`), or a line that opens with
 * bold (`**XIV**`): where a bare number may be a heading rather than a paragraph's first words.
 */
function isHeadingLine(text: string, i: number, end: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 35) return true; // the scanner only tests ATX lines whose hashes are followed by a blank
  if (c === 60) return /^<h[1-6][\s>]/iu.test(text.slice(i, Math.min(end, i + 4)));
  return (c === 42 || c === 95) && text.charCodeAt(i + 1) === c;
}

/** Only blanks and punctuation between `from` and the end of the line. */
function isBare(s: string, from: number, end: number): boolean {
  for (let k = from; k < end; k += 1) {
    const c = s.charCodeAt(k);
    if (!isBlank(c) && c !== 46 && c !== 58 && c !== 45 && c !== 0x2013 && c !== 0x2014) return false;
  }
  return true;
}

/** The start of a line, for a message: "Điều 88. Trường hợp khác…". */
function sampleOf(text: string): string {
  const plain = displayText(text);
  if (plain.length <= 40) return plain;
  const space = plain.lastIndexOf(' ', 40);
  return `${plain.slice(0, space > 20 ? space : 40).trimEnd()}…`;
}
