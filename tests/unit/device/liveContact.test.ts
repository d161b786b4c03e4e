// The live session restarts the device lease (DeviceApp.noteLiveContact, what Platform.noteLiveContact and the
// Electron channel of the same name call), against both storage adapters and a real collab-server: written at
// most once a minute, and never for a meeting the device no longer holds.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeviceApp } from '../../../common/device/DeviceApp.ts';
import type { DeviceCore } from '../../../common/device/DeviceCore.ts';
import type { PackManifest } from '../../../common/pack/format.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../join/helpers/env.ts';
import { makePdf, TestPack, type FixtureDoc } from '../join/helpers/packFixture.ts';
import { ADAPTERS, type Home } from './adapters.ts';

const H = 3_600_000;
const t0 = Date.UTC(2026, 11, 5, 0, 30);
const LEASE = { hours: 72, confidentialHours: 12 };
const iso = (ms: number): string => new Date(ms).toISOString();

let server: TestServer;
let mat: FixtureDoc;
beforeAll(async () => {
  server = await startTestServer();
  mat = { id: 'mat', title: 'Tài liệu mật', kind: 'bao-cao', agendaItemId: '1', data: await makePdf('M', 1, 64 * 1024), pages: 1, confidential: true, readers: ['d1'] };
});
afterAll(() => server.stop());

describe.each(ADAPTERS)('live contact over $name', (adapter) => {
  let h: Home;
  let core: DeviceCore;
  let app: DeviceApp;
  let pack: TestPack;
  let now: number;
  beforeEach(async () => {
    h = await adapter.open();
    now = t0;
    core = h.core(undefined, () => now);
    app = new DeviceApp({ core, acceptStores: true, otherIdentity: 'refuse' });
    pack = await TestPack.create(server.url, ADMIN_TOKEN);
    await pack.publish([mat], { manifest: (m: PackManifest): PackManifest => ({ ...m, meeting: { ...m.meeting, lease: LEASE } }) });
    await core.join(pack.link('d1'), 'refuse');
  });
  afterEach(() => h.close());

  it('an all-day live session keeps the confidential keys: each note restarts the lease, at most once a minute', async () => {
    const id = pack.meetingId;
    for (let hour = 8; hour <= 40; hour += 8) {
      now = t0 + hour * H;
      expect(await app.noteLiveContact(id)).toEqual({ ok: true, value: null });
      expect((await core.store.getMeeting(id))?.lastContactAt).toBe(iso(now));
      expect((await core.enforceLease(id))?.state).toBe('ok');
    }
    expect(await core.shredding(id)).toBeUndefined();
    // Within the minute: not written again.
    const written = now;
    now += 30_000;
    await app.noteLiveContact(id);
    expect((await core.store.getMeeting(id))?.lastContactAt).toBe(iso(written));
    now += 60_000;
    await app.noteLiveContact(id);
    expect((await core.store.getMeeting(id))?.lastContactAt).toBe(iso(now));
  });

  it('does nothing for a revoked meeting or one not on the device', async () => {
    const id = pack.meetingId;
    await core.revoke(id);
    const before = await core.store.getMeeting(id);
    now = t0 + 5 * H;
    expect(await app.noteLiveContact(id)).toEqual({ ok: true, value: null });
    expect(await core.store.getMeeting(id)).toEqual(before);
    expect(await app.noteLiveContact('not-here')).toEqual({ ok: true, value: null });
  });
});
