// Numbered schema steps in PRAGMA user_version (steps of 10); all pending steps run in one transaction;
// a database from the future is refused (STYLE.md rule 6). Used by the server store and the client vault.
import { CouncilError } from '../result.ts';

/** The part of a better-sqlite3 Database that migrations need (kept structural so common/ stays pure). */
export interface MigratableDb {
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(source: string): unknown;
  transaction(fn: () => void): () => void;
}

export interface Migration<D extends MigratableDb = MigratableDb> {
  readonly version: number;
  readonly up: (db: D) => void;
}

export function runMigrations<D extends MigratableDb>(db: D, migrations: readonly Migration<D>[]): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  const latest = sorted.at(-1)?.version ?? 0;
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > latest) {
    throw new CouncilError('VAULT_FUTURE_SCHEMA', `database schema ${current} is newer than this program (${latest})`);
  }
  const pending = sorted.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
  return latest;
}
