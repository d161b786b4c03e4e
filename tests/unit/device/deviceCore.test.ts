// The device core, ONCE, against both storage adapters (SQLite file, IndexedDB) and a real collab-server on
// 127.0.0.1:0 behind a real counting proxy: join, resume, update beside the current revision, revoke, open,
// state, records, and a server answering for another delegate.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API } from '../../../common/api/http.ts';
import type { DeviceCore } from '../../../common/device/DeviceCore.ts';
import { readDocument } from '../../../common/device/documents.ts';
import { deriveMeetingState, stateInputs } from '../../../common/device/meetingState.ts';
import { deriveCredentials } from '../../../common/pack/invite.ts';
import { CouncilError } from '../../../common/result.ts';
import { startProxy, startTestServer, ADMIN_TOKEN, type CountingProxy, type TestServer } from '../join/helpers/env.ts';
import { makePdf, TestPack, type FixtureDoc } from '../join/helpers/packFixture.ts';
import { ADAPTERS, type Home } from './adapters.ts';

const MiB = 1024 * 1024;
let server: TestServer;
let proxy: CountingProxy;
let docA: FixtureDoc;
let docB: FixtureDoc;
let mat: FixtureDoc;

beforeAll(async () => {
  server = await startTestServer();
  proxy = await startProxy(server.url);
  docA = { id: 'a', title: 'Tờ trình A', kind: 'to-trinh', agendaItemId: '1', data: await makePdf('A', 2, 2.1 * MiB), pages: 2 };
  docB = { id: 'b', title: 'Báo cáo B', kind: 'bao-cao', agendaItemId: '2', data: await makePdf('B', 1, 100_000), pages: 1 };
  mat = { id: 'mat', title: 'Tài liệu mật', kind: 'bao-cao', agendaItemId: '2', data: await makePdf('M', 1, 50_000), pages: 1, confidential: true, readers: ['d1'] };
});
afterAll(async () => {
  await proxy.close();
  await server.stop();
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof CouncilError ? e.code : `not a CouncilError: ${String(e)}`;
  }
  return 'no error';
}

const bytesOf = (pack: TestPack, ids: readonly string[]): number => ids.reduce((n, id) => n + pack.chunksOf(id).reduce((m, c) => m + c.size, 0), 0);

async function stateOf(core: DeviceCore, meetingId: string, downloading = false): Promise<string> {
  const record = await core.store.getMeeting(meetingId);
  if (!record) return 'absent';
  const pending = record.pendingRevision === null ? undefined : await core.store.getRevision(meetingId, record.pendingRevision);
  return deriveMeetingState(stateInputs(record, pending, { downloading, latestKnown: 0 }));
}

async function read(core: DeviceCore, meetingId: string, docId: string): Promise<Buffer> {
  const { entry, stream } = await core.documentStream(meetingId, docId);
  return Buffer.from(await readDocument(stream, entry.bytes));
}

describe.each(ADAPTERS)('device core over $name', (adapter) => {
  let h: Home;
  let core: DeviceCore;
  let pack: TestPack;
  beforeEach(async () => {
    h = await adapter.open();
    core = h.core();
    pack = await TestPack.create(server.url, ADMIN_TOKEN);
    proxy.rewrite = {};
    proxy.requests.length = 0;
  });
  afterEach(() => h.close());
  const link = (id = 'd1'): string => pack.link(id, { server: proxy.url });

  it('previews without storing, accepts, downloads, verifies and reads; the role comes from the signed manifest', async () => {
    await pack.publish([docA, docB, mat]);
    const f = await core.fetch(link('chair'));
    expect(f.opened.role).toBe('chair');
    expect(f.opened.documents.map((d) => d.id)).toEqual(['a', 'b']);
    expect(await core.store.listMeetings()).toEqual([]);

    const accepted = await core.accept(f, 'refuse');
    expect(accepted).toMatchObject({ status: 'joining', currentRevision: null, pendingRevision: 1, role: 'chair' });
    expect(await stateOf(core, pack.meetingId)).toBe('not-downloaded');
    expect(await codeOf(core.openCurrent(accepted))).toBe('VAULT_NOT_FOUND');

    const phases = new Set<string>();
    const out = await core.sync(pack.meetingId, { onProgress: (p) => phases.add(p.phase) });
    expect([...phases].sort()).toEqual(['download', 'verify']);
    expect(out).toMatchObject({ previousRevision: null, downloadedBytes: bytesOf(pack, ['a', 'b']), reusedBytes: 0 });
    expect(out.record).toMatchObject({ status: 'active', currentRevision: 1, pendingRevision: null });
    expect(await stateOf(core, pack.meetingId)).toBe('ready');

    // After a restart, everything reopens from the store with the same checks.
    h = await h.reopen();
    core = h.core();
    expect((await read(core, pack.meetingId, 'a')).equals(Buffer.from(docA.data))).toBe(true);
    expect(await codeOf(core.documentStream(pack.meetingId, 'mat'))).toBe('NOT_A_READER');
    expect(await core.credentials(pack.meetingId)).toMatchObject({ server: proxy.url, delegateId: 'chair', role: 'chair', token: (await deriveCredentials(await core.invitationOf(pack.meetingId))).authToken });
  });

  it('a confidential reader gets the document; nobody else holds its chunks', async () => {
    await pack.publish([docA, mat]);
    await core.join(link('d1'), 'refuse');
    expect((await read(core, pack.meetingId, 'mat')).equals(Buffer.from(mat.data))).toBe(true);
    const other = await adapter.open();
    try {
      await other.core().join(pack.link('d2', { server: proxy.url }), 'refuse');
      expect(await other.store.storedChunks(pack.chunksOf('mat').map((c) => c.hash))).toEqual(new Set());
    } finally {
      await other.close();
    }
  });

  it('resumes an interrupted join, downloading only the chunks it lacks', async () => {
    await pack.publish([docA, docB]);
    const stop = new AbortController();
    let chunks = 0;
    const onProgress = (): void => {
      if (++chunks === 3) stop.abort();
    };
    expect(await codeOf(core.join(link(), 'refuse', { signal: stop.signal, onProgress, concurrency: 1 }))).toBe('NETWORK');
    expect(await core.store.getMeeting(pack.meetingId)).toMatchObject({ status: 'joining', currentRevision: null, pendingRevision: 1 });
    expect(await stateOf(core, pack.meetingId)).toBe('paused');
    const all = [...pack.chunksOf('a'), ...pack.chunksOf('b')];
    const have = await core.store.storedChunks(all.map((c) => c.hash));
    expect(have.size).toBeGreaterThan(0);

    proxy.requests.length = 0;
    const out = await core.sync(pack.meetingId);
    expect(proxy.chunkRequests()).toBe(all.length - have.size);
    expect(out.reusedBytes).toBe(all.filter((c) => have.has(c.hash)).reduce((n, c) => n + c.size, 0));
    expect((await read(core, pack.meetingId, 'b')).equals(Buffer.from(docB.data))).toBe(true);
  });

  it('updates to revision 2 beside revision 1, downloading only what changed, then switches and drops the old chunks', async () => {
    await pack.publish([docA, docB]);
    await core.join(link(), 'refuse');
    const oldB = pack.chunksOf('b');
    const changed = { ...docB, data: await makePdf('B (sửa)', 1, 120_000) };
    await pack.publish([docA, changed]);

    const f = await core.refresh(pack.meetingId);
    expect(f.opened.manifest.revision).toBe(2);
    expect(await stateOf(core, pack.meetingId)).toBe('update-available');
    expect(await core.bytesMissing(f.opened)).toBe(bytesOf(pack, ['b']));
    // Revision 1 still reads while revision 2 is pending.
    expect((await read(core, pack.meetingId, 'b')).equals(Buffer.from(docB.data))).toBe(true);

    proxy.requests.length = 0;
    const out = await core.sync(pack.meetingId);
    expect(out).toMatchObject({ previousRevision: 1, downloadedBytes: bytesOf(pack, ['b']) });
    expect(proxy.chunkRequests()).toBe(pack.chunksOf('b').length);
    expect(out.record).toMatchObject({ currentRevision: 2, pendingRevision: null });
    expect((await read(core, pack.meetingId, 'b')).equals(Buffer.from(changed.data))).toBe(true);
    expect(await core.store.storedChunks(oldB.map((c) => c.hash))).toEqual(new Set());
    expect(await core.store.getRevision(pack.meetingId, 1)).toBeUndefined();

    proxy.requests.length = 0;
    expect(await core.sync(pack.meetingId)).toMatchObject({ downloadedBytes: 0 });
    expect(proxy.chunkRequests()).toBe(0);
  });

  it('a revision that fails verification is dropped and the current one stays', async () => {
    await pack.publish([docA, docB]);
    await core.join(link(), 'refuse');
    const changed = { ...docB, data: await makePdf('B (cắt)', 1, 1.5 * MiB) };
    await pack.publish([docA, changed], { manifest: (m) => ({ ...m, documents: m.documents.map((d) => (d.id === 'b' ? { ...d, chunks: d.chunks.slice(0, 1) } : d)) }) });
    expect(await codeOf(core.sync(pack.meetingId))).toBe('PACK_TRUNCATED');
    expect(await core.store.getMeeting(pack.meetingId)).toMatchObject({ currentRevision: 1, pendingRevision: null, status: 'active' });
    expect((await read(core, pack.meetingId, 'b')).equals(Buffer.from(docB.data))).toBe(true);
  });

  it('revocation: the server says REVOKED and the key, the ciphertext and the records go at once', async () => {
    await pack.publish([docA]);
    await core.join(link(), 'refuse');
    await core.store.putRecord({ meetingId: pack.meetingId, kind: 'annotation', key: 'n1', value: '{"page":1}' });
    await pack.revoke('d1');
    expect(await codeOf(core.refresh(pack.meetingId))).toBe('REVOKED');
    expect(await core.store.getMeeting(pack.meetingId)).toMatchObject({ status: 'revoked', currentRevision: null, pendingRevision: null });
    expect(await core.store.getSecret(pack.meetingId)).toBeUndefined();
    expect(await core.store.storedChunks(pack.chunksOf('a').map((c) => c.hash))).toEqual(new Set());
    expect(await core.store.listRecords(pack.meetingId, 'annotation')).toEqual([]);
    expect(await stateOf(core, pack.meetingId, true)).toBe('revoked');
    expect(await codeOf(core.documentStream(pack.meetingId, 'a'))).toBe('REVOKED');
  });

  it('refuses a server that answers for another delegate, before anything is stored', async () => {
    await pack.publish([docA]);
    const d2 = await deriveCredentials({ secret: pack.secrets.get('d2')!, meetingId: pack.meetingId, delegateId: 'd2' });
    proxy.rewrite = {
      manifest: async () => (await fetch(`${server.url}${API.manifest(pack.meetingId)}`, { headers: { authorization: `Bearer ${d2.authToken}` } })).json(),
    };
    expect(await codeOf(core.join(link('d1'), 'refuse'))).toBe('UNAUTHORIZED');
    // d1's own keys, but the answer claims another delegate: the keys would open, the delegate check refuses.
    proxy.rewrite = { manifest: (body) => ({ ...(body as object), delegateId: 'chair', role: 'chair' }) };
    expect(await codeOf(core.fetch(link('d1')))).toBe('UNAUTHORIZED');
    proxy.rewrite = {};
    expect((await core.fetch(link('d1'))).opened.role).toBe('delegate');
    expect(await core.store.getMeeting(pack.meetingId)).toBeUndefined();
  });

  it('refuses another delegate in the same store (refuse), or replaces it (replace)', async () => {
    await pack.publish([docB]);
    await core.join(link('d1'), 'refuse');
    expect(await codeOf(core.join(link('d2'), 'refuse'))).toBe('CONFLICT');
    const out = await core.join(link('d2'), 'replace');
    expect(out.record).toMatchObject({ delegateId: 'd2', currentRevision: 1 });
  });

  it('keeps per-meeting records (annotations, search) that go with their meeting', async () => {
    await pack.publish([docB]);
    await core.join(link(), 'refuse');
    const id = pack.meetingId;
    await core.store.putRecord({ meetingId: id, kind: 'annotation', key: 'n2', value: '{"text":"Đề nghị làm rõ"}' });
    await core.store.putRecord({ meetingId: id, kind: 'annotation', key: 'n1', value: '{"text":"Đồng ý"}' });
    await core.store.putRecord({ meetingId: id, kind: 'search', key: 'b', value: new Uint8Array([1, 2, 3]) });
    await core.store.putRecord({ meetingId: id, kind: 'annotation', key: 'n1', value: '{"text":"Đồng ý, sửa"}' });
    expect((await core.store.listRecords(id, 'annotation')).map((r) => [r.key, r.value])).toEqual([
      ['n1', '{"text":"Đồng ý, sửa"}'],
      ['n2', '{"text":"Đề nghị làm rõ"}'],
    ]);
    expect((await core.store.getRecord(id, 'search', 'b'))?.value).toEqual(new Uint8Array([1, 2, 3]));
    await core.store.deleteRecord(id, 'annotation', 'n2');
    expect((await core.store.listRecords(id, 'annotation')).map((r) => r.key)).toEqual(['n1']);
    expect(await codeOf(core.store.putRecord({ meetingId: 'nope', kind: 'annotation', key: 'x', value: '' }))).toBe('VAULT_NOT_FOUND');
    expect(await codeOf(core.store.putRecord({ meetingId: id, kind: 'Bad Kind', key: 'x', value: '' }))).toBe('BAD_REQUEST');
    await core.forget(id);
    expect(await core.store.listRecords(id, 'search')).toEqual([]);
    expect(await core.store.listMeetings()).toEqual([]);
    expect(await core.store.storedChunks(pack.chunksOf('b').map((c) => c.hash))).toEqual(new Set());
  });
});
