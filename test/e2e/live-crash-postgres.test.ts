import { describe } from 'vitest';
import { pgServer } from '../support/pg.js';
import { LIVE_ENGINES } from '../support/live-hubs.js';
import { killedAndResumed } from './live-crash.suite.js';

const server = await pgServer();

describe.skipIf(!server)('a live run killed by SIGKILL resumes to the same outcome [postgres]', () =>
  killedAndResumed(LIVE_ENGINES.find((e) => e.name === 'postgres')!));
