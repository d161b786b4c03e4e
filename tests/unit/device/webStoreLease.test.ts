// The browser vault's step for the device lease (IndexedDB version 2 → 3): a meeting stored before the lease
// counts its last contact from the upgrade, so upgrading shreds nothing; and 'expired' survives a reopen.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDatabase, request } from '../../../renderer/platform/web/idb.ts';
import { DB_VERSION, STORES, WebStore } from '../../../renderer/platform/web/webStore.ts';

const V2_MEETING = {
  meetingId: 'm1',
  server: 'http://127.0.0.1:1',
  delegateId: 'd1',
  role: 'delegate',
  publisherKey: 'pk',
  currentRevision: 1,
  pendingRevision: null,
  status: 'active',
  joinedAt: '2020-01-01T00:00:00.000Z',
  updatedAt: '2020-01-01T00:00:00.000Z',
};

async function version2(name: string): Promise<void> {
  const db = await openDatabase(indexedDB, name, 2, (d) => {
    d.createObjectStore(STORES.meetings, { keyPath: 'meetingId' });
    d.createObjectStore(STORES.revisions, { keyPath: ['meetingId', 'revision'] });
    d.createObjectStore(STORES.chunks);
    d.createObjectStore(STORES.keys, { keyPath: 'meetingId' });
    d.createObjectStore(STORES.settings);
    d.createObjectStore(STORES.records, { keyPath: ['meetingId', 'kind', 'key'] });
  });
  const tx = db.transaction(STORES.meetings, 'readwrite');
  await request(tx.objectStore(STORES.meetings).put(V2_MEETING));
  db.close();
}

describe('WebStore lease step', () => {
  it('2 -> 3 stamps the last contact at the upgrade and keeps the meeting', async () => {
    expect(DB_VERSION).toBe(3);
    const name = `council-lease-${process.pid}`;
    await version2(name);
    const before = Date.now();
    const store = await WebStore.open(indexedDB, name);
    try {
      const m = await store.getMeeting('m1');
      expect(m).toMatchObject({ status: 'active', currentRevision: 1, expiredLeaseHours: null });
      expect(Date.parse(m?.lastContactAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
      await store.expire('m1', 72);
      expect(await store.getMeeting('m1')).toMatchObject({ status: 'expired', expiredLeaseHours: 72, currentRevision: null });
      await store.recordContact('m1', '2026-12-05T00:30:00.000Z');
      expect((await store.getMeeting('m1'))?.lastContactAt).toBe('2026-12-05T00:30:00.000Z');
      await store.saveIdentity({ id: 'm1', server: V2_MEETING.server, delegateId: 'd1', role: 'delegate', publisherKey: 'pk' }, { sealer: 'test', blob: new Uint8Array([1]) });
      expect(await store.getMeeting('m1')).toMatchObject({ status: 'joining', expiredLeaseHours: null });
    } finally {
      store.close();
      indexedDB.deleteDatabase(name);
    }
  });
});
