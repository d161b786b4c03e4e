// Both homes of the device core refuse a server that answers for ANOTHER delegate (with that delegate's
// valid, signed answer), because both open the manifest through the same core: the Node vault behind the
// CLI (joinMeeting) and Electron (AppService), and the browser (WebPlatform over IndexedDB).
import 'fake-indexeddb/auto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CouncilError } from '../../../common/result.ts';
import { AppService } from '../../../main/services/app/AppService.ts';
import { FileKeyProtector } from '../../../main/services/keys/FileKeyProtector.ts';
import { joinMeeting } from '../../../main/services/join/joinMeeting.ts';
import { listDocuments } from '../../../main/services/vault/documents.ts';
import { WebPlatform } from '../../../renderer/platform/web/WebPlatform.ts';
import { startProxy, startTestServer, tempDir, ADMIN_TOKEN, type CountingProxy, type TestServer } from '../join/helpers/env.ts';
import { makePdf, TestPack } from '../join/helpers/packFixture.ts';

let server: TestServer;
let proxy: CountingProxy;
let pack: TestPack;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  proxy = await startProxy(server.url);
  dir = tempDir('council-homes-');
  pack = await TestPack.create(server.url, ADMIN_TOKEN);
  await pack.publish([{ id: 'a', title: 'Tờ trình A', kind: 'to-trinh', agendaItemId: '1', data: await makePdf('A', 1, 200_000), pages: 1 }]);
  // A server (or a proxy in front of it) that answers as if the link were the chair's: the keys would still
  // open (they are d1's), so only the delegate check stands between this answer and a device that believes
  // it is the chair.
  proxy.rewrite = { manifest: (body) => ({ ...(body as object), delegateId: 'chair', role: 'chair' }) };
});
afterAll(async () => {
  await proxy.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const link = (): string => pack.link('d1', { server: proxy.url });

describe('a server answering for another delegate', () => {
  it('is refused by the Node home (CLI join), storing nothing', async () => {
    const vault = join(dir, 'cli');
    const code = await joinMeeting({ link: link(), dataDir: vault }).then(
      () => 'no error',
      (e: unknown) => (e instanceof CouncilError ? e.code : String(e)),
    );
    expect(code).toBe('UNAUTHORIZED');
    expect(await listDocuments(vault)).toEqual([]);
  });

  it('is refused by the Node home (Electron AppService)', async () => {
    const vault = join(dir, 'app');
    const app = new AppService({ dataDir: vault, protector: () => FileKeyProtector.open(vault) });
    const preview = await app.previewInvitation(link());
    expect(!preview.ok && preview.error.code).toBe('UNAUTHORIZED');
    const joined = await app.joinMeeting(link());
    expect(!joined.ok && joined.error.code).toBe('UNAUTHORIZED');
    expect(await app.listMeetings()).toEqual({ ok: true, value: [] });
    app.close();
  });

  it('is refused by the browser home (WebPlatform over IndexedDB)', async () => {
    const web = new WebPlatform({ dbName: 'council-homes-web' });
    const preview = await web.previewInvitation(link());
    expect(!preview.ok && preview.error.code).toBe('UNAUTHORIZED');
    const joined = await web.joinMeeting(link());
    expect(!joined.ok && joined.error.code).toBe('UNAUTHORIZED');
    expect(await web.listMeetings()).toEqual({ ok: true, value: [] });
  });
});
