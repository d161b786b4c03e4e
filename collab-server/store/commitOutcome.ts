// A COMMIT whose connection broke (PgDb's 08007): PostgreSQL may or may not have committed. The caller must not
// take it for a rollback; it reads something the transaction wrote, on a new connection, and goes by that.
// SQLite never throws it: its commit is in-process.
import { PgError } from './pg/PgDb.ts';

/** The connection broke during COMMIT: the transaction may or may not have committed. */
export function commitOutcomeUnknown(e: unknown): boolean {
  return e instanceof PgError && e.sqlState === '08007';
}

/**
 * Reads after a COMMIT of unknown outcome. The adapter connects again after the failed statement, so the first
 * read may still meet the dead connection: one retry. Undefined when the store still cannot answer.
 */
export function readAfterBrokenCommit<T>(read: () => T): T | undefined {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return read();
    } catch {
      // the first statement after the break may meet the dead connection; the adapter connects again
    }
  }
  return undefined;
}
