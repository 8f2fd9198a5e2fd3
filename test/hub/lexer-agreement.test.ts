import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, type TestHub } from '../support/hubs.js';

/**
 * The guard is only as good as its lexer's agreement with the server's: wherever the two read a
 * quote or a comment differently, code can hide from the guard. So for arbitrary text in each
 * kind of quoting, the guard must accept the statement and the server must hand back exactly
 * that text. Built from the characters that matter to lexing (quotes, backslash, dollar, colon,
 * comment marks, CR, NBSP, E, U, &) and any other character besides.
 */
const tricky = fc.constantFrom("'", '"', '\\', '$', 'q', ';', '-', '*', '/', '\r', '\n', ' ', '\u00A0', 'E', 'U', '&', ':', 'x', 'é', '(', ')');
const text = fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 40 })
  .filter((s) => !s.includes('\0'));

const RUNS = { numRuns: 60 };

await describeEachEngine('the lexer and the server agree', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await engine.open('lexer');
  });
  afterAll(async () => hub?.close());

  const value = async (sql: string): Promise<unknown> => (await hub.select(sql, { p: 'param' }))[0]!['v'];

  it("on '…' strings", async () => {
    await fc.assert(fc.asyncProperty(text, async (s) => {
      expect(await value(`SELECT '${s.replaceAll("'", "''")}' AS v, :p AS p`)).toBe(s);
    }), RUNS);
  });

  it("on E'…' strings", async () => {
    await fc.assert(fc.asyncProperty(text, async (s) => {
      expect(await value(`SELECT E'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}' AS v, :p AS p`)).toBe(s);
    }), RUNS);
  });

  it('on $q$…$q$ bodies', async () => {
    await fc.assert(fc.asyncProperty(text.filter((s) => `${s}$q$`.indexOf('$q$') === s.length), async (s) => {
      expect(await value(`SELECT $q$${s}$q$ AS v, :p AS p`)).toBe(s);
    }), RUNS);
  });

  it('on "…" identifiers', async () => {
    const name = text.filter((s) => s.length > 0 && Buffer.byteLength(s) <= 63); // NAMEDATALEN - 1
    await fc.assert(fc.asyncProperty(name, async (s) => {
      const rows = await hub.select(`SELECT 1 AS "${s.replaceAll('"', '""')}", :p AS p`, { p: 'param' });
      expect(Object.keys(rows[0]!)).toContain(s);
    }), RUNS);
  });

  it('on comments: what follows a -- comment line and a /* */ comment is still read', async () => {
    const line = text.filter((s) => !/[\r\n]/u.test(s));
    const block = text.filter((s) => !s.includes('/*') && !s.includes('*/') && !s.endsWith('/') && !s.startsWith('*'));
    await fc.assert(fc.asyncProperty(line, block, async (l, b) => {
      const rows = await hub.select(`SELECT 1 AS v -- ${l}\n, /* ${b} */ 2 AS w, :p AS p`, { p: 'param' });
      expect(rows[0]).toEqual({ v: 1, w: 2, p: 'param' });
    }), RUNS);
  });
});
