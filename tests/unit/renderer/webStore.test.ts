// The browser's IndexedDB vault (fake-indexeddb): the DeviceStore operations the device core relies on, and
// the upgrade of a version 1 vault. tests/unit/device runs the core itself against this store and SQLite.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PendingRevision } from '../../../common/device/store.ts';
import type { ManifestEnvelope } from '../../../common/pack/format.ts';
import { openDatabase, request } from '../../../renderer/platform/web/idb.ts';
import { WebStore } from '../../../renderer/platform/web/webStore.ts';
import { BROWSER_SEALER } from '../../../renderer/platform/web/webStoreRows.ts';

let store: WebStore;
let dbName: string;
let n = 0;

const identity = { id: 'm1', server: 'http://127.0.0.1:1', delegateId: 'd05', role: 'delegate' as const, publisherKey: 'pk' };
const secret = { sealer: 'test', blob: new Uint8Array([7, 7, 7]) };
const pending = (revision: number, hashes: string[]): PendingRevision => ({
  meetingId: 'm1',
  revision,
  envelope: { revision } as ManifestEnvelope,
  wrappedKeys: { nonce: 'n', ciphertext: 'c' },
  hashes,
  started: false,
});

beforeEach(async () => {
  dbName = `council-test-${++n}`;
  store = await WebStore.open(indexedDB, dbName);
});
afterEach(() => {
  store.close();
  indexedDB.deleteDatabase(dbName);
});

describe('WebStore (IndexedDB)', () => {
  it('joins a meeting (identity and key in one transaction) and reads it back', async () => {
    await store.saveIdentity(identity, secret);
    expect(await store.getMeeting('m1')).toMatchObject({ ...identity, status: 'joining', currentRevision: null, pendingRevision: null });
    expect(await store.getSecret('m1')).toEqual(secret);
    await store.beginRevision(pending(1, ['aa']));
    expect(await store.getRevision('m1', 1)).toMatchObject({ revision: 1, complete: false, started: false });
    expect(await store.listMeetings()).toHaveLength(1);
    expect(await store.getMeeting('nope')).toBeUndefined();
  });

  it('stores ciphertext chunks by hash and tells which are present', async () => {
    await store.putChunk('aa', new Uint8Array([1, 2, 3]));
    await store.putChunk('bb', new Uint8Array([4]));
    expect(await store.getChunk('aa')).toEqual(new Uint8Array([1, 2, 3]));
    expect(await store.getChunk('zz')).toBeUndefined();
    expect(await store.storedChunks(['aa', 'cc'])).toEqual(new Set(['aa']));
  });

  it('a committed revision supersedes the old one and its chunks; revocation shreds the key', async () => {
    await store.saveIdentity(identity, secret);
    await store.beginRevision(pending(1, ['aa', 'bb']));
    for (const h of ['aa', 'bb']) await store.putChunk(h, new Uint8Array([1]));
    await store.commitRevision('m1', 1);
    await store.beginRevision(pending(2, ['bb', 'cc']));
    await store.putChunk('cc', new Uint8Array([2]));
    expect(await store.getMeeting('m1')).toMatchObject({ currentRevision: 1, pendingRevision: 2 });
    await store.commitRevision('m1', 2);
    expect(await store.getRevision('m1', 1)).toBeUndefined();
    expect(await store.getRevision('m1', 2)).toMatchObject({ complete: true });
    expect(await store.storedChunks(['aa', 'bb', 'cc'])).toEqual(new Set(['bb', 'cc']));
    await store.revoke('m1');
    expect(await store.getSecret('m1')).toBeUndefined();
    expect(await store.getMeeting('m1')).toMatchObject({ status: 'revoked', currentRevision: null });
    expect(await store.storedChunks(['bb', 'cc'])).toEqual(new Set());
  });

  it('forgets a meeting entirely', async () => {
    await store.saveIdentity(identity, secret);
    await store.beginRevision(pending(1, []));
    await store.forgetMeeting('m1');
    expect([await store.getMeeting('m1'), await store.getRevision('m1', 1), await store.getSecret('m1')]).toEqual([undefined, undefined, undefined]);
  });

  it('keeps settings', async () => {
    expect(await store.getSettings()).toBeUndefined();
    await store.saveSettings({ language: 'en', lastDocument: { meetingId: 'm1', documentId: 'd', page: 250 } });
    expect(await store.getSettings()).toEqual({ language: 'en', lastDocument: { meetingId: 'm1', documentId: 'd', page: 250 } });
  });
});

describe('WebStore upgrade from version 1', () => {
  it('converts meetings, revisions and keys, and keeps every chunk', async () => {
    const name = `council-v1-${++n}`;
    const v1 = await openDatabase(indexedDB, name, 1, (db) => {
      db.createObjectStore('meetings', { keyPath: 'meetingId' });
      db.createObjectStore('revisions', { keyPath: ['meetingId', 'revision'] });
      db.createObjectStore('chunks');
      db.createObjectStore('keys', { keyPath: 'meetingId' });
      db.createObjectStore('settings');
    });
    const tx = v1.transaction(['meetings', 'revisions', 'keys', 'chunks'], 'readwrite');
    tx.objectStore('meetings').put({ meetingId: 'm1', delegateId: 'd05', server: 's', publisherKey: 'pk', readyRevision: 1, latestRevision: 2, downloadStarted: true, revoked: false, joinedAt: 't' });
    tx.objectStore('revisions').put({ meetingId: 'm1', revision: 1, role: 'chair', envelope: { revision: 1 }, wrappedKeys: { nonce: 'n', ciphertext: 'c' } });
    tx.objectStore('revisions').put({ meetingId: 'm1', revision: 2, role: 'chair', envelope: { revision: 2 }, wrappedKeys: { nonce: 'n', ciphertext: 'c' } });
    tx.objectStore('keys').put({ meetingId: 'm1', secret: 'AQID' });
    await request(tx.objectStore('chunks').put(new Uint8Array([5]).buffer, 'aa'));
    v1.close();

    const upgraded = await WebStore.open(indexedDB, name);
    expect(await upgraded.getMeeting('m1')).toMatchObject({ id: 'm1', role: 'chair', status: 'active', currentRevision: 1, pendingRevision: 2 });
    expect(await upgraded.getRevision('m1', 1)).toMatchObject({ complete: true, started: false });
    expect(await upgraded.getRevision('m1', 2)).toMatchObject({ complete: false, started: true });
    expect(await upgraded.getSecret('m1')).toEqual({ sealer: BROWSER_SEALER, blob: new Uint8Array([1, 2, 3]) });
    // A v1 revision does not list its chunks: nothing is collected until it is superseded.
    await upgraded.abandonRevision('m1', 2);
    expect(await upgraded.storedChunks(['aa'])).toEqual(new Set(['aa']));
    upgraded.close();
    indexedDB.deleteDatabase(name);
  });
});
