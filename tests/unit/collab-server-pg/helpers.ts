// The PostgreSQL of these tests: the run's cluster when vitest.pg.config.ts started one, else a cluster of their
// own (so they run in the default suite too), and a fresh schema per call.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { TEST_ADMIN_URL_ENV, testDatabaseUrl } from '../../../collab-server/store/pg/testDatabases.ts';
import { startTestPostgres, type TestPostgres } from '../../support/postgres.ts';

let own: TestPostgres | undefined;
const dirs: string[] = [];

export function usePostgres(): void {
  beforeAll(async () => {
    if (process.env[TEST_ADMIN_URL_ENV]) return;
    own = await startTestPostgres();
    process.env[TEST_ADMIN_URL_ENV] = own.adminUrl;
  });
  afterAll(async () => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    if (!own) return;
    delete process.env[TEST_ADMIN_URL_ENV];
    await own.stop();
    own = undefined;
  });
}

/** A data folder of its own (its test schema is new and empty). */
export function freshDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-pg-test-'));
  dirs.push(dir);
  return dir;
}

/** The URL of a new, empty schema. */
export function freshUrl(): string {
  const url = testDatabaseUrl(freshDataDir());
  if (!url) throw new Error('no test PostgreSQL');
  return url;
}
