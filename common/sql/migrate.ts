// Numbered schema steps in PRAGMA user_version (steps of 10); all pending steps run in one transaction;
// a database from the future is refused (STYLE.md rule 6). Used by the server store and the client vault.
//
// Each database has ONE list, in the order the steps were written. The list is checked, not sorted: a step
// appended with a number below the last one would never run on a database already past it, so such a list is
// a programming error and is refused before anything is touched.
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

/** Throws unless the versions are positive multiples of 10, strictly increasing, in the order given. */
export function assertMigrationList(migrations: readonly Migration<never>[]): void {
  let previous = 0;
  for (const m of migrations) {
    if (!Number.isSafeInteger(m.version) || m.version <= 0 || m.version % 10 !== 0) {
      throw new Error(`migration ${m.version}: versions are positive multiples of 10`);
    }
    if (m.version <= previous) {
      throw new Error(`migration ${m.version} comes after ${previous}: append new steps at the end with a higher number`);
    }
    previous = m.version;
  }
}

export function runMigrations<D extends MigratableDb>(db: D, migrations: readonly Migration<D>[]): number {
  assertMigrationList(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > latest) {
    throw new CouncilError('VAULT_FUTURE_SCHEMA', `database schema ${current} is newer than this program (${latest})`);
  }
  if (current !== 0 && !migrations.some((m) => m.version === current)) {
    throw new CouncilError('VAULT_FUTURE_SCHEMA', `database schema ${current} is not a version this program knows`);
  }
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
  return latest;
}
