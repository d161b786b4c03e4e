// The device core's storage (common/device/store.ts) over the vault's SQLite file: the vault schema and
// queries as they are (meetingQueries, chunkQueries, recordQueries), behind the DeviceStore interface.
// better-sqlite3 is synchronous; each method is one statement or one transaction.
import { existsSync } from 'node:fs';
import type { DeviceStore } from '../../../common/device/store.ts';
import { CouncilError } from '../../../common/result.ts';
import { collectGarbage, hasChunk, putChunk, readChunk } from './chunkQueries.ts';
import { abandonRevision, beginRevision, commitRevision, getMeetingRecord, getProtectedKey, getRevision, listMeetingRecords, markRevoked, recordContact, recordSeen, replaceRevisionKeys, saveMeetingIdentity } from './meetingQueries.ts';
import { deleteRecord, getRecord, listRecords, putRecord } from './recordQueries.ts';
import { get, run, sql } from './sql.ts';
import { openVaultDb, vaultPath, withFullSync, type VaultDb } from './vaultDb.ts';

export interface SqliteDeviceStore extends DeviceStore {
  readonly db: VaultDb;
  close(): void;
}

// better-sqlite3 reads BLOBs as Buffers; the core gets plain Uint8Arrays, as from IndexedDB.
const plain = (b: Uint8Array): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export function sqliteDeviceStore(db: VaultDb): SqliteDeviceStore {
  const sealerOf = (meetingId: string): string => get<{ protector: string }>(db, sql`SELECT protector FROM meeting_keys WHERE meeting_id = ${meetingId}`)?.protector ?? '';
  const requireMeeting = (meetingId: string): void => {
    if (!getMeetingRecord(db, meetingId)) throw new CouncilError('VAULT_NOT_FOUND', `meeting ${meetingId} is not on this device`);
  };
  return {
    db,
    close: () => db.close(),
    getMeeting: async (id) => getMeetingRecord(db, id),
    listMeetings: async () => listMeetingRecords(db),
    saveIdentity: async (identity, secret) => saveMeetingIdentity(db, identity, { protector: secret.sealer, blob: secret.blob }),
    async getSecret(meetingId) {
      const blob = getProtectedKey(db, meetingId);
      return blob && { sealer: sealerOf(meetingId), blob: plain(blob) };
    },
    getRevision: async (meetingId, revision) => getRevision(db, meetingId, revision),
    beginRevision: async (p) => beginRevision(db, p),
    commitRevision: async (meetingId, revision) => commitRevision(db, meetingId, revision),
    abandonRevision: async (meetingId, revision) => abandonRevision(db, meetingId, revision),
    putChunk: async (hash, ciphertext) => putChunk(db, hash, ciphertext),
    async getChunk(hash) {
      const data = readChunk(db, hash);
      return data && plain(data);
    },
    storedChunks: async (hashes) => new Set(hashes.filter((h) => hasChunk(db, h))),
    revoke: async (meetingId) => markRevoked(db, meetingId),
    expire: async (meetingId, leaseHours) => markRevoked(db, meetingId, leaseHours),
    replaceKeys: async (meetingId, revisions) => replaceRevisionKeys(db, meetingId, revisions),
    recordContact: async (meetingId, at) => recordContact(db, meetingId, at),
    recordSeen: async (meetingId, at) => recordSeen(db, meetingId, at),
    async forgetMeeting(meetingId) {
      withFullSync(db, () => {
        run(db, sql`DELETE FROM meetings WHERE id = ${meetingId}`); // revisions, the key and records go by ON DELETE CASCADE
        collectGarbage(db);
      });
    },
    async putRecord(record) {
      requireMeeting(record.meetingId);
      putRecord(db, record);
    },
    getRecord: async (meetingId, kind, key) => getRecord(db, meetingId, kind, key),
    listRecords: async (meetingId, kind) => listRecords(db, meetingId, kind),
    deleteRecord: async (meetingId, kind, key) => deleteRecord(db, meetingId, kind, key),
  };
}

/** Opens <dataDir>/vault.sqlite as a DeviceStore (created unless `create: false`). */
export function openSqliteDeviceStore(dataDir: string, options: { readonly create?: boolean } = {}): SqliteDeviceStore {
  return sqliteDeviceStore(openVaultDb(dataDir, options));
}

/** Runs fn over the vault of dataDir, closing it after; undefined when there is no vault and `create` is false. */
export async function withSqliteDeviceStore<T>(dataDir: string, create: boolean, fn: (store: SqliteDeviceStore) => Promise<T>): Promise<T | undefined> {
  if (!create && !existsSync(vaultPath(dataDir))) return undefined;
  const store = openSqliteDeviceStore(dataDir, { create });
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}
