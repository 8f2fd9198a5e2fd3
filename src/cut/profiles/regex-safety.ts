import { createRequire } from 'node:module';

interface RecheckDiagnostics {
  readonly status: 'safe' | 'vulnerable' | 'unknown';
  readonly complexity?: { readonly type: string; readonly summary?: string };
  readonly attack?: { readonly pattern: string };
  readonly error?: { readonly kind: string; readonly message?: string };
}

type CheckSync = (source: string, flags: string, params?: { timeout?: number }) => RecheckDiagnostics;

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
 * is proven linear. A pattern the checker cannot decide within `timeoutMs` passes here:
 * matching itself runs under a time limit (src/orchestrator/bounded-cut.ts).
 */
export function superLinearBacktracking(pattern: string, flags: string, timeoutMs = 500): string | undefined {
  const previous = process.env['RECHECK_SYNC_BACKEND'];
  process.env['RECHECK_SYNC_BACKEND'] = 'pure';
  let result: RecheckDiagnostics;
  try {
    // recheck takes whole milliseconds.
    result = recheck()(pattern, flags, { timeout: Math.max(1, Math.round(timeoutMs)) });
  } catch {
    // The checker failing on a pattern (one it cannot parse) decides nothing; the time limit holds.
    return undefined;
  } finally {
    if (previous === undefined) delete process.env['RECHECK_SYNC_BACKEND'];
    else process.env['RECHECK_SYNC_BACKEND'] = previous;
  }
  if (result.status !== 'vulnerable') return undefined;
  const growth = result.complexity?.type === 'exponential' ? 'exponential' : 'polynomial';
  const attack = result.attack ? ` (e.g. on ${result.attack.pattern})` : '';
  return `can take ${growth} time on some lines${attack}: part of it can match the same text in more than one way; rewrite it so that each character can match in only one way`;
}
