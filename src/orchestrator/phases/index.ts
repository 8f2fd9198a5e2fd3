import type { Phase } from '../phase.js';
import type { PhaseName } from '../run-state.js';
import { closeout } from './closeout.js';
import { diff } from './diff.js';
import { discover } from './discover.js';
import { execute } from './execute.js';
import { identify } from './identify.js';
import { preflight } from './preflight.js';
import { rebase } from './rebase.js';
import { segment } from './segment.js';
import { snapshot } from './snapshot.js';
import { validate } from './validate.js';
import { verify } from './verify.js';

/** Every phase by name; the order is PHASES in run-state.ts. */
export const PHASE_MODULES: Readonly<Record<PhaseName, Phase>> = {
  preflight, discover, snapshot, segment, identify, validate, diff, rebase, execute, verify, closeout,
};
