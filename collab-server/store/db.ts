// The collab-server's store: one connection per process, synchronous by design (a command is one SQL
// transaction while the in-memory Y.Doc is mutated, so nothing awaits between the doc and the commit).
// Two engines behind one structural type: the embedded SQLite file (the default: better-sqlite3's Database is
// itself a ServerDb) or PostgreSQL (`COUNCIL_DATABASE_URL`, store/pg/PgDb.ts). The rest of the server asks
// `db.dialect` only where one query cannot be written for both.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runMigrations } from '../../common/sql/migrate.ts';
import { SERVER_MIGRATIONS } from './migrations.ts';
import { openPgForReading, openPgStore } from './pg/openPg.ts';
import { testDatabaseUrl } from './pg/testDatabases.ts';
import type { ServerDb } from './serverDb.ts';
import { all, run, sql } from './sql.ts';

export const SERVER_DB_FILE = 'council-server.sqlite';

export { SERVER_MIGRATIONS };

export type { ServerDb, ServerStatement, SqlDialect } from './serverDb.ts';

/** A better-sqlite3 connection that is a ServerDb too (what openServerDb gives). */
export type SqliteServerDb = Database.Database & { readonly dialect: 'sqlite' };

/** The better-sqlite3 handle behind a SQLite store (pragmas, VACUUM); undefined on PostgreSQL. */
export function sqliteOf(db: ServerDb): Database.Database | undefined {
  return db.dialect === 'sqlite' ? (db as unknown as Database.Database) : undefined;
}

/** Marks a better-sqlite3 connection as a ServerDb (tests that open their own file use it too). */
export function asServerDb(db: Database.Database): SqliteServerDb {
  if (!('dialect' in db)) Object.defineProperty(db, 'dialect', { value: 'sqlite', enumerable: false });
  return db as SqliteServerDb;
}

/** `<dataDir>/council-server.sqlite`, migrated. */
export function openServerDb(dataDir: string): SqliteServerDb {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, SERVER_DB_FILE));
  try {
    db.pragma('journal_mode = WAL');
    // Keys, votes and the audit log live here: an acknowledged write must survive a power cut (rule 7).
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    runMigrations(db, SERVER_MIGRATIONS);
    return asServerDb(db);
  } catch (e) {
    db.close();
    throw e;
  }
}

export interface StoreOptions {
  readonly dataDir: string;
  /** A PostgreSQL URL (postgres://…) or libpq conninfo; absent: the SQLite file in dataDir. */
  readonly databaseUrl?: string;
}

/** The store `council serve` runs on: PostgreSQL when a URL is given, else the SQLite file. */
export function openServerStore(opts: StoreOptions): ServerDb {
  const url = opts.databaseUrl || testDatabaseUrl(opts.dataDir);
  if (!url) return openServerDb(opts.dataDir);
  // The folder still holds this instance's own files (audit-key, tls/, chunks/ unless --chunks), as with SQLite.
  fs.mkdirSync(opts.dataDir, { recursive: true });
  return openPgStore(url);
}

/**
 * The store opened to read only (`council audit verify`): nothing is migrated or written; undefined when there is
 * no store yet (no SQLite file, or a PostgreSQL database no server has migrated).
 */
export function openServerStoreForReading(opts: StoreOptions): ServerDb | undefined {
  const url = opts.databaseUrl || testDatabaseUrl(opts.dataDir);
  if (url) return openPgForReading(url);
  const file = path.join(path.resolve(opts.dataDir), SERVER_DB_FILE);
  if (!fs.existsSync(file)) return undefined;
  return asServerDb(new Database(file, { readonly: true, fileMustExist: true }));
}

/**
 * Serialises the meeting's writers across server instances that share one PostgreSQL (held until the current
 * transaction ends); a no-op on SQLite, where one process owns the file.
 */
export function lockMeeting(db: ServerDb, meetingId: string): void {
  if (db.dialect === 'postgres') run(db, sql`SELECT pg_advisory_xact_lock(hashtext(${meetingId}))`);
}

/**
 * Locks several meetings in one transaction. The lock is keyed by hashtext(id), a 32-bit hash: two ids may share
 * a key (the same lock), and ids sorted as text are not their keys sorted. So the keys are computed and sorted in
 * SQL and each distinct key is locked once, in key order: two groups over overlapping meetings then take their
 * common locks in the same order and cannot deadlock. A no-op on SQLite.
 */
export function lockMeetings(db: ServerDb, meetingIds: readonly string[]): void {
  if (db.dialect !== 'postgres' || meetingIds.length === 0) return;
  const keys = all<{ k: number }>(db, sql`SELECT DISTINCT hashtext(x) AS k FROM unnest(${pgTextArray(meetingIds)}::text[]) AS x ORDER BY k`);
  for (const { k } of keys) run(db, sql`SELECT pg_advisory_xact_lock(${k}::bigint)`);
}

/** A PostgreSQL array literal of texts, every element quoted (backslash and double quote escaped). */
function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
