import { describe, expect, it } from 'vitest';
import { diffUnits } from '../../src/diff/diff-units.js';
import { explainStale, sameChanges } from '../../src/diff/stale.js';
import { renderStaleMarkdown, renderStaleTerminal } from '../../src/render/stale.js';
import { rec } from './units.js';

const hub = [
  rec('X-D1', 'Điều 1. Phạm vi điều chỉnh.\n', 1),
  rec('X-D2', 'Điều 2. Cổ đông họp mỗi năm một lần.\n', 2),
  rec('X-D3', 'Điều 3. Điều khoản chuyển tiếp.\n', 3),
];
const source = [
  rec('X-D1', 'Điều 1. Phạm vi điều chỉnh.\n', 1),
  rec('X-D2', 'Điều 2. Cổ đông họp mỗi năm hai lần.\n', 2),
];
const approved = diffUnits(hub, source);

describe('explainStale', () => {
  it('finds nothing when the changeset is the same', () => {
    expect(sameChanges(explainStale(approved, diffUnits(hub, source)))).toBe(true);
  });

  it('names a unit whose new text differs from the approved one', () => {
    const edited = [source[0]!, rec('X-D2', 'Điều 2. Cổ đông họp mỗi năm ba lần.\n', 2)];
    const delta = explainStale(approved, diffUnits(hub, edited));
    expect(delta.entries.map((d) => [d.id, d.reasons])).toEqual([['X-D2', ['source-text']]]);
  });

  it('names a unit the hub changed under the approval, and what became of it', () => {
    const changedHub = [hub[0]!, rec('X-D2', 'Điều 2. Cổ đông họp mỗi năm hai lần.\n', 2), hub[2]!];
    const delta = explainStale(approved, diffUnits(changedHub, source));
    expect(delta.entries.map((d) => [d.id, d.reasons])).toEqual([['X-D2', ['kind', 'hub-text']]]);
    expect(delta.current.change).toBe(0);
  });

  it('lists units new since approval and units no longer planned', () => {
    const delta = explainStale(approved, diffUnits(hub.slice(0, 2), [...source, rec('X-D4', 'Điều 4. Hiệu lực.\n', 3)]));
    expect(delta.entries.map((d) => [d.id, d.reasons])).toEqual([['X-D4', ['new']], ['X-D3', ['dropped']]]);
  });

  it('renders the diff of diffs with the words that changed', () => {
    const changedHub = [hub[0]!, rec('X-D2', 'Điều 2. Cổ đông họp mỗi quý một lần.\n', 2), hub[2]!];
    const edited = [source[0]!, rec('X-D2', 'Điều 2. Cổ đông họp mỗi năm ba lần.\n', 2), rec('X-D4', 'Điều 4. Hiệu lực.\n', 3)];
    const delta = explainStale(approved, diffUnits(changedHub, edited));
    const text = renderStaleTerminal(delta, { gate: 'SG_1', color: false, drift: ['document KB-1 revision 7 → 8'] });
    expect(text).toMatchInlineSnapshot(`
      "Why the SG_1 approval no longer holds:
        document KB-1 revision 7 → 8
        approved: Plan: 0 to add, 1 to change, 0 renumbered, 1 to retire, 1 unchanged.
        now:      Plan: 1 to add, 1 to change, 0 renumbered, 1 to retire, 1 unchanged.

        ~ X-D2   the source text differs from the approved one; the hub's text changed since approval
            source: Điều 2. Cổ đông họp mỗi năm [-hai-]{+ba+} lần.
            hub:    Điều 2. Cổ đông họp mỗi [-năm-]{+quý+} một lần.
        + X-D4   new since approval: add
      "
    `);
    expect(text).toContain('source: Điều 2. Cổ đông họp mỗi năm [-hai-]{+ba+} lần.');
    const md = renderStaleMarkdown(delta, { gate: 'SG_1' });
    expect(md).toContain('<summary>~ <code>X-D2</code>');
    expect(md).toContain('- Điều 2. Cổ đông họp mỗi năm hai lần.\n+ Điều 2. Cổ đông họp mỗi năm ba lần.');
    expect(md).toContain('- + <code>X-D4</code> new since approval: add');
  });
});
