/** How far either side of where it expects an id `idFinder` looks before it makes a map of every id. */
const NEAR = 8;

/**
 * The index of an item with a given id. Callers ask about the units of one list (hub units, the
 * cut's units) in the order of another that is nearly always the same document order, so the
 * item is looked for just after the last one found, then a few places either side (units
 * inserted or removed); only an id found nowhere near makes the map of every id (at 100,000 units
 * ~6 MB and ~30 ms, which packing results and verifying made on every run before).
 * Where ids repeat, any item with the id may be given: callers compare the item they get.
 */
export function idFinder<T>(items: readonly T[], idOf: (item: T) => string): (id: string) => number | undefined {
  let next = 0;
  let byId: Map<string, number> | undefined;
  const is = (i: number, id: string): boolean => i >= 0 && i < items.length && idOf(items[i]!) === id;
  return (id) => {
    let found: number | undefined;
    for (let d = 0; d <= NEAR && found === undefined; d++) {
      if (is(next + d, id)) found = next + d;
      else if (d > 0 && is(next - d, id)) found = next - d;
    }
    if (found === undefined) {
      if (byId === undefined) {
        byId = new Map();
        for (let i = 0; i < items.length; i++) byId.set(idOf(items[i]!), i);
      }
      found = byId.get(id);
    }
    if (found !== undefined) next = found + 1;
    return found;
  };
}

/** `idFinder` giving the item itself (undefined when no item has the id). */
export function itemFinder<T>(items: readonly T[], idOf: (item: T) => string): (id: string) => T | undefined {
  const find = idFinder(items, idOf);
  return (id) => {
    const i = find(id);
    return i === undefined ? undefined : items[i];
  };
}
