// Runs benchmarks, each in a process of its own (a fresh heap per benchmark), and fails when one
// of them fails. With no argument: targets.bench.mjs, the one table of issue 14's targets (what
// `npm run bench` prints). `node bench/run.js cut diff` runs those; `node bench/run.js all` every one.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const asked = process.argv.slice(2);
const only = asked.length === 0 ? ['targets'] : asked.includes('all') ? [] : asked;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(`${name}.`)))
  .sort();

const failed = [];
for (const file of files) {
  console.log(`\n=== ${file}`);
  const r = spawnSync(process.execPath, [join(dir, file)], { stdio: 'inherit' });
  if (r.status !== 0) failed.push(file);
}
if (files.length === 0) {
  // A mistyped name must not pass as a run that measured nothing.
  console.error(`no benchmark matched: ${asked.join(' ')} (the names are the bench/*.bench.mjs files, or all)`);
  process.exitCode = 1;
}
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
