import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { getProfile, profileNames } from '../../cut/profiles/index.js';
import { diffDocuments } from '../../diff/diff-documents.js';
import { CutterError } from '../../errors.js';
import { documentDiffJson, renderDocumentDiffMarkdown, renderDocumentDiffTerminal } from '../../render/document-diff.js';
import { isEmpty } from '../../diff/changeset.js';
import { EXIT, out, printJson, useColor, type CliContext } from '../context.js';
import { formatOption, type Format } from '../format.js';

interface DiffFlags {
  profile: string;
  prefix: string;
  unit?: string;
  format: Format;
  detail?: boolean;
  json?: boolean;
}

export function register(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command('diff')
    .description('compare two revisions of a document, cut the same way, with no hub: what a plan would show as adds, changes, renumbers and retirements')
    .argument('<old>', 'the earlier revision (Markdown)')
    .argument('<new>', 'the later revision (Markdown)')
    .requiredOption('--profile <profile>', `cut profile: ${profileNames.join(', ')}`)
    .requiredOption('--prefix <prefix>', 'unit id prefix, e.g. ICX-CONST')
    .option('--unit <level>', "finest level that becomes a unit (default: the profile's)")
    .addOption(formatOption())
    .option('--detail', 'list unchanged units and every renumber, with whole changed lines')
    .option('--json', 'print the diff as JSON on stdout (the same as --format json)')
    .addHelpText('after', [
      '', 'Examples:',
      '  $ cutter diff constitution.rev6.md constitution.md --profile vn-legal --prefix ICX-CONST',
      '  $ cutter diff old.md new.md --profile vn-legal --prefix ICX-CONST --format markdown > diff.md',
      '', 'Exit codes: 0 no changes, 2 changes, 1 error (a file cannot be read, unknown profile or level).',
    ].join('\n'))
    .action((oldFile: string, newFile: string, flags: DiffFlags) =>
      run(async (ctx) => {
        const profile = known(() => getProfile(flags.profile), 'unknown_profile', `choose one of: ${profileNames.join(', ')}`);
        const result = known(
          () => diffDocuments(read(oldFile), read(newFile), { profile, prefix: flags.prefix, unit: flags.unit }),
          'unknown_unit_level',
          `see cutter diff --help; the profile's levels are named in the message`,
        );
        const view = { ...result, oldFile, newFile, profile: flags.profile, prefix: flags.prefix, unit: flags.unit };
        if (flags.json || flags.format === 'json') printJson(ctx, documentDiffJson(view));
        else if (flags.format === 'markdown') out(ctx, renderDocumentDiffMarkdown(view));
        else out(ctx, renderDocumentDiffTerminal(view, { color: useColor(ctx), detail: flags.detail ?? false }));
        return isEmpty(result.changeset) ? EXIT.ok : EXIT.changes;
      }),
    );
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new CutterError('file_unreadable', `cannot read ${file}: ${(e as Error).message}`, { hint: 'check the path', cause: e });
  }
}

/** The cut signals a bad profile or level with a RangeError: that is the user's input, not a bug. */
function known<T>(f: () => T, code: string, hint: string): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError) throw new CutterError(code, e.message, { hint, cause: e });
    throw e;
  }
}
