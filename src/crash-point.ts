/**
 * TEST-ONLY crash hooks. With `CUTTER_TEST_KILL_AT=<point>` in the environment the process sends
 * itself SIGKILL at that point of a live execution, so the crash tests can kill a real child process
 * at an exact instant (not throw an error that `finally` blocks would still see). Never set it in
 * use: it exists only so that "a crash anywhere loses nothing" is tested rather than assumed.
 *
 * - `before-transaction`: the intent is journaled, nothing is sent to the hub yet;
 * - `before-commit`: every write and the token are in the open transaction, not committed;
 * - `after-commit`: the transaction committed, the run has not yet recorded the execute phase.
 */
export type CrashPoint = 'before-transaction' | 'before-commit' | 'after-commit';

export const CRASH_POINT_ENV = 'CUTTER_TEST_KILL_AT';

export function crashPoint(point: CrashPoint): void {
  if (process.env[CRASH_POINT_ENV] === point) process.kill(process.pid, 'SIGKILL');
}
