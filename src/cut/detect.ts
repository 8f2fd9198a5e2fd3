import { getProfile } from './profiles/index.js';
import { finestRuleIndex, levelsOf, type Profile } from './profiles/profile.js';
import { segment } from './segment.js';

/** What one built-in profile finds in a document, cut at its finest level. */
export interface ProfileFit {
  readonly profile: string;
  /** Units per level, coarse to fine, levels with none left out (the preamble is not counted). */
  readonly counts: readonly { readonly level: string; readonly count: number }[];
  /** Units at titled levels (articles, sections, chapters, headings: not numbered paragraphs). */
  readonly titled: number;
}

/** The profile and unit level that fit a document, with what every profile found. */
export interface Detection {
  readonly profile: string;
  readonly unit: string;
  /**
   * `high`: a legal profile finds three or more titled units, no duplicate ids at `unit` nor at
   * any finer titled level found, and they cover most of the text; `medium`: it finds some, or only Markdown headings fit; `low`:
   * nothing structured was found and the document is one unit either way.
   */
  readonly confidence: 'high' | 'medium' | 'low';
  readonly fits: readonly ProfileFit[];
  /** One sentence: why this profile and level. */
  readonly reason: string;
}

// Legal profiles first: on a tie the more specific reading wins over plain headings.
const CANDIDATES = ['en-legal', 'vn-legal', 'markdown'] as const;

/**
 * Looks at `text` with each built-in profile and says which one, at which unit level, fits it.
 * Pure: a few cuts of the text, no I/O. For `cutter cut --profile auto` and for the warning when
 * a profile finds nothing.
 */
export function detectProfile(text: string): Detection {
  const fits = CANDIDATES.map((name) => fitOf(text, getProfile(name)));
  const legal = fits.filter((f) => f.profile !== 'markdown' && f.titled > 0).sort((a, b) => b.titled - a.titled);
  const best = legal[0];
  if (best !== undefined) {
    const profile = getProfile(best.profile);
    const { unit, errors, stepped } = unitFor(text, profile, best);
    const preamble = preambleShare(text, profile, unit);
    const confidence = best.titled >= 3 && errors === 0 && !stepped && preamble < 0.5 ? 'high' : 'medium';
    const why = errors > 0 ? `; every level found gives duplicate ids` : stepped ? `; finer levels give duplicate ids, so ${unit} is the finest that cuts cleanly` : '';
    return { profile: best.profile, unit, confidence, fits, reason: `${best.profile} finds ${describe(best)}${why}` };
  }
  const md = fits.find((f) => f.profile === 'markdown')!;
  if (md.counts.length > 0) {
    const profile = getProfile('markdown');
    const { unit } = unitFor(text, profile, md);
    return { profile: 'markdown', unit, confidence: 'medium', fits, reason: `no legal markers; markdown finds ${describe(md)}` };
  }
  return { profile: 'markdown', unit: 'h6', confidence: 'low', fits, reason: 'no legal markers and no headings: the document is one unit' };
}

/** What `profile` finds in `text` at its finest level. */
function fitOf(text: string, profile: Profile): ProfileFit {
  const finest = profile.rules[profile.rules.length - 1]!.level;
  const { units } = segment(text, profile, { prefix: 'X', unit: String(finest) });
  const byLevel = new Map<string, number>();
  for (const u of units) if (u.level !== 'preamble') byLevel.set(String(u.level), (byLevel.get(String(u.level)) ?? 0) + 1);
  const titledLevels = new Set(profile.rules.filter((r) => r.heading === 'line').map((r) => String(r.level)));
  let titled = 0;
  for (const [level, count] of byLevel) if (titledLevels.has(level)) titled += count;
  const counts = levelsOf(profile).filter((l) => byLevel.has(l)).map((level) => ({ level, count: byLevel.get(level)! }));
  return { profile: profile.name, counts, titled };
}

/**
 * The finest titled level found that cuts without duplicate ids (numbered paragraphs are left to
 * the author to ask for: a list item and a clause look alike); the coarsest found when every one
 * of them gives duplicates.
 */
function unitFor(text: string, profile: Profile, fit: ProfileFit): { unit: string; errors: number; stepped: boolean } {
  const titledLevels = new Set(profile.rules.filter((r) => r.heading === 'line').map((r) => String(r.level)));
  const found = fit.counts.map((c) => c.level).filter((l) => titledLevels.has(l));
  let errors = 0;
  let stepped = false;
  for (let k = found.length - 1; k >= 0; k -= 1) {
    const unit = found[k]!;
    // A level of the same rank as a finer one (amendment beside article) is tried once.
    if (k + 1 < found.length && finestRuleIndex(profile.rules, unit) === finestRuleIndex(profile.rules, found[k + 1]!)) continue;
    const { diagnostics } = segment(text, profile, { prefix: 'X', unit });
    errors = diagnostics.filter((d) => d.severity === 'error').length;
    if (errors === 0) return { unit, errors, stepped };
    stepped = true;
  }
  return { unit: found[0] ?? String(profile.rules[0]!.level), errors, stepped };
}

/** The share of the text (in characters) left in the preamble when cut at `unit`. */
function preambleShare(text: string, profile: Profile, unit: string): number {
  if (text.length === 0) return 1;
  const first = segment(text, profile, { prefix: 'X', unit }).units[0];
  return first !== undefined && first.level === 'preamble' ? first.text.length / text.length : 0;
}

/** "7 article, 13 amendment, 21 section" or "nothing". */
export function describe(fit: ProfileFit): string {
  return fit.counts.length === 0 ? 'nothing' : fit.counts.map((c) => `${c.count} ${c.level}`).join(', ');
}
