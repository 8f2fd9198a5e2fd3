import { createRequire } from 'node:module';

/**
 * pg's module, loaded (on first use, so commands that never reach a database do not pay for it)
 * without letting it load Node's fetch. When pg loads it asks whether it runs in a Cloudflare
 * Worker; on Node 20, which has no `navigator`, it asks by constructing a `Response`, and the
 * first touch of the global `Response` makes Node load undici and its WebAssembly HTTP parser:
 * ~8 MiB of memory that stayed for the whole command (about 4 MiB of `cutter plan`'s peak on
 * a 100,000-unit law) and 20-50 ms, for a client that speaks to PostgreSQL over its own socket.
 * `Response` is hidden while pg loads, so the check answers "not a Worker" as it does on
 * Node 21+ (where `navigator` answers it); the load is synchronous, so nothing else runs while
 * it is hidden, and the global is put back as it was (Node's lazy getter, still untouched).
 */
export function loadPg(): typeof import('pg') {
  const response = Object.getOwnPropertyDescriptor(globalThis, 'Response');
  if (response?.configurable) Object.defineProperty(globalThis, 'Response', { value: undefined, configurable: true, writable: true });
  try {
    return createRequire(import.meta.url)('pg') as typeof import('pg');
  } finally {
    if (response?.configurable) Object.defineProperty(globalThis, 'Response', response);
  }
}
