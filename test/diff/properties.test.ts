import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChangeset } from '../../src/diff/apply-changeset.js';
import { isEmpty } from '../../src/diff/changeset.js';
import { diffUnits } from '../../src/diff/diff-units.js';
import { law } from './units.js';

// A small vocabulary so that generated articles often share words or are identical: the cases
// where pairing is ambiguous are the ones worth throwing at the diff.
const word = fc.constantFrom('cổ', 'đông', 'công', 'ty', 'vốn', 'quyền', 'họp', 'điều', 'lệ', '10', 'năm');
const content = fc.array(word, { minLength: 1, maxLength: 10 }).map((ws) => ws.join(' '));
const contents = fc.array(content, { maxLength: 30 });

type Edit =
  | { readonly op: 'insert'; readonly at: number; readonly text: string }
  | { readonly op: 'delete'; readonly at: number }
  | { readonly op: 'edit'; readonly at: number; readonly text: string }
  | { readonly op: 'move'; readonly at: number; readonly to: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: content }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('edit' as const), at: fc.nat(), text: word }),
  fc.record({ op: fc.constant('move' as const), at: fc.nat(), to: fc.nat() }),
);

/** Applies edits to the article texts; the law is then renumbered, as a real one would be. */
function edited(texts: readonly string[], edits: readonly Edit[]): string[] {
  const out = [...texts];
  for (const e of edits) {
    const at = out.length === 0 ? 0 : e.at % out.length;
    if (e.op === 'insert') out.splice(e.at % (out.length + 1), 0, e.text);
    else if (out.length === 0) continue;
    else if (e.op === 'delete') out.splice(at, 1);
    else if (e.op === 'edit') out[at] = `${out[at]} ${e.text}`;
    else out.splice(e.to % out.length, 0, ...out.splice(at, 1));
  }
  return out;
}

describe('diffUnits properties', () => {
  it('diff(a, a) is empty', () => {
    fc.assert(
      fc.property(contents, (texts) => {
        const a = law(texts);
        const cs = diffUnits(a, a);
        expect(isEmpty(cs)).toBe(true);
        expect(cs.summary.unchanged).toBe(a.length);
      }),
    );
  });

  it('apply(a, diff(a, b)) == b, with every unit of a accounted for once', () => {
    fc.assert(
      fc.property(contents, fc.array(edit, { maxLength: 8 }), (texts, edits) => {
        const a = law(texts);
        const b = law(edited(texts, edits));
        expect(applyChangeset(a, diffUnits(a, b))).toEqual(b);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order the existing units arrive in', () => {
    fc.assert(
      fc.property(contents, fc.array(edit, { maxLength: 8 }), fc.nat(), (texts, edits, seed) => {
        const a = law(texts);
        const b = law(edited(texts, edits));
        const rotated = a.length === 0 ? a : [...a.slice(seed % a.length), ...a.slice(0, seed % a.length)].reverse();
        expect(diffUnits(rotated, b)).toEqual(diffUnits(a, b));
      }),
      { numRuns: 200 },
    );
  });

  it('inserting or deleting articles (renumbering the rest) never reads as a change or a move', () => {
    fc.assert(
      fc.property(fc.uniqueArray(content, { maxLength: 30 }), fc.array(edit, { maxLength: 6 }), fc.boolean(), (texts, edits, inserts) => {
        const kept = edits.filter((e) => e.op === (inserts ? 'insert' : 'delete'));
        const after = edited(texts, kept);
        fc.pre(new Set(after).size === after.length);
        const cs = diffUnits(law(texts), law(after));
        expect(cs.summary.change).toBe(0);
        expect(cs.summary.moved).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
