// TEST-ONLY: inert unless COUNCIL_TEST_DATABASE_ADMIN_URL is set (vitest.pg.config.ts sets it, after starting a
// throwaway cluster: tests/support/postgres.ts). Then every data folder gets its own PostgreSQL schema,
// t_<sha256(dataDir) first 16 hex>, created when first used: a test that restarts a server on the same folder
// finds its data, a new folder starts empty — what the SQLite file in the folder gives. A schema rather than a
// database: one per test server, and CREATE SCHEMA costs nothing where CREATE DATABASE copies a template.
import crypto from 'node:crypto';
import path from 'node:path';
import { PgDb, PgError } from './PgDb.ts';

export const TEST_ADMIN_URL_ENV = 'COUNCIL_TEST_DATABASE_ADMIN_URL';

const created = new Set<string>();

/** The schema a data folder's test store lives in. */
export function testSchemaName(dataDir: string): string {
  return `t_${crypto.createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16)}`;
}

/** The admin URL with the folder's schema first on the search path (libpq's `options`). */
export function withSearchPath(adminUrl: string, schema: string): string {
  const url = new URL(adminUrl);
  url.searchParams.set('options', `-csearch_path=${schema}`);
  return url.toString();
}

/** The URL of the folder's test store, creating its schema; undefined outside the PostgreSQL test run. */
export function testDatabaseUrl(dataDir: string): string | undefined {
  const admin = process.env[TEST_ADMIN_URL_ENV];
  if (!admin) return undefined;
  const schema = testSchemaName(dataDir);
  if (!created.has(schema)) {
    const db = new PgDb(admin);
    try {
      db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } catch (e) {
      // Two processes (a test and its server child) creating it at once: the loser's error is harmless.
      if (!(e instanceof PgError && (e.sqlState === '23505' || e.sqlState === '42P06'))) throw e;
    } finally {
      db.close();
    }
    created.add(schema);
  }
  return withSearchPath(admin, schema);
}
