// Opens the PostgreSQL store: one synchronous connection (PgDb), migrated to PG_SERVER_MIGRATIONS.
import { PG_SERVER_MIGRATIONS } from '../pgMigrations.ts';
import type { ServerDb } from '../serverDb.ts';
import { pgSchemaVersion, runPgMigrations } from './migrate.ts';
import { PgDb } from './PgDb.ts';

export function openPgStore(databaseUrl: string): ServerDb {
  const db = new PgDb(databaseUrl);
  try {
    runPgMigrations(db, PG_SERVER_MIGRATIONS);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** A read-only session on the store; undefined when no server has migrated it yet. */
export function openPgForReading(databaseUrl: string): ServerDb | undefined {
  const db = new PgDb(databaseUrl);
  try {
    db.exec('SET default_transaction_read_only = on');
    if (pgSchemaVersion(db) > 0) return db;
  } catch (e) {
    db.close();
    throw e;
  }
  db.close();
  return undefined;
}
