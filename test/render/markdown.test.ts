import { describe, expect, it } from 'vitest';
import { diffUnits } from '../../src/diff/diff-units.js';
import { MARKDOWN_CAP, renderGateMarkdown } from '../../src/render/markdown.js';
import { rec } from '../diff/units.js';
import { everyKind, storm, view } from './fixtures.js';

describe('Markdown renderer', () => {
  it('puts the summary table first and one collapsible block per changed unit', () => {
    const md = renderGateMarkdown(view(everyKind()));
    expect(md).toMatchInlineSnapshot(`
      "### cutter SG_1: \`ICX-CONST\` (KB-6839 rev 7)

      **Plan: 2 to add, 1 to change, 1 renumbered, 1 to retire, 1 unchanged.**

      | add | change | renumber | retire | unchanged |
      |---:|---:|---:|---:|---:|
      | 2 | 1 | 1 | 1 | 1 |

      Document: Điều lệ Công ty ICX · profile \`vn-legal\` · unit \`clause\` · mode \`dryrun\`

      Fingerprint: \`sha256:3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a3f9a\`

      <details><summary>✏️ <code>ICX-CONST-D44-K2</code> Điều 44, khoản 2</summary>

      \`\`\`diff
      - 2. Công ty phải lưu giữ sổ đăng ký cổ đông.
      + 2. Công ty phải lưu giữ và công bố sổ đăng ký cổ đông.
      \`\`\`

      </details>

      <details><summary>➕ <code>ICX-CONST-D45</code> Điều 45. Nghĩa vụ bảo mật thông tin</summary>

      \`\`\`diff
      + Điều 45. Nghĩa vụ bảo mật thông tin
      \`\`\`

      </details>

      <details><summary>↪️ <code>ICX-CONST-D46</code> ← <code>ICX-CONST-D45</code> renumbered, 100% same text</summary>

      \`\`\`diff
      - Điều 45. Quyền của cổ đông phổ thông
      + Điều 46. Quyền của cổ đông phổ thông
      \`\`\`

      </details>

      <details><summary>➖ <code>ICX-CONST-D99-K3</code> retired (Điều 99, khoản 3)</summary>

      \`\`\`diff
      - 3. Điều khoản chuyển tiếp áp dụng đến hết năm 2025.
      \`\`\`

      </details>

      <details><summary>➕ <code>ICX-CONST-D219</code> Điều 219. Hiệu lực thi hành</summary>

      \`\`\`diff
      + Điều 219. Hiệu lực thi hành
      \`\`\`

      </details>

      "
    `);
    expect(md.indexOf('| add | change |')).toBeLessThan(md.indexOf('<details>'));
    expect(md.match(/<details>/g)).toHaveLength(5);
    expect(md.match(/<\/details>/g)).toHaveLength(5);
  });

  it('folds a renumber storm into one block and lists the pairs inside', () => {
    const md = renderGateMarkdown(view(storm(1000)));
    expect(md).toContain('<summary>↪️ 999 units renumbered, 100% same text: <code>ICX-CONST-D1</code> … <code>ICX-CONST-D999</code> → <code>ICX-CONST-D2</code> … <code>ICX-CONST-D1000</code></summary>');
    expect(md).toContain('ICX-CONST-D1 → ICX-CONST-D2\n');
    expect(md).toContain('… and 799 more');
    expect(md.match(/<details>/g)).toHaveLength(3);
    expect(md.length).toBeLessThan(20_000);
  });

  it('never exceeds the cap on a huge changeset, and says what was left out and how to see it', () => {
    const n = 3000;
    const long = (i: number, w: string) => `${i}. ${`Nội dung khoản ${i} ${w} `.repeat(12)}\n`;
    const existing = Array.from({ length: n }, (_, i) => rec(`ICX-CONST-D${i + 1}`, long(i, 'cũ'), i + 1));
    const candidate = Array.from({ length: n }, (_, i) => rec(`ICX-CONST-D${i + 1}`, long(i, i % 2 ? 'mới' : 'cũ sửa'), i + 1));
    const md = renderGateMarkdown(view(diffUnits(existing, candidate), { runId: 'r-1', notes: ['Live mode would be refused.'] }));
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_CAP);
    expect(md.length).toBeGreaterThan(MARKDOWN_CAP - 5_000);
    const shown = md.match(/<\/details>/g)!.length;
    expect(md.match(/<details>/g)!.length).toBe(shown);
    expect(md).toContain(`**${n - shown} more changes are not shown here** (${n - shown} change) to keep this under 60,000 characters.`);
    expect(md).toContain('`cutter show r-1 --detail`');
    expect(md).toContain('> **Note:** Live mode would be refused.');
  });

  it('keeps a unit text with backticks inside its fence', () => {
    const md = renderGateMarkdown(view(diffUnits([], [rec('X-D1', 'Điều 1. Dùng ``` để trích dẫn.\n', 1)])));
    expect(md).toContain('````diff\n+ Điều 1. Dùng ``` để trích dẫn.\n````');
  });

  it('escapes HTML in headings shown inside <summary>', () => {
    const md = renderGateMarkdown(view(diffUnits([], [rec('X-D1', 'Điều 1.\n', 1, 'Điều 1. <script>')])));
    expect(md).toContain('<code>X-D1</code> Điều 1. &lt;script&gt;</summary>');
  });
});
