import { createRequire } from 'node:module';

interface RecheckDiagnostics {
  readonly status: 'safe' | 'vulnerable' | 'unknown';
  readonly complexity?: { readonly type: string; readonly summary?: string };
  readonly attack?: { readonly pattern: string };
  /** The parts of the pattern that backtrack, as offsets into it. */
  readonly hotspot?: readonly { readonly start: number; readonly end: number; readonly temperature: string }[];
  readonly error?: { readonly kind: string; readonly message?: string };
}

type CheckSync = (source: string, flags: string, params?: { timeout?: number | null; checker?: 'auto' | 'fuzz' | 'automaton' }) => RecheckDiagnostics;

let checkSync: CheckSync | undefined;

/**
 * recheck (automata-based ReDoS checker) is loaded on first use only: it costs ~70 ms to load and
 * only plans with custom rules need it. Its pure-JavaScript backend runs in this process: no
 * worker, no native binary spawned, the same answer on every platform.
 */
function recheck(): CheckSync {
  checkSync ??= (createRequire(import.meta.url)('recheck') as { checkSync: CheckSync }).checkSync;
  return checkSync;
}

/**
 * Why a custom rule's pattern could take super-linear time on some line, or undefined when it
 * is proven linear or cannot be decided. Only recheck's automaton checker is used: it decides
 * by the pattern's structure, bounded by sizes rather than by the clock, so the answer does not
 * depend on how busy the machine is (the fuzzing checker's does). It cannot decide patterns with
 * look-arounds or back-references: those pass here, and matching itself runs under a time limit
 * (src/orchestrator/bounded-cut.ts). `timeoutMs` is only a safety net.
 */
export function superLinearBacktracking(pattern: string, flags: string, timeoutMs = 5_000): string | undefined {
  const previous = process.env['RECHECK_SYNC_BACKEND'];
  process.env['RECHECK_SYNC_BACKEND'] = 'pure';
  let result: RecheckDiagnostics;
  try {
    // recheck takes whole milliseconds.
    result = recheck()(pattern, flags, { checker: 'automaton', timeout: Math.max(1, Math.round(timeoutMs)) });
  } catch {
    // The checker failing on a pattern (one it cannot parse) decides nothing; the time limit holds.
    return undefined;
  } finally {
    if (previous === undefined) delete process.env['RECHECK_SYNC_BACKEND'];
    else process.env['RECHECK_SYNC_BACKEND'] = previous;
  }
  if (result.status !== 'vulnerable') return undefined;
  const growth = result.complexity?.type === 'exponential' ? 'exponential' : 'polynomial';
  const parts = (result.hotspot ?? []).filter((h) => h.temperature === 'heat').map((h) => JSON.stringify(pattern.slice(h.start, h.end)));
  const where = parts.length > 0 ? `${parts.join(' and ')} can match the same text in more than one way` : 'part of it can match the same text in more than one way';
  return `can take ${growth} time on some lines: ${where}; rewrite it so that each character can match in only one way`;
}
