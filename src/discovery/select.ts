/** One result row, column name to value. */
export type Row = Record<string, unknown>;

/**
 * The only thing discovery may do to a hub: run one read-only SELECT with `:named` parameters.
 * Implementations (hub/pg-select.ts, hub/pglite-select.ts) refuse anything else before sending
 * it and run it inside a READ ONLY transaction, so a write is refused twice.
 */
export type Select = ((sql: string, params: Readonly<Record<string, unknown>>) => Promise<Row[]>) & {
  /**
   * The same, giving each row to `each` as it arrives instead of gathering them all first, for a
   * driver that can (pg; hub/pg-select.ts). An error `each` throws fails the statement's
   * promise once the statement has ended; no row is given after it. Discovery reads a large
   * law's unit keys this way: gathered, a page of 20,000 rows was ~8 MB of short-lived row
   * objects and strings, live at whichever full collection fell while it was read, and the heap
   * of the rest of the plan was sized from that.
   */
  readonly each?: (sql: string, params: Readonly<Record<string, unknown>>, each: (row: Row) => void) => Promise<void>;
};

/**
 * The names of the columns a read-only SELECT returns, learnt without reading its rows, so a
 * source's queries can be checked at start-up even against an empty hub.
 */
export type SelectColumns = (sql: string, params: Readonly<Record<string, unknown>>) => Promise<string[]>;
