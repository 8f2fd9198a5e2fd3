import { readFileSync } from 'node:fs';

/**
 * The version of the formats cutter hashes and writes (fingerprints, run state, JSON output).
 * Fingerprints include this, not the package version, so a bug-fix release does not void approvals.
 */
export const FORMAT_VERSION = 1;

/** The package version, for reports and `--version`. */
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
