/** One result row, column name to value. */
export type Row = Record<string, unknown>;

/**
 * The only thing discovery may do to a hub: run one read-only SELECT with `:named` parameters.
 * Implementations (hub/pg-select.ts, hub/pglite-select.ts) refuse anything else before sending
 * it and run it inside a READ ONLY transaction, so a write is refused twice.
 */
export type Select = (sql: string, params: Readonly<Record<string, unknown>>) => Promise<Row[]>;

/**
 * The names of the columns a read-only SELECT returns, learnt without reading its rows, so a
 * source's queries can be checked at start-up even against an empty hub.
 */
export type SelectColumns = (sql: string, params: Readonly<Record<string, unknown>>) => Promise<string[]>;
