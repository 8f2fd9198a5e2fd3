import { describe, expect, it } from 'vitest';
import { diffUnits } from '../../src/diff/diff-units.js';
import { renderGateTerminal } from '../../src/render/terminal.js';
import { law, articleTexts } from '../diff/units.js';
import { everyKind, storm, view } from './fixtures.js';

const ESC = '\u001b[';

describe('terminal renderer', () => {
  it('shows the summary first, then one line per unit with + ~ → -, and word changes under a change', () => {
    const text = renderGateTerminal(view(everyKind()), { color: false });
    expect(text).toMatchInlineSnapshot(`
      "SG_1  ICX-CONST  (KB-6839 rev 7, profile vn-legal, dryrun)
      fingerprint sha256:3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a
      Plan: 2 to add, 1 to change, 1 renumbered, 1 to retire, 1 unchanged.

        ~ ICX-CONST-D44-K2  Điều 44, khoản 2
            2. Công ty phải lưu giữ {+và công bố +}sổ đăng ký cổ đông.
        + ICX-CONST-D45     Điều 45. Nghĩa vụ bảo mật thông tin
        → ICX-CONST-D46  ←  ICX-CONST-D45   (renumbered, 100% same text)
        - ICX-CONST-D99-K3  (no longer in the source)
        + ICX-CONST-D219    Điều 219. Hiệu lực thi hành
      "
    `);
    const lines = text.split('\n');
    expect(lines[2]).toBe('Plan: 2 to add, 1 to change, 1 renumbered, 1 to retire, 1 unchanged.');
    expect(text).toContain('{+và công bố +}');
    expect(text).not.toContain(ESC);
  });

  it('colours only when asked, marking removed and added words without brackets', () => {
    const text = renderGateTerminal(view(everyKind()), { color: true });
    expect(text).toContain(`${ESC}32m`);
    expect(text).not.toContain('{+');
  });

  it('folds a run of renumbers into one line in compact mode and lists each with --detail', () => {
    const compact = renderGateTerminal(view(storm(200)), { color: false });
    expect(compact).toContain('Plan: 1 to add, 0 to change, 200 renumbered, 0 to retire, 0 unchanged.');
    expect(compact).toContain('  → ICX-CONST-D2 … ICX-CONST-D200  ←  ICX-CONST-D1 … ICX-CONST-D199   (199 renumbered, 100% same text; --detail lists each)');
    expect(compact).toMatch(/→ ICX-CONST-D201 {2}← {2}ICX-CONST-D200 {3}\(renumbered, 9\d% same text\)\n {6}.*\{\+ Sửa đổi\.\+\}/);
    expect(compact.split('\n').length).toBeLessThan(10);
    const detail = renderGateTerminal(view(storm(200)), { color: false, detail: true });
    expect(detail.match(/^ {2}→ /gm)).toHaveLength(200);
  });

  it('shows unchanged units only with --detail, and a moved one always', () => {
    const texts = articleTexts(4);
    const a = law(texts);
    const moved = [a[0]!, a[2]!, a[1]!, a[3]!].map((u, i) => ({ ...u, ordinal: i + 1 }));
    const text = renderGateTerminal(view(diffUnits(a, moved)), { color: false });
    expect(text).toContain('unchanged; 1 moved.');
    expect(text).toMatch(/^ {2}↕ LAW-D3 +Điều 3 {3}\(moved, text unchanged\)$/m);
    expect(text).not.toMatch(/^ {4}LAW-D1 /m);
    expect(renderGateTerminal(view(diffUnits(a, moved)), { color: false, detail: true })).toMatch(/^ {4}LAW-D1 /m);
  });

  it('says so when there is nothing to do', () => {
    const a = law(articleTexts(3));
    expect(renderGateTerminal(view(diffUnits(a, a)), { color: false })).toContain('No changes: the hub already holds these units.');
  });
});
