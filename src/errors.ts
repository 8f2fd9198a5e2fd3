/**
 * The one error shape cutter raises on purpose. Only src/cli/program.ts turns these into messages
 * and exit codes; an error that is not a CutterError is a bug and says so.
 */
export interface CutterErrorOptions {
  /** What to do next, in the user's words. */
  readonly hint?: string | undefined;
  /** JSON-safe facts for `--json` and the run state. */
  readonly details?: Readonly<Record<string, unknown>> | undefined;
  readonly cause?: unknown;
  /** 1 for errors (default), 4 for refusals (DESIGN §8). */
  readonly exitCode?: 1 | 4 | undefined;
}

export class CutterError extends Error {
  /** Stable snake_case identifier, e.g. `plan_invalid`, `execution_disabled`. */
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;
  readonly exitCode: 1 | 4;

  constructor(code: string, message: string, options: CutterErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CutterError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? {};
    this.exitCode = options.exitCode ?? 1;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, hint: this.hint, details: this.details };
  }
}

/** A refusal (exit 4): live mode disabled, lock held, approval mismatch, policy gate. */
export function refusal(code: string, message: string, options: Omit<CutterErrorOptions, 'exitCode'> = {}): CutterError {
  return new CutterError(code, message, { ...options, exitCode: 4 });
}
