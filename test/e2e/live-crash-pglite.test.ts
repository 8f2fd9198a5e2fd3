import { describe } from 'vitest';
import { LIVE_ENGINES } from '../support/live-hubs.js';
import { killedAndResumed } from './live-crash.suite.js';

describe('a live run killed by SIGKILL resumes to the same outcome [pglite]', () => killedAndResumed(LIVE_ENGINES.find((e) => e.name === 'pglite')!));
