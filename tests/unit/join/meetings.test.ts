// The app-facing helpers: preview a link, list meetings, update without the link, forget a meeting.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { forgetMeeting, listMeetings, previewInvitation, syncMeeting } from '../../../main/services/join/meetings.ts';
import { joinMeeting } from '../../../main/services/join/joinMeeting.ts';
import { openVaultDb } from '../../../main/services/vault/vaultDb.ts';
import { chunkStats } from '../../../main/services/vault/chunkQueries.ts';
import { startTestServer, tempDir, ADMIN_TOKEN, type TestServer } from './helpers/env.ts';
import { makePdf, TestPack, type FixtureDoc } from './helpers/packFixture.ts';

let server: TestServer;
let vault: string;
let docA: FixtureDoc;
beforeAll(async () => {
  server = await startTestServer();
  docA = { id: 'a', title: 'Tài liệu A', kind: 'khac', agendaItemId: '1', data: await makePdf('A', 1, 1_200_000), pages: 1 };
});
afterAll(() => server.stop());
beforeEach(() => {
  vault = tempDir('council-vault-');
});
afterEach(() => rmSync(vault, { recursive: true, force: true }));

describe('meetings in the vault', () => {
  it('previews, lists, syncs without the link and forgets', async () => {
    const pack = await TestPack.create(server.url, ADMIN_TOKEN);
    await pack.publish([docA]);
    const preview = await previewInvitation(pack.link('chair'));
    expect(preview).toMatchObject({ meetingId: pack.meetingId, delegateId: 'chair', role: 'chair', revision: 1, documentCount: 1 });
    expect(preview.totalBytes).toBe(pack.chunksOf('a').reduce((n, c) => n + c.size, 0));
    expect(await listMeetings(vault)).toEqual([]);

    await joinMeeting({ link: pack.link('chair'), dataDir: vault });
    expect(await listMeetings(vault)).toMatchObject([{ meetingId: pack.meetingId, status: 'active', currentRevision: 1, meeting: { title: expect.any(String) } }]);

    const docB: FixtureDoc = { ...docA, id: 'b', title: 'Tài liệu B', data: await makePdf('B', 1, 10_000) };
    await pack.publish([docA, docB]);
    const synced = await syncMeeting({ dataDir: vault, meetingId: pack.meetingId });
    expect(synced).toMatchObject({ revision: 2, previousRevision: 1 });
    expect(synced.downloadedBytes).toBe(pack.chunksOf('b').reduce((n, c) => n + c.size, 0));

    forgetMeeting(vault, pack.meetingId);
    expect(await listMeetings(vault)).toEqual([]);
    const db = openVaultDb(vault);
    expect(chunkStats(db).count).toBe(0);
    db.close();
  });
});
