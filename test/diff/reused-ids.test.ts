import { describe, expect, it } from 'vitest';
import { diffUnits } from '../../src/diff/diff-units.js';
import { reusedIds } from '../../src/diff/reused-ids.js';
import { articleTexts, law, rec } from './units.js';

describe('reusedIds', () => {
  it('after an insertion at the top, every id but the last new one is reused, each held by its old unit', () => {
    const texts = articleTexts(3);
    const before = law(texts);
    const reused = reusedIds(diffUnits(before, law(['Mới.', ...texts])));
    expect([...reused.keys()]).toEqual(['LAW-D1', 'LAW-D2', 'LAW-D3']);
    expect(reused.get('LAW-D2')).toBe(before[1]);
  });

  it('is empty when texts only change in place or move to fresh ids', () => {
    const cs = diffUnits([rec('A', 'một hai ba', 1), rec('B', 'bốn năm sáu', 2)], [rec('A', 'một hai bốn', 1), rec('C', 'bốn năm sáu', 2)]);
    expect(cs.entries.map((e) => e.kind)).toEqual(['change', 'renumber']);
    expect(reusedIds(cs).size).toBe(0);
  });
});
