import { phaseNumber, type PhaseName } from './run-state.js';

/** Where a phase's result is kept beside the run state. */
export const artifactName = (phase: PhaseName): string => `phases/${String(phaseNumber(phase)).padStart(2, '0')}-${phase}`;
