// The device side of the note keys (DeviceCore.noteKeys and the Platform seam), over both storage homes, a pack
// from the real publisher on a real collab-server and an injected clock: the keys of the revision held, the
// confidential notes keys destroyed with the confidential document keys when the lease runs out (and put back by
// the next download), NOTE_KEYS_MISSING for a pack from before annotations.
import 'fake-indexeddb/auto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { DeviceCore } from '../../../common/device/DeviceCore.ts';
import { IPC_INVOKE_CHANNELS, type CouncilBridge } from '../../../common/api/ipc.ts';
import { AppService } from '../../../main/services/app/AppService.ts';
import { parseIpcArgs } from '../../../main/services/app/policy/ipcSchemas.ts';
import { FileKeyProtector } from '../../../main/services/keys/FileKeyProtector.ts';
import { publishMeeting, type PublishResult } from '../../../main/services/publish/publish.ts';
import { loadState } from '../../../main/services/publish/state.ts';
import { createElectronPlatform } from '../../../renderer/platform/electron/createElectronPlatform.ts';
import { WebPlatform } from '../../../renderer/platform/web/WebPlatform.ts';
import { ADAPTERS, type Home } from '../device/adapters.ts';
import { ADMIN_TOKEN, startTestServer, tempDir, type TestServer } from '../join/helpers/env.ts';
import { makePdf, TestPack } from '../join/helpers/packFixture.ts';
import { makeMeeting, MEETING, type TempMeeting } from '../publish/fixtures.ts';

const H = 3_600_000;
const t0 = Date.UTC(2026, 11, 5, 0, 30);

let server: TestServer;
let meeting: TempMeeting;
let published: PublishResult;
let mat = '';
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  dir = tempDir('council-notes-device-');
  meeting = await makeMeeting();
  await meeting.write('meeting.json', JSON.stringify({ ...MEETING, lease: { hours: 72, confidentialHours: 12 } }));
  published = await publishMeeting({ folder: meeting.dir, server: server.url, adminToken: ADMIN_TOKEN, ocr: false });
  mat = (await loadState(meeting.dir))?.documents['mat/nhan-su.pdf']?.id ?? '';
});
afterAll(async () => {
  await meeting.cleanup();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const linkOf = (id: string): string => published.invitations.find((i) => i.id === id)?.link ?? '';

describe.each(ADAPTERS)('DeviceCore.noteKeys over $name', (adapter) => {
  let h: Home;
  let core: DeviceCore;
  let now: number;
  beforeEach(async () => {
    h = await adapter.open();
    now = t0;
    core = h.core(undefined, () => now);
  });
  afterEach(() => h.close());

  it('opens the keys of the revision held; the confidential lease takes the confidential notes keys, a download brings them back', async () => {
    await core.join(linkOf('d02'), 'refuse');
    const keys = await core.noteKeys(published.meetingId);
    if (!keys.ok) throw new Error(keys.error.message);
    expect(keys.value).toMatchObject({ meetingId: published.meetingId, delegateId: 'd02', group: { groupId: 'to-1' } });
    expect(Object.keys(keys.value.confidential)).toEqual([mat]);
    expect(Object.keys(keys.value.signers).sort()).toEqual(['d01', 'd02', 'd03', 'hall', 'tk01']);
    expect(keys.value.opinionPrivateKey).toBeUndefined();

    now = t0 + 13 * H;
    const cut = await core.noteKeys(published.meetingId);
    if (!cut.ok) throw new Error(cut.error.message);
    expect(cut.value.confidential).toEqual({});
    expect({ ...cut.value, confidential: keys.value.confidential }).toEqual(keys.value);

    await core.sync(published.meetingId);
    expect(await core.noteKeys(published.meetingId)).toEqual(keys);
  });

  it('gives the secretary the inbox key', async () => {
    await core.join(linkOf('tk01'), 'refuse');
    const keys = await core.noteKeys(published.meetingId);
    expect(keys.ok && typeof keys.value.opinionPrivateKey).toBe('string');
    expect(keys.ok && keys.value.group).toBeUndefined();
  });

  it('answers NOTE_KEYS_MISSING for a pack from before annotations, VAULT_NOT_FOUND for a meeting it does not hold', async () => {
    const pack = await TestPack.create(server.url, ADMIN_TOKEN);
    await pack.publish([{ id: 'a', title: 'Tờ trình A', kind: 'to-trinh', agendaItemId: '1', data: await makePdf('A', 1, 100_000), pages: 1 }]);
    await core.join(pack.link('d1'), 'refuse');
    const r = await core.noteKeys(pack.meetingId);
    expect(!r.ok && r.error.code).toBe('NOTE_KEYS_MISSING');
    const none = await core.noteKeys('mNotHere');
    expect(!none.ok && none.error.code).toBe('VAULT_NOT_FOUND');
  });
});

describe('Platform.noteKeys', () => {
  it('is an IPC channel whose argument is checked', () => {
    expect(IPC_INVOKE_CHANNELS).toContain('noteKeys');
    expect(parseIpcArgs('noteKeys', [published.meetingId])).toEqual({ ok: true, value: [published.meetingId] });
    for (const bad of [[], ['m/../x'], [published.meetingId, 'extra'], [42]]) expect(parseIpcArgs('noteKeys', bad).ok).toBe(false);
  });

  it('answers in the Electron main process (AppService, behind the noteKeys IPC channel)', async () => {
    const vault = join(dir, 'app');
    const app = new AppService({ dataDir: vault, protector: () => FileKeyProtector.open(vault) });
    try {
      const joined = await app.joinMeeting(linkOf('d03'));
      expect(joined.ok).toBe(true);
      expect((await app.startDownload(published.meetingId, () => undefined)).ok).toBe(true);
      const keys = await app.noteKeys(published.meetingId);
      expect(keys.ok && keys.value).toMatchObject({ delegateId: 'd03', group: { groupId: 'to-2' }, confidential: {} });
      // The renderer's side of the channel: the Electron platform passes the bridge's answer through.
      const bridge: CouncilBridge = { ...({} as CouncilBridge), noteKeys: (id: string) => app.noteKeys(id) };
      expect(await createElectronPlatform(bridge).noteKeys(published.meetingId)).toEqual(keys);
    } finally {
      app.close();
    }
  });

  it('answers in the browser (WebPlatform over IndexedDB)', async () => {
    const web = new WebPlatform({ dbName: 'council-notes-web' });
    const joined = await web.joinMeeting(linkOf('d01'));
    expect(joined.ok).toBe(true);
    expect((await web.startDownload(published.meetingId, () => undefined)).ok).toBe(true);
    const keys = await web.noteKeys(published.meetingId);
    expect(keys.ok && keys.value).toMatchObject({ delegateId: 'd01', group: { groupId: 'to-1' } });
  });
});
