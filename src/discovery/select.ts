/** One result row, column name to value. */
export type Row = Record<string, unknown>;

/**
 * The only thing discovery may do to a hub: run one read-only SELECT with `:named` parameters.
 * Implementations (hub/pg-select.ts, hub/pglite-select.ts) refuse anything else before sending
 * it and run it inside a READ ONLY transaction, so a write is refused twice.
 */
export type Select = (sql: string, params: Readonly<Record<string, unknown>>) => Promise<Row[]>;
