import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { profileFor, type CutSpec } from '../cut/profiles/index.js';
import { segment } from '../cut/segment.js';
import type { SegmentOptions, SegmentResult } from '../cut/unit.js';
import { CutterError } from '../errors.js';

/**
 * How long a cut with custom rules may take: far more than any sound pattern needs (the built-in
 * profiles cut ~100 MB/s), far less than "for ever". A pattern that backtracks
 * catastrophically on some line is stopped here even if it slipped past the check at validation
 * (a run saved by an older cutter, a pattern the checker could not decide).
 */
export function cutTimeLimitMs(text: string): number {
  return 20_000 + Math.ceil(text.length / 1000);
}

// From src/orchestrator (tests) and dist/orchestrator alike, the compiled worker is in dist/.
const WORKER = fileURLToPath(new URL('../../dist/orchestrator/bounded-cut-worker.js', import.meta.url));

/**
 * Cuts `text`. Built-in profiles are cut in this thread (their patterns are ours, and linear);
 * custom rules are cut in a worker thread that is terminated after `timeLimitMs`, ending in a
 * `cut_time_limit` error instead of a hang (a regular expression cannot be interrupted
 * in the thread that runs it).
 */
export async function boundedSegment(
  text: string, cut: CutSpec, options: SegmentOptions, timeLimitMs = cutTimeLimitMs(text),
): Promise<SegmentResult> {
  if (cut.rules === undefined) return segment(text, profileFor(cut), options);
  if (!existsSync(WORKER)) throw new Error(`the cut worker ${WORKER} is missing: run npm run build`);
  // Compile here first, so a bad rule is the same CutterError as without a worker.
  profileFor(cut);
  const worker = new Worker(WORKER, { workerData: { text, cut, options } });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<SegmentResult>((resolve, reject) => {
      timer = setTimeout(() => {
        reject(new CutterError('cut_time_limit', `cutting with the plan's custom rules took longer than ${(timeLimitMs / 1000).toFixed(1)} s and was stopped: a rule's pattern backtracks too much on some line of the document`, {
          hint: 'simplify the pattern so that each character can match in only one way (cutter validate checks every pattern), then start a new run',
          details: { timeLimitMs, patterns: cut.rules!.map((r) => r.pattern) },
        }));
      }, timeLimitMs);
      worker.once('message', (result: SegmentResult) => resolve(result));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the cut worker stopped with code ${code} before answering`)));
    });
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}
