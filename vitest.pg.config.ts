// The server's tests again, on PostgreSQL (`npm run test:unit:pg`): a throwaway cluster from Debian's packages
// (tests/support/postgres.ts), each test server's store in its own schema of it. Every test file that starts a
// collab-server or opens its store is included (tests/support/serverTests.ts) except the few below, which read or
// write the SQLite file itself — their PostgreSQL counterparts are in tests/unit/collab-server-pg/.
import { defineConfig } from 'vitest/config';
import { serverTestFiles } from './tests/support/serverTests.ts';
import base from './vitest.config.ts';

/** SQLite-specific, by name: why each is not run here. */
const SQLITE_ONLY: Record<string, string> = {
  'tests/unit/collab-server/migrations.test.ts': 'upgrades old SQLite files and reads PRAGMA user_version (PG: collab-server-pg/migrations.test.ts)',
  'tests/unit/live/auditSigned.test.ts': "copies a stopped server's SQLite file and tampers with the copies (PG: liveSession's tampered row, memberChange, auditVerifyOmitted)",
  'tests/unit/review/auditKeyTrust.test.ts': "copies a stopped server's SQLite file to check `council audit verify` against another key",
  'tests/unit/live/secretCommand.test.ts': 'searches the bytes of the SQLite file and its -wal for the secret',
  'tests/unit/voting-secret/secrecy.test.ts': 'reads the SQLite file: rowid-less tables, page order, -wal frames (PG: secretBox.rebuildPgBox says what a heap keeps)',
  'tests/unit/annotations-sync/secrecy.test.ts': 'searches the data folder, where SQLite keeps the rows; on PostgreSQL they are in the cluster',
  'tests/unit/annotations-keys/syncSealed.test.ts': 'waits for the sealed bytes in the data folder, where SQLite keeps the rows',
};

export default defineConfig({
  test: {
    ...base.test,
    include: [...serverTestFiles(import.meta.dirname).filter((f) => !(f in SQLITE_ONLY)), 'tests/unit/collab-server-pg/**/*.test.ts'],
    globalSetup: ['tests/support/pgGlobalSetup.ts'],
  },
});
