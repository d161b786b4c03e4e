// The browser's vault in IndexedDB. Stores: meetings, revisions (signed envelopes + wrapped keys, still
// encrypted), chunks (ciphertext exactly as downloaded, keyed by its SHA-256), keys (the invitation secret),
// settings. Only the secret in `keys` can unlock anything, and it is protected only by the browser profile.
import type { Role } from '../../../common/meeting/types.ts';
import type { ManifestEnvelope, WrappedKeys } from '../../../common/pack/format.ts';
import type { Settings } from '../Platform.ts';
import { inTransaction, openDatabase, request } from './idb.ts';

export const DB_NAME = 'paperless-council';
export const DB_VERSION = 1;
const STORES = { meetings: 'meetings', revisions: 'revisions', chunks: 'chunks', keys: 'keys', settings: 'settings' } as const;
const SETTINGS_KEY = 'settings';

export interface MeetingRow {
  readonly meetingId: string;
  readonly delegateId: string;
  readonly server: string;
  readonly publisherKey: string;
  /** Last revision whose every readable chunk is stored; 0 before the first download completes. */
  readonly readyRevision: number;
  /** Newest revision stored in `revisions` (the one a download fetches). */
  readonly latestRevision: number;
  /** A download of latestRevision was started and not finished (so the state reads "paused"). */
  readonly downloadStarted: boolean;
  readonly revoked: boolean;
  readonly joinedAt: string;
}

export interface RevisionRow {
  readonly meetingId: string;
  readonly revision: number;
  readonly role: Role;
  readonly envelope: ManifestEnvelope;
  readonly wrappedKeys: WrappedKeys;
}

export interface KeyRow {
  readonly meetingId: string;
  readonly secret: string;
}

function upgrade(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore(STORES.meetings, { keyPath: 'meetingId' });
    db.createObjectStore(STORES.revisions, { keyPath: ['meetingId', 'revision'] });
    db.createObjectStore(STORES.chunks);
    db.createObjectStore(STORES.keys, { keyPath: 'meetingId' });
    db.createObjectStore(STORES.settings);
  }
}

export class WebStore {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(factory: IDBFactory = indexedDB, name = DB_NAME): Promise<WebStore> {
    return new WebStore(await openDatabase(factory, name, DB_VERSION, upgrade));
  }

  close(): void {
    this.db.close();
  }

  private read<T>(store: string, key: IDBValidKey): Promise<T | undefined> {
    return inTransaction(this.db, store, 'readonly', (tx) => request(tx.objectStore(store).get(key) as IDBRequest<T | undefined>));
  }

  private write(store: string, value: unknown, key?: IDBValidKey): Promise<void> {
    return inTransaction(this.db, store, 'readwrite', async (tx) => {
      await request(tx.objectStore(store).put(value, key));
    });
  }

  getMeeting(meetingId: string): Promise<MeetingRow | undefined> {
    return this.read<MeetingRow>(STORES.meetings, meetingId);
  }

  listMeetings(): Promise<MeetingRow[]> {
    return inTransaction(this.db, STORES.meetings, 'readonly', (tx) => request(tx.objectStore(STORES.meetings).getAll() as IDBRequest<MeetingRow[]>));
  }

  putMeeting(row: MeetingRow): Promise<void> {
    return this.write(STORES.meetings, row);
  }

  async updateMeeting(meetingId: string, patch: Partial<Omit<MeetingRow, 'meetingId'>>): Promise<MeetingRow | undefined> {
    return inTransaction(this.db, STORES.meetings, 'readwrite', async (tx) => {
      const store = tx.objectStore(STORES.meetings);
      const row = (await request(store.get(meetingId))) as MeetingRow | undefined;
      if (!row) return undefined;
      const next = { ...row, ...patch };
      await request(store.put(next));
      return next;
    });
  }

  /** A meeting, its revisions and its key in one transaction (join). */
  joinMeeting(meeting: MeetingRow, revision: RevisionRow, key: KeyRow): Promise<void> {
    const stores = [STORES.meetings, STORES.revisions, STORES.keys];
    return inTransaction(this.db, stores, 'readwrite', async (tx) => {
      await request(tx.objectStore(STORES.meetings).put(meeting));
      await request(tx.objectStore(STORES.revisions).put(revision));
      await request(tx.objectStore(STORES.keys).put(key));
    });
  }

  getRevision(meetingId: string, revision: number): Promise<RevisionRow | undefined> {
    return this.read<RevisionRow>(STORES.revisions, [meetingId, revision]);
  }

  putRevision(row: RevisionRow): Promise<void> {
    return this.write(STORES.revisions, row);
  }

  /** Drops the revisions of a meeting other than `keep` (a superseded revision is never read again). */
  pruneRevisions(meetingId: string, keep: readonly number[]): Promise<void> {
    return inTransaction(this.db, STORES.revisions, 'readwrite', async (tx) => {
      const store = tx.objectStore(STORES.revisions);
      const range = IDBKeyRange.bound([meetingId, 0], [meetingId, Number.MAX_SAFE_INTEGER]);
      const keys = (await request(store.getAllKeys(range))) as [string, number][];
      for (const k of keys) if (!keep.includes(k[1])) await request(store.delete(k));
    });
  }

  getSecret(meetingId: string): Promise<KeyRow | undefined> {
    return this.read<KeyRow>(STORES.keys, meetingId);
  }

  /** Crypto-shredding: without the secret, the stored ciphertext cannot be opened. */
  deleteSecret(meetingId: string): Promise<void> {
    return inTransaction(this.db, STORES.keys, 'readwrite', async (tx) => {
      await request(tx.objectStore(STORES.keys).delete(meetingId));
    });
  }

  getChunk(hash: string): Promise<Uint8Array | undefined> {
    return this.read<ArrayBuffer>(STORES.chunks, hash).then((b) => (b ? new Uint8Array(b) : undefined));
  }

  putChunk(hash: string, ciphertext: Uint8Array): Promise<void> {
    const copy = ciphertext.slice().buffer;
    return this.write(STORES.chunks, copy, hash);
  }

  /** The subset of `hashes` that is stored. */
  async storedChunks(hashes: readonly string[]): Promise<Set<string>> {
    const wanted = new Set(hashes);
    const keys = await inTransaction(this.db, STORES.chunks, 'readonly', (tx) => request(tx.objectStore(STORES.chunks).getAllKeys()));
    return new Set(keys.filter((k): k is string => typeof k === 'string' && wanted.has(k)));
  }

  deleteChunks(hashes: readonly string[]): Promise<void> {
    return inTransaction(this.db, STORES.chunks, 'readwrite', async (tx) => {
      for (const h of hashes) await request(tx.objectStore(STORES.chunks).delete(h));
    });
  }

  /** Removes the meeting, its revisions and its key (chunks are removed by the caller, which knows sharing). */
  forgetMeeting(meetingId: string): Promise<void> {
    const stores = [STORES.meetings, STORES.revisions, STORES.keys];
    return inTransaction(this.db, stores, 'readwrite', async (tx) => {
      await request(tx.objectStore(STORES.meetings).delete(meetingId));
      await request(tx.objectStore(STORES.keys).delete(meetingId));
      const range = IDBKeyRange.bound([meetingId, 0], [meetingId, Number.MAX_SAFE_INTEGER]);
      await request(tx.objectStore(STORES.revisions).delete(range));
    });
  }

  async getSettings(): Promise<Settings | undefined> {
    return this.read<Settings>(STORES.settings, SETTINGS_KEY);
  }

  saveSettings(settings: Settings): Promise<void> {
    return this.write(STORES.settings, settings, SETTINGS_KEY);
  }
}
