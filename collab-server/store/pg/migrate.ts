// The PostgreSQL migration runner: what common/sql/migrate.ts does for SQLite, with the version in a
// schema_migrations table (one row per step applied) instead of PRAGMA user_version. All pending steps run in
// ONE transaction (PostgreSQL's DDL is transactional too), under an advisory lock, so instances that start
// together migrate once; a database from the future, or at a version this program does not know, is refused.
import { assertMigrationList } from '../../../common/sql/migrate.ts';
import { CouncilError } from '../../../common/result.ts';
import type { PgMigration } from '../pgMigrations.ts';
import type { ServerDb } from '../serverDb.ts';
import { get, run, sql } from '../sql.ts';

/** The advisory lock key of the migration (any constant; meeting locks use hashtext of their id). */
const MIGRATION_LOCK = 4_242_001;

/** The schema version recorded in the database (0 for an empty one). */
export function pgSchemaVersion(db: ServerDb): number {
  const exists = get<{ n: number }>(db, sql`SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'`);
  if (!exists || exists.n === 0) return 0;
  return get<{ v: number | null }>(db, sql`SELECT MAX(version) AS v FROM schema_migrations`)?.v ?? 0;
}

export function runPgMigrations(db: ServerDb, migrations: readonly PgMigration[]): number {
  assertMigrationList(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  return db.transaction((): number => {
    run(db, sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)');
    const current = pgSchemaVersion(db);
    if (current > latest) {
      throw new CouncilError('VAULT_FUTURE_SCHEMA', `database schema ${current} is newer than this program (${latest})`);
    }
    if (current !== 0 && !migrations.some((m) => m.version === current)) {
      throw new CouncilError('VAULT_FUTURE_SCHEMA', `database schema ${current} is not a version this program knows`);
    }
    for (const m of migrations.filter((x) => x.version > current)) {
      m.up(db);
      run(db, sql`INSERT INTO schema_migrations (version, applied_at) VALUES (${m.version}, ${new Date().toISOString()})`);
    }
    return latest;
  })();
}
