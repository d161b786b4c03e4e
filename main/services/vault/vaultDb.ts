// Opens <dataDir>/vault.sqlite: WAL, foreign keys, migrations. Chunk writes use synchronous=NORMAL (a lost
// chunk is downloaded again); key writes and revision switches go through withFullSync (rule 7).
import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runMigrations } from '../../../common/sql/migrate.ts';
import { VAULT_MIGRATIONS } from './migrations.ts';

export const VAULT_FILE_NAME = 'vault.sqlite';
/** Default data folder of the CLI, relative to the working directory; `--data DIR` overrides it. */
export const DEFAULT_DATA_DIR = 'council-data';
const BUSY_TIMEOUT_MS = 5000;

export type VaultDb = Database.Database;

export function vaultPath(dataDir: string): string {
  return join(dataDir, VAULT_FILE_NAME);
}

export const VAULT_PAGE_SIZE = 65536;

let nativeBinding: string | undefined;

/**
 * Inside Electron, better-sqlite3 must load a copy built for Electron's ABI (scripts/build-native-electron.mjs),
 * while node_modules stays built for Node (STYLE.md rule 8). main/electron calls this once at start-up.
 */
export function setVaultNativeBinding(path: string | undefined): void {
  nativeBinding = path;
}

export function openVaultDb(dataDir: string, options: { readonly create?: boolean } = {}): VaultDb {
  if (options.create !== false) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(vaultPath(dataDir), { fileMustExist: options.create === false, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    // Ciphertext only, but its metadata (which meetings, when) is nobody else's business; SQLite gives the
    // -wal and -shm files the database file's permissions.
    if (process.platform !== 'win32') chmodSync(vaultPath(dataDir), 0o600);
    // The vault is mostly 1 MiB ciphertext blobs: 64 KiB pages write one in 16 WAL frames instead of 256,
    // which keeps each insert short (better-sqlite3 blocks the event loop while downloads are in flight).
    // Only takes effect when the file is new.
    db.pragma(`page_size = ${VAULT_PAGE_SIZE}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    runMigrations(db, VAULT_MIGRATIONS);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Runs fn in one transaction that is fsynced before it returns: keys, revision switches. */
export function withFullSync<T>(db: VaultDb, fn: () => T): T {
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(fn)();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}
