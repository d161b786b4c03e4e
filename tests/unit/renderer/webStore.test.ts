import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManifestEnvelope } from '../../../common/pack/format.ts';
import { WebStore, type MeetingRow, type RevisionRow } from '../../../renderer/platform/web/webStore.ts';

let store: WebStore;
let dbName: string;
let n = 0;

const meeting: MeetingRow = {
  meetingId: 'm1',
  delegateId: 'd05',
  server: 'http://127.0.0.1:1',
  publisherKey: 'pk',
  readyRevision: 0,
  latestRevision: 1,
  downloadStarted: false,
  revoked: false,
  joinedAt: '2026-12-01T00:00:00Z',
};
const revision = (r: number): RevisionRow => ({
  meetingId: 'm1',
  revision: r,
  role: 'delegate',
  envelope: { revision: r } as ManifestEnvelope,
  wrappedKeys: { nonce: 'n', ciphertext: 'c' },
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
  it('joins a meeting in one transaction and reads it back', async () => {
    await store.joinMeeting(meeting, revision(1), { meetingId: 'm1', secret: 's3cret' });
    expect(await store.getMeeting('m1')).toEqual(meeting);
    expect((await store.getRevision('m1', 1))?.envelope.revision).toBe(1);
    expect(await store.getSecret('m1')).toEqual({ meetingId: 'm1', secret: 's3cret' });
    expect(await store.listMeetings()).toHaveLength(1);
    expect(await store.updateMeeting('m1', { readyRevision: 1 })).toMatchObject({ readyRevision: 1, delegateId: 'd05' });
    expect(await store.updateMeeting('nope', { readyRevision: 1 })).toBeUndefined();
  });

  it('stores ciphertext chunks by hash and tells which are present', async () => {
    await store.putChunk('aa', new Uint8Array([1, 2, 3]));
    await store.putChunk('bb', new Uint8Array([4]));
    expect(await store.getChunk('aa')).toEqual(new Uint8Array([1, 2, 3]));
    expect(await store.getChunk('zz')).toBeUndefined();
    expect(await store.storedChunks(['aa', 'cc'])).toEqual(new Set(['aa']));
    await store.deleteChunks(['aa']);
    expect(await store.storedChunks(['aa', 'bb'])).toEqual(new Set(['bb']));
  });

  it('prunes superseded revisions and shreds the key', async () => {
    await store.joinMeeting(meeting, revision(1), { meetingId: 'm1', secret: 's' });
    await store.putRevision(revision(2));
    await store.pruneRevisions('m1', [2]);
    expect(await store.getRevision('m1', 1)).toBeUndefined();
    expect(await store.getRevision('m1', 2)).toBeDefined();
    await store.deleteSecret('m1');
    expect(await store.getSecret('m1')).toBeUndefined();
  });

  it('forgets a meeting entirely', async () => {
    await store.joinMeeting(meeting, revision(1), { meetingId: 'm1', secret: 's' });
    await store.forgetMeeting('m1');
    expect([await store.getMeeting('m1'), await store.getRevision('m1', 1), await store.getSecret('m1')]).toEqual([undefined, undefined, undefined]);
  });

  it('keeps settings', async () => {
    expect(await store.getSettings()).toBeUndefined();
    await store.saveSettings({ language: 'en', lastDocument: { meetingId: 'm1', documentId: 'd', page: 250 } });
    expect(await store.getSettings()).toEqual({ language: 'en', lastDocument: { meetingId: 'm1', documentId: 'd', page: 250 } });
  });
});
