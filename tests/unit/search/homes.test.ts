// Platform.search in both homes against a real collab-server with the demo meeting: the browser's WebPlatform
// (fake-indexeddb: shards as IndexedDB records) and Electron's AppService (the SQLite vault), the same answers.
import 'fake-indexeddb/auto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollabServer, type CollabServer } from '../../../collab-server/server.ts';
import { AppService } from '../../../main/services/app/AppService.ts';
import { FileKeyProtector } from '../../../main/services/keys/FileKeyProtector.ts';
import { publishMeeting } from '../../../main/services/publish/publish.ts';
import type { SearchResults } from '../../../common/search/types.ts';
import { WebPlatform } from '../../../renderer/platform/web/WebPlatform.ts';
import { DEMO } from './demoTexts.ts';

const ADMIN = 'search-homes-admin-token-0123456789';
let tmp: string;
let server: CollabServer;
let link: string;
let meetingId: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'council-search-homes-'));
  const folder = path.join(tmp, 'demo');
  cpSync(DEMO, folder, { recursive: true, filter: (p) => !p.includes('.council') });
  server = await startCollabServer({ dataDir: path.join(tmp, 'server'), host: '127.0.0.1', port: 0, adminToken: ADMIN, log: () => undefined });
  const published = await publishMeeting({ folder, server: server.url, adminToken: ADMIN, outDir: path.join(tmp, 'inv') });
  link = published.invitations.find((i) => i.id === 'd05')!.link;
  meetingId = published.meetingId;
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const shape = (r: SearchResults) => r.documents.map((d) => [d.title, d.pages.map((p) => [p.page, p.hits, p.exact])]);

describe('search through the Platform seam', () => {
  it('answers the same in the browser home and the Electron home', async () => {
    const web = new WebPlatform({ dbName: 'council-search-homes' });
    expect((await web.joinMeeting(link)).ok).toBe(true);
    expect((await web.startDownload(meetingId, () => undefined)).ok).toBe(true);

    const dataDir = path.join(tmp, 'electron');
    const app = new AppService({ dataDir, protector: () => FileKeyProtector.open(dataDir) });
    expect((await app.joinMeeting(link)).ok).toBe(true);
    expect((await app.startDownload(meetingId, () => undefined)).ok).toBe(true);

    for (const q of ['ngan sach xa', '"kien nghi"', 'Nậm Nhừ', 'nghij quyeets', 'zzzz']) {
      const a = await web.search(q);
      const b = await app.search(q, { meetingId });
      if (!a.ok || !b.ok) throw new Error(`${q}: ${JSON.stringify([a, b])}`);
      expect(shape(a.value), q).toEqual(shape(b.value));
      expect(a.value.repaired).toEqual(b.value.repaired);
      if (q !== 'zzzz') expect(a.value.totalPages, q).toBeGreaterThan(0);
    }
    app.close();
  }, 120_000);
});
