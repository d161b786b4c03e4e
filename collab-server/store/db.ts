// The collab-server's own SQLite file. One connection per process (better-sqlite3 is synchronous).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runMigrations } from '../../common/sql/migrate.ts';
import { SERVER_MIGRATIONS } from './migrations.ts';

export const SERVER_DB_FILE = 'council-server.sqlite';

export { SERVER_MIGRATIONS };

export function openServerDb(dataDir: string): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, SERVER_DB_FILE));
  try {
    db.pragma('journal_mode = WAL');
    // Keys, votes and the audit log live here: an acknowledged write must survive a power cut (rule 7).
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    runMigrations(db, SERVER_MIGRATIONS);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
