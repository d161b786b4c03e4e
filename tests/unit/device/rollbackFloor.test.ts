// The rollback check and the lease's clock, carried out by the device core against both storage adapters and a
// real collab-server on 127.0.0.1:0. A server (or a proxy) replaying an older manifest answer is refused below
// the pending revision, and also after a shredding (lease, revoke) cleared every revision on the device. The
// lease counts from the latest time seen: a clock set back neither shreds early nor stops it, and a contact
// made with the clock set back is not put before the time already counted.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceCore } from '../../../common/device/DeviceCore.ts';
import type { FetchLike } from '../../../common/device/serverClient.ts';
import type { PackManifest } from '../../../common/pack/format.ts';
import { CouncilError } from '../../../common/result.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../join/helpers/env.ts';
import { makePdf, TestPack, type FixtureDoc } from '../join/helpers/packFixture.ts';
import { ADAPTERS, type Home } from './adapters.ts';

const H = 3_600_000;
const t0 = Date.UTC(2026, 11, 5, 0, 30);
const LEASE = { hours: 72, confidentialHours: 12 };
const iso = (ms: number): string => new Date(ms).toISOString();

let server: TestServer;
let docA: FixtureDoc;
let docB: FixtureDoc;
let mat: FixtureDoc;
beforeAll(async () => {
  server = await startTestServer();
  docA = { id: 'a', title: 'Tờ trình A', kind: 'to-trinh', agendaItemId: '1', data: await makePdf('A', 1, 64 * 1024), pages: 1 };
  docB = { id: 'b', title: 'Tờ trình B', kind: 'to-trinh', agendaItemId: '2', data: await makePdf('B', 1, 64 * 1024), pages: 1 };
  mat = { id: 'mat', title: 'Tài liệu mật', kind: 'bao-cao', agendaItemId: '1', data: await makePdf('M', 1, 64 * 1024), pages: 1, confidential: true, readers: ['d1'] };
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

/** The real server, except that the manifest answer can be replaced by one recorded earlier (a replay). */
function replayingFetch(): { fetch: FetchLike; recorded: () => string | undefined; replay: (body: string | undefined) => void } {
  let last: string | undefined;
  let replaying: string | undefined;
  const fetchImpl: FetchLike = async (input, init) => {
    const url = String(input);
    if (!url.endsWith('/manifest')) return fetch(input, init);
    if (replaying !== undefined) return new Response(replaying, { status: 200, headers: { 'content-type': 'application/json' } });
    const res = await fetch(input, init);
    last = await res.text();
    return new Response(last, { status: res.status, headers: res.headers });
  };
  return { fetch: fetchImpl, recorded: () => last, replay: (body) => void (replaying = body) };
}

describe.each(ADAPTERS)('rollback floor and lease clock over $name', (adapter) => {
  let h: Home;
  let core: DeviceCore;
  let pack: TestPack;
  let now: number;
  let net: ReturnType<typeof replayingFetch>;
  beforeEach(async () => {
    h = await adapter.open();
    now = t0;
    net = replayingFetch();
    core = h.core(net.fetch, () => now);
    pack = await TestPack.create(server.url, ADMIN_TOKEN);
  });
  afterEach(() => h.close());
  const withLease = { manifest: (m: PackManifest): PackManifest => ({ ...m, meeting: { ...m.meeting, lease: LEASE } }) };

  it('refuses a revision older than the pending one', async () => {
    await pack.publish([docA], withLease);
    await core.join(pack.link('d1'), 'refuse');
    const revision1 = net.recorded();
    await pack.publish([docA, docB], withLease);
    await core.refresh(pack.meetingId);
    expect(await core.store.getMeeting(pack.meetingId)).toMatchObject({ currentRevision: 1, pendingRevision: 2 });
    net.replay(revision1);
    expect(await codeOf(core.refresh(pack.meetingId))).toBe('CONFLICT');
    expect(await codeOf(core.sync(pack.meetingId))).toBe('CONFLICT');
    net.replay(undefined);
    expect((await core.sync(pack.meetingId)).record.currentRevision).toBe(2);
  });

  it('still refuses an older revision after the lease shredded the meeting', async () => {
    await pack.publish([docA, mat], withLease);
    await core.join(pack.link('d1'), 'refuse');
    const revision1 = net.recorded();
    await pack.publish([docA, docB, mat], withLease);
    await core.join(pack.link('d1'), 'refuse');
    now = t0 + 72 * H;
    expect((await core.enforceLease(pack.meetingId))?.state).toBe('expired');
    expect(await core.store.getMeeting(pack.meetingId)).toMatchObject({ status: 'expired', currentRevision: null, pendingRevision: null, highestRevision: 2 });
    net.replay(revision1);
    expect(await codeOf(core.join(pack.link('d1'), 'refuse'))).toBe('CONFLICT');
    expect((await core.store.getMeeting(pack.meetingId))?.status).toBe('expired');
    net.replay(undefined);
    expect((await core.join(pack.link('d1'), 'refuse')).record).toMatchObject({ status: 'active', currentRevision: 2 });
  });

  it('and after a revocation: a re-invitation is not taken back to an older revision', async () => {
    await pack.publish([docA], withLease);
    await core.join(pack.link('d1'), 'refuse');
    const revision1 = net.recorded();
    await pack.publish([docA, docB], withLease);
    await core.join(pack.link('d1'), 'refuse');
    await core.revoke(pack.meetingId);
    net.replay(revision1);
    expect(await codeOf(core.join(pack.link('d1'), 'refuse'))).toBe('CONFLICT');
  });

  it('counts the lease from the latest time seen when the clock is set back', async () => {
    await pack.publish([docA, mat], withLease);
    const id = pack.meetingId;
    await core.join(pack.link('d1'), 'refuse');
    now = t0 + 11 * H;
    expect(await core.enforceLease(id)).toMatchObject({ state: 'warn', what: 'confidential' });
    expect((await core.store.getMeeting(id))?.latestSeenAt).toBe(iso(t0 + 11 * H));
    // The clock goes back 1000 hours: the warning stays (the lease does not restart), nothing is shredded early.
    now = t0 - 1000 * H;
    expect(await core.enforceLease(id)).toMatchObject({ state: 'warn', what: 'confidential', at: iso(t0 + 12 * H) });
    expect((await core.store.getMeeting(id))?.latestSeenAt).toBe(iso(t0 + 11 * H));
    // A restart of the app (the store reopened) keeps the latest time seen.
    h = await h.reopen();
    core = h.core(net.fetch, () => now);
    expect(await core.enforceLease(id)).toMatchObject({ state: 'warn', what: 'confidential' });
    // Contact made with the clock set back counts at the latest time seen, not 1000 hours before it.
    await core.noteContact(id);
    expect((await core.store.getMeeting(id))?.lastContactAt).toBe(iso(t0 + 11 * H));
    expect(await core.enforceLease(id)).toMatchObject({ state: 'ok', what: 'confidential', at: iso(t0 + 23 * H) });
    // The clock passes the latest time seen again: the lease runs out on time from that contact.
    now = t0 + 23 * H;
    await core.enforceLease(id);
    expect(await core.shredding(id)).toMatchObject({ documentIds: ['mat'] });
  });
});
