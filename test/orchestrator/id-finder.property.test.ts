import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idFinder } from '../../src/orchestrator/id-finder.js';

describe('idFinder (position first, then a map of every id)', () => {
  it('finds an item with the id whenever one has it, in any order of asking', () => {
    // Few distinct ids, so that lists repeat them and questions hit and miss.
    const id = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l');
    fc.assert(fc.property(fc.array(id, { maxLength: 40 }), fc.array(id, { maxLength: 60 }), (ids, asked) => {
      const items = ids.map((x, i) => ({ x, i }));
      const find = idFinder(items, (item) => item.x);
      for (const q of asked) {
        const i = find(q);
        if (ids.includes(q)) expect(items[i!]?.x).toBe(q);
        else expect(i).toBeUndefined();
      }
    }));
  });

  it('in document order, finds each item where it is (distinct ids, some left out or inserted)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 300 }), fc.array(fc.boolean(), { maxLength: 300 }), (n, skip) => {
      const items = Array.from({ length: n }, (_, i) => `u${i}`);
      const find = idFinder(items, (x) => x);
      for (let i = 0; i < n; i++) {
        if (skip[i]) expect(find(`new${i}`)).toBeUndefined();
        else expect(find(items[i]!)).toBe(i);
      }
    }));
  });
});
