import { readFileSync } from 'node:fs';
import { compileCustomRules } from '../cut/profiles/custom.js';
import { getProfile, profileNames } from '../cut/profiles/index.js';
import type { Profile } from '../cut/profiles/profile.js';
import { CutterError } from '../errors.js';
import { formatProblem, LocatedYaml, type Problem } from './located-yaml.js';
import type { CutRule, Plan } from './plan.js';
import { validateLocated } from './schemas.js';

interface RawPlan {
  version: 1;
  document: string;
  prefix: string;
  mode?: Plan['mode'];
  source?: string;
  cut?: { profile?: string; unit?: string; rules?: CutRule[] };
  policy?: { maxUnits?: number; maxRetireRatio?: number };
  approvals?: Plan['approvals'];
}

export interface PlanCheck {
  readonly file: string;
  /** Present when there is no error. */
  readonly plan?: Plan;
  readonly problems: readonly Problem[];
}

/** Checks a plan text against schemas/plan.schema.json and the semantic rules; never throws for bad input. */
export function checkPlanText(file: string, text: string): PlanCheck {
  const { yaml, value, problems } = LocatedYaml.parse(file, text);
  if (problems.length > 0) return { file, problems };
  const schemaProblems = validateLocated('plan.schema.json', value, yaml);
  if (schemaProblems.length > 0) return { file, problems: schemaProblems };
  const raw = value as RawPlan;
  const plan: Plan = {
    version: 1,
    document: raw.document,
    prefix: raw.prefix,
    mode: raw.mode ?? 'dryrun',
    source: raw.source ?? 'embedded',
    cut: { profile: raw.cut?.profile ?? 'vn-legal', unit: raw.cut?.unit ?? '' },
    policy: { maxUnits: raw.policy?.maxUnits ?? 5000, maxRetireRatio: raw.policy?.maxRetireRatio ?? 0.2 },
    approvals: raw.approvals ?? {},
  };
  const semantic: Problem[] = [];
  const at = (pointer: string, message: string): void => {
    semantic.push({ file, ...yaml.locate(pointer), pointer, message, severity: 'error' });
  };
  const rules = raw.cut?.rules;
  let profile: Profile | undefined;
  if (rules !== undefined) {
    if (raw.cut?.profile !== undefined) at('/cut/profile', 'give either a profile or rules, not both: rules replace the profile');
    const compiled = compileCustomRules(rules);
    // Each problem at its own field, e.g. a regular expression that does not compile at its pattern.
    for (const p of compiled.problems) at(`/cut/rules/${p.index}/${p.field}`, p.message);
    profile = compiled.profile;
  } else if (!profileNames.includes(plan.cut.profile)) {
    at('/cut/profile', `profile "${plan.cut.profile}" is not available in this version of cutter; available: ${profileNames.join(', ')}`);
  } else {
    profile = getProfile(plan.cut.profile);
  }
  if (!profile) return { file, problems: semantic.sort((a, b) => a.line - b.line || a.column - b.column) };
  const levels = profile.rules.map((r) => String(r.level));
  const unit = plan.cut.unit || profile.defaultUnit;
  if (!levels.includes(unit)) {
    at('/cut/unit', `${rules ? 'the rules have' : `profile ${profile.name} has`} no level "${unit}"; use one of: ${levels.join(', ')}`);
  }
  if (semantic.length > 0) return { file, problems: semantic.sort((a, b) => a.line - b.line || a.column - b.column) };
  const cut = rules ? { profile: 'custom', unit, rules } : { profile: plan.cut.profile, unit };
  return { file, plan: { ...plan, cut }, problems: [] };
}

export function checkPlanFile(file: string): PlanCheck {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a plan file' : (e as Error).message;
    return { file, problems: [{ file, line: 1, column: 1, pointer: '', message, severity: 'error' }] };
  }
  return checkPlanText(file, text);
}

/** Loads a plan or throws a CutterError (`plan_invalid`) listing every problem with its position. */
export function loadPlan(file: string): Plan {
  const check = checkPlanFile(file);
  if (!check.plan) {
    throw new CutterError('plan_invalid', `${file} is not a valid plan:\n${check.problems.map(formatProblem).join('\n')}`, {
      hint: `fix the problems above, then run: cutter validate ${file}`,
      details: { problems: check.problems },
    });
  }
  return check.plan;
}
