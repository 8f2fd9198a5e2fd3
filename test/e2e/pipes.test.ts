import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO } from '../support/project.js';

it('output piped into a reader that stops early (| head) ends quietly, without an EPIPE crash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutter-pipe-'));
  try {
    const articles = Array.from({ length: 4000 }, (_, i) => `### Điều ${i + 1}. Quy định số ${i + 1}\n\n1. Nội dung.\n\n`).join('');
    writeFileSync(join(dir, 'big.md'), `# Luật\n\n${articles}`);
    const main = join(REPO, 'dist', 'cli', 'main.js');
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${main}" cut big.md --profile vn-legal 2>err.txt | head -n 1; cat err.txt`], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.stdout.split('\n')[0]).toMatch(/PREAMBLE/);
    expect(r.stdout).not.toMatch(/EPIPE|Error/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
