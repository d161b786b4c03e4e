// The browser's vault in IndexedDB: the device core's DeviceStore (common/device/store.ts) plus the app's
// settings. Stores: meetings, revisions (signed envelopes + wrapped keys, still encrypted, with the chunk
// hashes they reference), chunks (ciphertext exactly as downloaded, keyed by its SHA-256), keys (the
// invitation secret; the browser profile is its only protection), records (annotations, search…), settings.
import type { DeviceRecord, DeviceStore, MeetingRecord, RevisionKeys, RevisionRecord, SealedSecret } from '../../../common/device/store.ts';
import { RECORD_KIND_PATTERN } from '../../../common/device/store.ts';
import { CouncilError } from '../../../common/result.ts';
import type { Settings } from '../Platform.ts';
import { inTransaction, openDatabase, request } from './idb.ts';
import type { KeyRow, MeetingRow, RecordRow, RevisionRow } from './webStoreRows.ts';
import { stampLastContact, upgradeWebStore } from './webStoreUpgrade.ts';

export type { KeyRow, MeetingRow, RecordRow, RevisionRow };

export const DB_NAME = 'paperless-council';
/** 1: the first browser vault; 2: the device core's DeviceStore (rows converted in webStoreUpgrade.ts); 3: the lease. */
export const DB_VERSION = 3;
export const STORES = { meetings: 'meetings', revisions: 'revisions', chunks: 'chunks', keys: 'keys', records: 'records', settings: 'settings' } as const;
const SETTINGS_KEY = 'settings';
const ALL = [STORES.meetings, STORES.revisions, STORES.chunks, STORES.keys, STORES.records];


const rowToMeeting = ({ meetingId, ...rest }: MeetingRow): MeetingRecord => ({ id: meetingId, ...rest });
const meetingToRow = ({ id, ...rest }: MeetingRecord): MeetingRow => ({ meetingId: id, ...rest });
/** The later of two ISO times (same format, so they compare as text); `a` may be absent. */
const laterIso = (a: string | undefined, b: string): string => (a !== undefined && a > b ? a : b);
const rowToRevision = ({ hashes: _hashes, ...rest }: RevisionRow): RevisionRecord => rest;
const now = (): string => new Date().toISOString();
const revisionRange = (meetingId: string): IDBKeyRange => IDBKeyRange.bound([meetingId, 0], [meetingId, Number.MAX_SAFE_INTEGER]);
const recordRange = (meetingId: string): IDBKeyRange => IDBKeyRange.bound([meetingId], [meetingId, []]);
const bytes = (v: unknown): Uint8Array => (v instanceof Uint8Array ? new Uint8Array(v) : new Uint8Array(v as ArrayBuffer));

function upgrade(db: IDBDatabase, oldVersion: number, tx: IDBTransaction): void {
  if (oldVersion < 1) {
    db.createObjectStore(STORES.meetings, { keyPath: 'meetingId' });
    db.createObjectStore(STORES.revisions, { keyPath: ['meetingId', 'revision'] });
    db.createObjectStore(STORES.chunks);
    db.createObjectStore(STORES.keys, { keyPath: 'meetingId' });
    db.createObjectStore(STORES.settings);
  }
  if (oldVersion < 2) {
    db.createObjectStore(STORES.records, { keyPath: ['meetingId', 'kind', 'key'] });
    if (oldVersion === 1) upgradeWebStore(tx, now());
  }
  if (oldVersion === 2) stampLastContact(tx, now());
}

export class WebStore implements DeviceStore {
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

  // ---- meetings and secrets

  async getMeeting(meetingId: string): Promise<MeetingRecord | undefined> {
    const row = await this.read<MeetingRow>(STORES.meetings, meetingId);
    return row && rowToMeeting(row);
  }

  async listMeetings(): Promise<MeetingRecord[]> {
    const rows = await inTransaction(this.db, STORES.meetings, 'readonly', (tx) => request(tx.objectStore(STORES.meetings).getAll() as IDBRequest<MeetingRow[]>));
    return rows.map(rowToMeeting).sort((a, b) => a.joinedAt.localeCompare(b.joinedAt) || a.id.localeCompare(b.id));
  }

  saveIdentity(m: Pick<MeetingRecord, 'id' | 'server' | 'delegateId' | 'role' | 'publisherKey'>, secret: SealedSecret): Promise<void> {
    return inTransaction(this.db, [STORES.meetings, STORES.keys], 'readwrite', async (tx) => {
      const meetings = tx.objectStore(STORES.meetings);
      const old = (await request(meetings.get(m.id))) as MeetingRow | undefined;
      const t = now();
      const base: MeetingRecord = old
        ? rowToMeeting(old)
        : { ...m, currentRevision: null, pendingRevision: null, status: 'joining', joinedAt: t, updatedAt: t, lastContactAt: t, expiredLeaseHours: null };
      const status = base.status === 'revoked' || base.status === 'expired' ? 'joining' : base.status;
      await request(meetings.put(meetingToRow({ ...base, server: m.server, delegateId: m.delegateId, role: m.role, status, updatedAt: t, expiredLeaseHours: null })));
      const key: KeyRow = { meetingId: m.id, sealer: secret.sealer, blob: new Uint8Array(secret.blob) };
      await request(tx.objectStore(STORES.keys).put(key));
    });
  }

  async getSecret(meetingId: string): Promise<SealedSecret | undefined> {
    const row = await this.read<KeyRow>(STORES.keys, meetingId);
    return row && { sealer: row.sealer, blob: bytes(row.blob) };
  }

  // ---- revisions

  async getRevision(meetingId: string, revision: number): Promise<RevisionRecord | undefined> {
    const row = await this.read<RevisionRow>(STORES.revisions, [meetingId, revision]);
    return row && rowToRevision(row);
  }

  beginRevision(p: Parameters<DeviceStore['beginRevision']>[0]): Promise<void> {
    return inTransaction(this.db, ALL, 'readwrite', async (tx) => {
      const revisions = tx.objectStore(STORES.revisions);
      for (const r of (await request(revisions.getAll(revisionRange(p.meetingId)))) as RevisionRow[]) {
        if (!r.complete && r.revision !== p.revision) await request(revisions.delete([p.meetingId, r.revision]));
      }
      const old = (await request(revisions.get([p.meetingId, p.revision]))) as RevisionRow | undefined;
      if (old?.complete) return;
      const row: RevisionRow = { meetingId: p.meetingId, revision: p.revision, envelope: p.envelope, wrappedKeys: p.wrappedKeys, complete: false, started: p.started || old?.started === true, hashes: [...new Set(p.hashes)] };
      await request(revisions.put(row));
      await this.patchMeeting(tx, p.meetingId, { pendingRevision: p.revision });
      await collectGarbage(tx);
    });
  }

  commitRevision(meetingId: string, revision: number): Promise<void> {
    return inTransaction(this.db, ALL, 'readwrite', async (tx) => {
      const revisions = tx.objectStore(STORES.revisions);
      const row = (await request(revisions.get([meetingId, revision]))) as RevisionRow | undefined;
      if (!row) throw new CouncilError('VAULT_NOT_FOUND', `revision ${revision} of ${meetingId} is not on this device`);
      await request(revisions.put({ ...row, complete: true, started: false }));
      await this.patchMeeting(tx, meetingId, { currentRevision: revision, pendingRevision: null, status: 'active' });
      for (const key of (await request(revisions.getAllKeys(revisionRange(meetingId)))) as [string, number][]) {
        if (key[1] !== revision) await request(revisions.delete(key));
      }
      await collectGarbage(tx);
    });
  }

  abandonRevision(meetingId: string, revision: number): Promise<void> {
    return inTransaction(this.db, ALL, 'readwrite', async (tx) => {
      const revisions = tx.objectStore(STORES.revisions);
      const row = (await request(revisions.get([meetingId, revision]))) as RevisionRow | undefined;
      if (row && !row.complete) await request(revisions.delete([meetingId, revision]));
      const m = await this.patchMeeting(tx, meetingId, { pendingRevision: null });
      if (m && m.currentRevision === null) await deleteMeeting(tx, meetingId);
      await collectGarbage(tx);
    });
  }

  private async patchMeeting(tx: IDBTransaction, meetingId: string, patch: Partial<Omit<MeetingRow, 'meetingId'>>): Promise<MeetingRow | undefined> {
    const store = tx.objectStore(STORES.meetings);
    const row = (await request(store.get(meetingId))) as MeetingRow | undefined;
    if (!row) return undefined;
    const next = { ...row, ...patch, updatedAt: now() };
    await request(store.put(next));
    return next;
  }

  // ---- chunks

  async getChunk(hash: string): Promise<Uint8Array | undefined> {
    const b = await this.read<ArrayBuffer>(STORES.chunks, hash);
    return b ? bytes(b) : undefined;
  }

  putChunk(hash: string, ciphertext: Uint8Array): Promise<void> {
    return this.write(STORES.chunks, ciphertext.slice().buffer, hash);
  }

  storedChunks(hashes: readonly string[]): Promise<Set<string>> {
    return inTransaction(this.db, STORES.chunks, 'readonly', async (tx) => {
      const store = tx.objectStore(STORES.chunks);
      const found = await Promise.all([...new Set(hashes)].map(async (h) => ((await request(store.getKey(h))) === undefined ? undefined : h)));
      return new Set(found.filter((h): h is string => h !== undefined));
    });
  }

  // ---- revocation and forgetting

  revoke(meetingId: string): Promise<void> {
    return this.shred(meetingId, { status: 'revoked', expiredLeaseHours: null });
  }

  expire(meetingId: string, leaseHours: number): Promise<void> {
    return this.shred(meetingId, { status: 'expired', expiredLeaseHours: leaseHours });
  }

  private shred(meetingId: string, patch: Pick<MeetingRow, 'status' | 'expiredLeaseHours'>): Promise<void> {
    return inTransaction(this.db, ALL, 'readwrite', async (tx) => {
      await request(tx.objectStore(STORES.keys).delete(meetingId));
      await request(tx.objectStore(STORES.revisions).delete(revisionRange(meetingId)));
      await request(tx.objectStore(STORES.records).delete(recordRange(meetingId)));
      const row = (await request(tx.objectStore(STORES.meetings).get(meetingId))) as MeetingRow | undefined;
      const highestRevision = row ? Math.max(row.highestRevision ?? 0, row.currentRevision ?? 0, row.pendingRevision ?? 0) || null : null;
      await this.patchMeeting(tx, meetingId, { ...patch, currentRevision: null, pendingRevision: null, highestRevision });
      await collectGarbage(tx);
    });
  }

  replaceKeys(meetingId: string, revisions: readonly RevisionKeys[]): Promise<void> {
    return inTransaction(this.db, ALL, 'readwrite', async (tx) => {
      const store = tx.objectStore(STORES.revisions);
      for (const r of revisions) {
        const row = (await request(store.get([meetingId, r.revision]))) as RevisionRow | undefined;
        if (row) await request(store.put({ ...row, wrappedKeys: r.wrappedKeys, hashes: [...new Set(r.hashes)] }));
      }
      await collectGarbage(tx);
    });
  }

  recordContact(meetingId: string, at: string): Promise<void> {
    return inTransaction(this.db, STORES.meetings, 'readwrite', async (tx) => {
      const store = tx.objectStore(STORES.meetings);
      const row = (await request(store.get(meetingId))) as MeetingRow | undefined;
      if (row) await request(store.put({ ...row, lastContactAt: at, latestSeenAt: laterIso(row.latestSeenAt, at) }));
    });
  }

  recordSeen(meetingId: string, at: string): Promise<void> {
    return inTransaction(this.db, STORES.meetings, 'readwrite', async (tx) => {
      const store = tx.objectStore(STORES.meetings);
      const row = (await request(store.get(meetingId))) as MeetingRow | undefined;
      if (row && laterIso(row.latestSeenAt, at) !== row.latestSeenAt) await request(store.put({ ...row, latestSeenAt: at }));
    });
  }

  forgetMeeting(meetingId: string): Promise<void> {
    return inTransaction(this.db, ALL, 'readwrite', async (tx) => {
      await deleteMeeting(tx, meetingId);
      await collectGarbage(tx);
    });
  }

  // ---- records (annotations, search…)

  async putRecord(record: DeviceRecord): Promise<void> {
    if (!RECORD_KIND_PATTERN.test(record.kind)) throw new CouncilError('BAD_REQUEST', `not a record kind: ${record.kind}`);
    await inTransaction(this.db, [STORES.meetings, STORES.records], 'readwrite', async (tx) => {
      if ((await request(tx.objectStore(STORES.meetings).getKey(record.meetingId))) === undefined) {
        throw new CouncilError('VAULT_NOT_FOUND', `meeting ${record.meetingId} is not on this device`);
      }
      const value = typeof record.value === 'string' ? record.value : new Uint8Array(record.value);
      await request(tx.objectStore(STORES.records).put({ meetingId: record.meetingId, kind: record.kind, key: record.key, value }));
    });
  }

  async getRecord(meetingId: string, kind: string, key: string): Promise<DeviceRecord | undefined> {
    const row = await this.read<RecordRow>(STORES.records, [meetingId, kind, key]);
    return row && toRecord(row);
  }

  async listRecords(meetingId: string, kind: string): Promise<DeviceRecord[]> {
    const range = IDBKeyRange.bound([meetingId, kind], [meetingId, kind, []]);
    const rows = await inTransaction(this.db, STORES.records, 'readonly', (tx) => request(tx.objectStore(STORES.records).getAll(range) as IDBRequest<RecordRow[]>));
    return rows.map(toRecord);
  }

  deleteRecord(meetingId: string, kind: string, key: string): Promise<void> {
    return inTransaction(this.db, STORES.records, 'readwrite', async (tx) => {
      await request(tx.objectStore(STORES.records).delete([meetingId, kind, key]));
    });
  }

  // ---- settings (the app's, not the core's)

  async getSettings(): Promise<Settings | undefined> {
    return this.read<Settings>(STORES.settings, SETTINGS_KEY);
  }

  saveSettings(settings: Settings): Promise<void> {
    return this.write(STORES.settings, settings, SETTINGS_KEY);
  }
}

const toRecord = (r: RecordRow): DeviceRecord => ({ meetingId: r.meetingId, kind: r.kind, key: r.key, value: typeof r.value === 'string' ? r.value : bytes(r.value) });

async function deleteMeeting(tx: IDBTransaction, meetingId: string): Promise<void> {
  await request(tx.objectStore(STORES.meetings).delete(meetingId));
  await request(tx.objectStore(STORES.keys).delete(meetingId));
  await request(tx.objectStore(STORES.revisions).delete(revisionRange(meetingId)));
  await request(tx.objectStore(STORES.records).delete(recordRange(meetingId)));
}

/** Deletes every chunk no revision (current or pending, of any meeting) references. */
async function collectGarbage(tx: IDBTransaction): Promise<void> {
  const revisions = (await request(tx.objectStore(STORES.revisions).getAll())) as RevisionRow[];
  // A revision kept from DB version 1 does not list its chunks: keep everything until it is superseded.
  if (revisions.some((r) => r.hashes === null)) return;
  const keep = new Set(revisions.flatMap((r) => r.hashes ?? []));
  const chunks = tx.objectStore(STORES.chunks);
  for (const key of await request(chunks.getAllKeys())) if (typeof key === 'string' && !keep.has(key)) await request(chunks.delete(key));
}
