// The device lease carried out by the device core, against both storage adapters, a real collab-server on
// 127.0.0.1:0 and an injected clock: the warning, the confidential documents shredded (the rest still
// reads, no ciphertext of theirs left), the whole meeting shredded as 'expired', contact restarting the
// clock, and a download that puts everything back.
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { DeviceApp } from '../../../common/device/DeviceApp.ts';
import type { DeviceCore } from '../../../common/device/DeviceCore.ts';
import { readDocument } from '../../../common/device/documents.ts';
import { DEFAULT_LEASE } from '../../../common/device/lease.ts';
import { deriveMeetingState, stateInputs } from '../../../common/device/meetingState.ts';
import type { PackManifest } from '../../../common/pack/format.ts';
import { CouncilError } from '../../../common/result.ts';
import { startTestServer, ADMIN_TOKEN, type TestServer } from '../join/helpers/env.ts';
import { makePdf, TestPack, type FixtureDoc } from '../join/helpers/packFixture.ts';
import { ADAPTERS, type Home } from './adapters.ts';

const H = 3_600_000;
const t0 = Date.UTC(2026, 11, 5, 0, 30);
const LEASE = { hours: 72, confidentialHours: 12 };
const iso = (ms: number): string => new Date(ms).toISOString();

let server: TestServer;
let docA: FixtureDoc;
let mat: FixtureDoc;

beforeAll(async () => {
  server = await startTestServer();
  docA = { id: 'a', title: 'Tờ trình A', kind: 'to-trinh', agendaItemId: '1', data: await makePdf('A', 1, 1.3 * 1024 * 1024), pages: 1 };
  mat = { id: 'mat', title: 'Tài liệu mật', kind: 'bao-cao', agendaItemId: '1', data: await makePdf('M', 1, 1.2 * 1024 * 1024), pages: 1, confidential: true, readers: ['d1'] };
});
afterAll(() => server.stop());

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof CouncilError ? e.code : `not a CouncilError: ${String(e)}`;
  }
  return 'no error';
}

async function read(core: DeviceCore, meetingId: string, docId: string): Promise<Buffer> {
  const { entry, stream } = await core.documentStream(meetingId, docId);
  return Buffer.from(await readDocument(stream, entry.bytes));
}

async function stateOf(core: DeviceCore, meetingId: string): Promise<string> {
  const record = await core.store.getMeeting(meetingId);
  if (!record) return 'absent';
  const pending = record.pendingRevision === null ? undefined : await core.store.getRevision(meetingId, record.pendingRevision);
  return deriveMeetingState(stateInputs(record, pending, { downloading: false, latestKnown: 0 }));
}

describe.each(ADAPTERS)('device lease over $name', (adapter) => {
  let h: Home;
  let core: DeviceCore;
  let pack: TestPack;
  let now: number;
  beforeEach(async () => {
    h = await adapter.open();
    now = t0;
    core = h.core(undefined, () => now);
    pack = await TestPack.create(server.url, ADMIN_TOKEN);
  });
  afterEach(() => h.close());
  const withLease = { manifest: (m: PackManifest): PackManifest => ({ ...m, meeting: { ...m.meeting, lease: LEASE } }) };
  const join = async (): Promise<string> => {
    await core.join(pack.link('d1'), 'refuse');
    return pack.meetingId;
  };

  it('warns before the confidential keys go, and the app view carries it', async () => {
    await pack.publish([docA, mat], withLease);
    const id = await join();
    expect(await core.store.getMeeting(id)).toMatchObject({ lastContactAt: iso(t0) });
    now = t0 + 9 * H;
    expect(await core.enforceLease(id)).toEqual({ state: 'ok', what: 'confidential', at: iso(t0 + 12 * H), hours: 12, lastContactAt: iso(t0) });
    now = t0 + 10 * H;
    const warn = { state: 'warn', what: 'confidential', at: iso(t0 + 12 * H), hours: 12, lastContactAt: iso(t0) };
    expect(await core.enforceLease(id)).toEqual(warn);
    const app = new DeviceApp({ core, acceptStores: true, otherIdentity: 'replace' });
    const view = await app.getMeeting(id);
    expect(view.ok && view.value.summary.lease).toEqual(warn);
    const list = await app.listMeetings();
    expect(list.ok && list.value.map((m) => m.lease?.state)).toEqual(['warn']);
    // A warning destroys nothing.
    expect((await read(core, id, 'mat')).equals(Buffer.from(mat.data))).toBe(true);
  });

  it('past the confidential lease: confidential keys and their ciphertext go, the rest still reads; a download puts them back', async () => {
    await pack.publish([docA, mat], withLease);
    const id = await join();
    const matChunks = pack.chunksOf('mat').map((c) => c.hash);
    expect((await core.store.storedChunks(matChunks)).size).toBe(matChunks.length);
    now = t0 + 12 * H;
    const lease = await core.enforceLease(id);
    expect(lease).toMatchObject({ state: 'ok', what: 'meeting', at: iso(t0 + 72 * H), shredded: { at: iso(now), hours: 12, documentIds: ['mat'] } });
    expect(await codeOf(core.documentStream(id, 'mat'))).toBe('LEASE_EXPIRED');
    expect(await core.store.storedChunks(matChunks)).toEqual(new Set());
    const record = (await core.store.getMeeting(id))!;
    expect((await core.openCurrent(record)).bundle.documentKeys).toEqual({});
    expect((await read(core, id, 'a')).equals(Buffer.from(docA.data))).toBe(true);
    expect(await stateOf(core, id)).toBe('ready');
    // After a restart too.
    h = await h.reopen();
    core = h.core(undefined, () => now);
    expect(await codeOf(core.documentStream(id, 'mat'))).toBe('LEASE_EXPIRED');

    // Reconnecting: the same revision again, with the server's keys; only the confidential chunks travel.
    now = t0 + 13 * H;
    const out = await core.sync(id);
    expect(out.downloadedBytes).toBe(pack.chunksOf('mat').reduce((n, c) => n + c.size, 0));
    expect((await read(core, id, 'mat')).equals(Buffer.from(mat.data))).toBe(true);
    expect(await core.shredding(id)).toBeUndefined();
    expect(await core.enforceLease(id)).toMatchObject({ state: 'ok', what: 'confidential', at: iso(now + 12 * H), lastContactAt: iso(now) });
  });

  it("past the meeting's lease: everything goes as in a revocation, and the meeting reads 'expired' until joined again", async () => {
    await pack.publish([docA, mat], withLease);
    const id = await join();
    await core.store.putRecord({ meetingId: id, kind: 'annotation', key: 'n1', value: '{"page":1}' });
    now = t0 + 72 * H;
    expect(await core.enforceLease(id)).toMatchObject({ state: 'expired', what: 'meeting', hours: 72, lastContactAt: iso(t0) });
    expect(await core.store.getMeeting(id)).toMatchObject({ status: 'expired', expiredLeaseHours: 72, currentRevision: null, pendingRevision: null });
    expect(await core.store.getSecret(id)).toBeUndefined();
    expect(await core.store.storedChunks([...pack.chunksOf('a'), ...pack.chunksOf('mat')].map((c) => c.hash))).toEqual(new Set());
    expect(await core.store.listRecords(id, 'annotation')).toEqual([]);
    expect(await stateOf(core, id)).toBe('expired');
    expect(await codeOf(core.documentStream(id, 'a'))).toBe('LEASE_EXPIRED');
    const app = new DeviceApp({ core, acceptStores: true, otherIdentity: 'replace' });
    expect(await app.getMeeting(id)).toMatchObject({ ok: false, error: { code: 'LEASE_EXPIRED' } });
    const list = await app.listMeetings();
    expect(list.ok && list.value.map((m) => [m.state, m.lease?.state, m.lease?.hours])).toEqual([['expired', 'expired', 72]]);

    // The invitation link again, while the server still accepts the token: everything comes back.
    await core.join(pack.link('d1'), 'refuse');
    expect(await core.store.getMeeting(id)).toMatchObject({ status: 'active', expiredLeaseHours: null, lastContactAt: iso(now) });
    expect((await read(core, id, 'mat')).equals(Buffer.from(mat.data))).toBe(true);
  });

  it('an answer from the server restarts the clock', async () => {
    await pack.publish([docA, mat], withLease);
    const id = await join();
    now = t0 + 10 * H;
    expect((await core.enforceLease(id))?.state).toBe('warn');
    await core.refresh(id);
    expect(await core.store.getMeeting(id)).toMatchObject({ lastContactAt: iso(now) });
    now = t0 + 15 * H;
    expect(await core.enforceLease(id)).toMatchObject({ state: 'ok', what: 'confidential', at: iso(t0 + 22 * H) });
    expect((await read(core, id, 'mat')).equals(Buffer.from(mat.data))).toBe(true);
  });

  it('a pack without a lease gets the default (30 days, 3 days for confidential documents)', async () => {
    await pack.publish([docA, mat]);
    const id = await join();
    now = t0 + 60 * H;
    expect(await core.enforceLease(id)).toMatchObject({ state: 'warn', what: 'confidential', hours: DEFAULT_LEASE.confidentialHours, at: iso(t0 + DEFAULT_LEASE.confidentialHours * H) });
    now = t0 + (DEFAULT_LEASE.hours - 1) * H;
    expect(await core.enforceLease(id)).toMatchObject({ state: 'warn', what: 'meeting', at: iso(t0 + DEFAULT_LEASE.hours * H), shredded: { documentIds: ['mat'] } });
  });
});
