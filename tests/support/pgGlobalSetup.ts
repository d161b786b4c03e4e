// vitest globalSetup of the PostgreSQL run (vitest.pg.config.ts): one throwaway cluster for the whole run; the
// store's test hook (collab-server/store/pg/testDatabases.ts) gives each data folder its own schema in it.
import { startTestPostgres } from './postgres.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const pg = await startTestPostgres();
  // Workers (and the servers tests spawn) inherit the environment.
  process.env.COUNCIL_TEST_DATABASE_ADMIN_URL = pg.adminUrl;
  return () => pg.stop();
}
