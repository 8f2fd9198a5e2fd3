import { CutterError } from '../../errors.js';
import { compileCustomRules, type CustomRuleSpec } from './custom.js';
import { enLegal } from './en-legal.js';
import { markdown } from './markdown.js';
import type { Profile } from './profile.js';
import { vnLegal } from './vn-legal.js';

const builtIn: Record<string, Profile> = { markdown, 'vn-legal': vnLegal, 'en-legal': enLegal };

export const profileNames = Object.keys(builtIn);

export function getProfile(name: string): Profile {
  const p = builtIn[name];
  if (!p) throw new RangeError(`unknown profile "${name}"; known: ${profileNames.join(', ')}`);
  return p;
}

/** The `cut` section of a plan: a built-in profile, or custom rules (`profile` is then `custom`). */
export interface CutSpec {
  readonly profile: string;
  readonly rules?: readonly CustomRuleSpec[] | undefined;
}

/**
 * The profile a plan's `cut` section names. Plans are validated before they get here, so a bad
 * custom rule is a CutterError rather than a bug.
 */
export function profileFor(cut: CutSpec): Profile {
  if (cut.rules === undefined) return getProfile(cut.profile);
  const { profile, problems } = compileCustomRules(cut.rules);
  if (!profile) {
    throw new CutterError('cut_rules_invalid', `cut.rules: ${problems.map((p) => `rule ${p.index + 1} ${p.field} ${p.message}`).join('; ')}`, {
      hint: 'run cutter validate on the plan to see each problem at its line and column',
      details: { problems },
    });
  }
  return profile;
}

export type { CustomRuleSpec } from './custom.js';
export type { MarkerRule, Profile } from './profile.js';
