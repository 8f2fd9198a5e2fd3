import { compileCustomRules } from '../cut/profiles/custom.js';
import { getProfile, profileNames } from '../cut/profiles/index.js';
import { superLinearBacktracking } from '../cut/profiles/regex-safety.js';
import type { Profile } from '../cut/profiles/profile.js';
import { CutterError } from '../errors.js';
import { formatProblem, LocatedYaml, type Problem } from './located-yaml.js';
import { batchOf, type BatchPlan, type RawBatchDocument } from './batch-plan.js';
import { pinnedApprovalProblems } from './pinned-approvals.js';
import { decodePlanText, MAX_PLAN_BYTES, readPlanBytes, textProblem } from './plan-text.js';
import type { CutRule, Plan } from './plan.js';
import { validateLocated } from './schemas.js';

export interface RawPlan {
  version: 1;
  document: string;
  prefix: string;
  documents?: RawBatchDocument[];
  mode?: Plan['mode'];
  source?: string;
  cut?: { profile?: string; unit?: string; rules?: CutRule[] };
  policy?: { maxUnits?: number; maxRetireRatio?: number };
  approvals?: Plan['approvals'];
}

export interface PlanCheckOptions {
  /** What a pinned approval id must look like (cutter.config.yaml's approvals.pattern); not checked without it. */
  readonly approvalPattern?: RegExp | undefined;
}

/** How long the checks of all custom patterns of one plan may take together. */
const RULE_CHECK_BUDGET_MS = 10_000;

export interface PlanCheck {
  readonly file: string;
  /** Present when there is no error. */
  readonly plan?: Plan;
  /** Present instead of `plan` when the file is a valid batch plan (`documents:`). */
  readonly batch?: BatchPlan;
  readonly problems: readonly Problem[];
}

/**
 * Checks a plan text against schemas/plan.schema.json and the semantic rules; never throws for
 * bad input. Every problem is reported at once: the cut's semantic checks (profile, unit, rules)
 * run alongside the schema's whenever the cut section itself is well-formed.
 */
export function checkPlanText(file: string, text: string, options: PlanCheckOptions = {}): PlanCheck {
  const bad = textProblem(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (bad) return { file, problems: [{ file, line: bad.line, column: bad.column, pointer: '', message: bad.message, severity: 'error' }] };
  const { yaml, value, problems } = LocatedYaml.parse(file, text);
  if (problems.length > 0) return { file, problems };
  const schemaProblems = validateLocated('plan.schema.json', value, yaml);
  const cutIsSound = typeof value === 'object' && value !== null && !schemaProblems.some((p) => touchesCut(p.pointer));
  const raw = value as RawPlan;
  const pinned = schemaProblems.length === 0
    ? pinnedApprovalProblems({ approvals: raw.approvals ?? {} }, options.approvalPattern ?? null)
      .map((p): Problem => ({ file, ...yaml.locate(p.pointer), ...p, severity: 'error' }))
    : [];
  if (typeof value === 'object' && value !== null && Array.isArray(raw.documents)) {
    return batchOf(file, yaml, raw, [...schemaProblems, ...pinned], (cut, base) => checkCut(cut, file, yaml, base));
  }
  const checked = cutIsSound ? checkCut(raw.cut ?? {}, file, yaml) : { problems: [] };
  const all = [...schemaProblems, ...checked.problems, ...pinned].sort((a, b) => a.line - b.line || a.column - b.column);
  if (all.length > 0 || !checked.cut) return { file, problems: all };
  return {
    file,
    problems: [],
    plan: {
      version: 1,
      document: raw.document,
      prefix: raw.prefix,
      mode: raw.mode ?? 'dryrun',
      source: raw.source ?? 'embedded',
      cut: checked.cut,
      policy: { maxUnits: raw.policy?.maxUnits ?? 5000, maxRetireRatio: raw.policy?.maxRetireRatio ?? 0.2 },
      approvals: raw.approvals ?? {},
    },
  };
}

/** Schema problems under these pointers leave the cut section unfit for semantic checks. */
export function touchesCut(pointer: string, base = '/cut'): boolean {
  return pointer === '' || pointer === base || ['profile', 'unit', 'rules'].some((f) => pointer === `${base}/${f}` || pointer.startsWith(`${base}/${f}/`));
}

/** The cut section's semantic checks: the profile exists (or the rules compile) and has the unit level. */
export function checkCut(raw: NonNullable<RawPlan['cut']>, file: string, yaml: LocatedYaml, base = '/cut'): { cut?: Plan['cut']; problems: Problem[] } {
  const problems: Problem[] = [];
  const at = (relative: string, message: string): void => {
    const pointer = `${base}${relative.slice('/cut'.length)}`;
    problems.push({ file, ...yaml.locate(pointer), pointer, message, severity: 'error' });
  };
  const profileName = raw.profile ?? 'vn-legal';
  let profile: Profile | undefined;
  if (raw.rules !== undefined) {
    if (raw.profile !== undefined) at('/cut/profile', 'give either a profile or rules, not both: rules replace the profile');
    const compiled = compileCustomRules(raw.rules);
    // Each problem at its own field, e.g. a regular expression that does not compile at its pattern.
    for (const p of compiled.problems) at(`/cut/rules/${p.index}/${p.field}`, p.message);
    profile = compiled.profile;
    // Only patterns that compile are checked for catastrophic backtracking, within one budget for
    // the whole plan (a safety net: the checks take milliseconds).
    const deadline = performance.now() + RULE_CHECK_BUDGET_MS;
    raw.rules.forEach((rule, index) => {
      if (compiled.problems.some((p) => p.index === index && p.field === 'pattern')) return;
      const left = Math.max(50, Math.min(5_000, deadline - performance.now()));
      const why = superLinearBacktracking(rule.pattern, rule.ignoreCase === true ? 'uyi' : 'uy', left);
      if (why !== undefined) {
        at(`/cut/rules/${index}/pattern`, why);
        profile = undefined;
      }
    });
  } else if (!profileNames.includes(profileName)) {
    at('/cut/profile', `profile "${profileName}" is not available in this version of cutter; available: ${profileNames.join(', ')}`);
  } else {
    profile = getProfile(profileName);
  }
  if (!profile) return { problems };
  const levels = profile.rules.map((r) => String(r.level));
  const unit = raw.unit || profile.defaultUnit;
  if (!levels.includes(unit)) {
    at('/cut/unit', `${raw.rules ? 'the rules have' : `profile ${profile.name} has`} no level "${unit}"; use one of: ${levels.join(', ')}`);
  }
  if (problems.length > 0) return { problems };
  return { cut: raw.rules ? { profile: 'custom', unit, rules: raw.rules } : { profile: profileName, unit }, problems };
}

/**
 * Reads and checks a plan file within bounds: at most MAX_PLAN_BYTES are read, whatever the path
 * names (a FIFO, /dev/zero), and the bytes must be UTF-8 YAML text.
 */
export function checkPlanFile(file: string, options: PlanCheckOptions = {}): PlanCheck {
  const fileProblem = (message: string, line = 1, column = 1): PlanCheck =>
    ({ file, problems: [{ file, line, column, pointer: '', message, severity: 'error' }] });
  const read = readPlanBytes(file);
  if ('error' in read) {
    const code = read.error.code;
    return fileProblem(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a plan file' : read.error.message);
  }
  if ('tooBig' in read) return fileProblem(`larger than ${MAX_PLAN_BYTES / 1024 / 1024} MiB: not a plan file (a plan is a few lines of YAML)`);
  const decoded = decodePlanText(read.bytes);
  if (decoded.problem) return fileProblem(decoded.problem.message, decoded.problem.line, decoded.problem.column);
  return checkPlanText(file, decoded.text, options);
}

/** Loads a plan or throws a CutterError (`plan_invalid`) listing every problem with its position. */
export function loadPlan(file: string): Plan {
  const loaded = loadAnyPlan(file);
  if (loaded.kind === 'batch') {
    throw new CutterError('plan_is_batch', `${file} is a batch plan (documents:); this command takes a plan of one document`, {
      hint: 'cutter plan, apply and validate take batch plans',
    });
  }
  return loaded.plan;
}

/** A plan of one document or a batch plan, as the file says. */
export type LoadedPlan = { readonly kind: 'document'; readonly plan: Plan } | { readonly kind: 'batch'; readonly batch: BatchPlan };

/** Loads a plan of either form or throws `plan_invalid` listing every problem with its position. */
export function loadAnyPlan(file: string): LoadedPlan {
  const check = checkPlanFile(file);
  if (check.batch) return { kind: 'batch', batch: check.batch };
  if (!check.plan) {
    throw new CutterError('plan_invalid', `${file} is not a valid plan:\n${check.problems.map(formatProblem).join('\n')}`, {
      hint: `fix the problems above, then run: cutter validate ${file}`,
      details: { problems: check.problems },
    });
  }
  return { kind: 'document', plan: check.plan };
}
