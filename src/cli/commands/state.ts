import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CutterError } from '../../errors.js';
import type { Config } from '../../plan/config.js';
import { importRuns } from '../../state/import-runs.js';
import { openPostgresStateStore } from '../../state/open-state-store.js';
import type { PostgresStateStore } from '../../state/postgres/postgres-state-store.js';
import { config, EXIT, out, printJson, type CliContext } from '../context.js';
import { whoIsRunning } from '../state-session.js';

export function register(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  const state = program
    .command('state')
    .description('manage the shared state store (state: kind postgres in cutter.config.yaml)');
  state
    .command('migrate')
    .description("create or upgrade the state store's tables (cutter also does this on its first write)")
    .option('--json', 'print what was done as JSON on stdout')
    .addHelpText('after', '\nExample:\n  $ CUTTER_STATE_URL=postgres://cutter@db:5432/cutter cutter state migrate')
    .action((opts: { json?: boolean }) =>
      run(async (ctx) => {
        const cfg = config(ctx);
        if (cfg.state.kind === 'files') {
          if (opts.json) printJson(ctx, { format_version: 1, store: 'files', applied: [] });
          else out(ctx, `The state store is the folder ${cfg.state.dir}: it has no schema to migrate.`);
          return EXIT.ok;
        }
        return withPostgres(ctx, cfg, async (store) => {
          const report = await store.migrate();
          if (opts.json) printJson(ctx, { format_version: 1, store: store.description, ...report });
          else if (report.applied.length === 0) out(ctx, `${store.description} is up to date (schema version ${report.to}).`);
          else out(ctx, [`${store.description}: schema version ${report.from} -> ${report.to}`, ...report.applied.map((m) => `  applied ${m.version}: ${m.description}`)].join('\n'));
          return EXIT.ok;
        });
      }),
    );
  state
    .command('import')
    .description('copy the runs of a local state folder into the shared state store (each run with its results, journal and approvals; runs already there are left alone)')
    .argument('<dir>', 'the local state folder, usually .cutter')
    .option('--json', 'print what was copied as JSON on stdout')
    .addHelpText('after', [
      '', 'Example:', '  $ cutter state import .cutter',
      '', 'Exit codes: 0 every run copied or already there, 4 some runs refused (an active run on the same document, an approval id used by another run), 1 error.',
    ].join('\n'))
    .action((dir: string, opts: { json?: boolean }) =>
      run(async (ctx) => {
        const cfg = config(ctx);
        if (cfg.state.kind === 'files') {
          throw new CutterError('state_not_shared', 'cutter state import copies runs into a PostgreSQL state store, but this project keeps its state in files', {
            hint: 'set state: {kind: postgres, urlEnv: CUTTER_STATE_URL, schema: cutter} in cutter.config.yaml first',
          });
        }
        return withPostgres(ctx, cfg, async (store) => {
          const report = await importRuns(resolve(ctx.cwd, dir), store);
          if (opts.json) {
            printJson(ctx, { format_version: 1, store: store.description, ...report });
          } else {
            const lines = [`Into ${store.description}: ${report.imported.length} imported, ${report.present.length} already there, ${report.refused.length} refused.`];
            for (const r of report.imported) lines.push(`  + ${r}`);
            for (const r of report.present) lines.push(`  = ${r}  (already there)`);
            for (const r of report.refused) lines.push(`  ! ${r.runId}  ${r.reason}`);
            out(ctx, lines.join('\n'));
          }
          return report.refused.length === 0 ? EXIT.ok : EXIT.refused;
        });
      }),
    );
}

async function withPostgres(ctx: CliContext, cfg: Config, body: (store: PostgresStateStore) => Promise<number>): Promise<number> {
  if (cfg.state.kind !== 'postgres') throw new Error('withPostgres needs a postgres state store');
  const who = whoIsRunning(ctx.env);
  const store = await openPostgresStateStore(cfg.state, { env: ctx.env, applicationName: `cutter ${who.user}@${who.host}` });
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}
