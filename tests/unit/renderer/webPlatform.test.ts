// The browser Platform in Node (fake-indexeddb + fetch) against a real collab-server with the demo meeting:
// join, download, decrypt, then a republished revision downloads only the changed document.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollabServer, type CollabServer } from '../../../collab-server/server.ts';
import { publishMeeting } from '../../../main/services/publish/publish.ts';
import type { DownloadProgress } from '../../../renderer/platform/Platform.ts';
import { WebPlatform } from '../../../renderer/platform/web/WebPlatform.ts';

const ADMIN = 'unit-admin-token-0123456789abcdef';
const ROOT = path.resolve(import.meta.dirname, '../../..');
const CHANGED = 'to-trinh/to-trinh-du-toan-ngan-sach-2027.pdf';

let tmp: string;
let folder: string;
let server: CollabServer;
let link: string;
let chunkRequests = 0;

const countingFetch = (input: string, init?: RequestInit) => {
  if (input.includes('/api/chunks/')) chunkRequests++;
  return fetch(input, init);
};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'council-webplatform-'));
  folder = path.join(tmp, 'demo');
  cpSync(path.join(ROOT, 'resources/demo-meeting'), folder, { recursive: true });
  server = await startCollabServer({ dataDir: path.join(tmp, 'server'), host: '127.0.0.1', port: 0, adminToken: ADMIN, log: () => undefined });
  const published = await publishMeeting({ folder, server: server.url, adminToken: ADMIN, outDir: path.join(tmp, 'inv') });
  link = published.invitations.find((i) => i.id === 'd05')?.link ?? '';
});

afterAll(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('WebPlatform against a real server', () => {
  const platform = new WebPlatform({ fetch: countingFetch, dbName: 'council-webplatform' });

  it('previews, joins, downloads and decrypts', async () => {
    const preview = await platform.previewInvitation(link);
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.value.delegate?.name).toBe('Sùng A Páo');
    expect(preview.value.alreadyJoined).toBe(false);

    const joined = await platform.joinMeeting(link);
    expect(joined.ok && joined.value.state).toBe('not-downloaded');
    const meetingId = preview.value.meetingId;
    const progress: DownloadProgress[] = [];
    const done = await platform.startDownload(meetingId, (p) => progress.push(p));
    expect(done.ok && done.value.state).toBe('ready');
    expect(progress.at(-1)).toMatchObject({ phase: 'done', documentsDone: preview.value.documentCount });

    const view = await platform.getMeeting(meetingId);
    if (!view.ok) throw new Error(view.error.message);
    expect(view.value.documents.every((d) => d.available && !d.confidential)).toBe(true);
    const doc = view.value.documents.find((d) => d.title.startsWith('Tờ trình về dự toán'));
    const bytes = await platform.openDocument(meetingId, doc?.id ?? '');
    expect(bytes.ok && sha(bytes.value)).toBe(sha(readFileSync(path.join(folder, CHANGED))));
    expect(await platform.checkForUpdate(meetingId)).toEqual({ ok: true, value: null });
  });

  it('a republished revision shows what changed and downloads only that', async () => {
    const list = await platform.listMeetings();
    const meetingId = list.ok ? (list.value[0]?.meetingId ?? '') : '';
    copyFileSync(path.join(folder, 'to-trinh/to-trinh-dau-tu-cong-2027.pdf'), path.join(folder, CHANGED));
    await publishMeeting({ folder, server: server.url, adminToken: ADMIN, outDir: path.join(tmp, 'inv') });

    const update = await platform.checkForUpdate(meetingId);
    if (!update.ok || !update.value) throw new Error('expected an update');
    expect(update.value.toRevision).toBe(2);
    expect(update.value.changes.map((c) => `${c.change}:${c.title}`)).toEqual([expect.stringMatching(/^changed:Tờ trình về dự toán/)]);
    const listed = await platform.listMeetings();
    expect(listed.ok && listed.value[0]?.state).toBe('update-available');

    chunkRequests = 0;
    const done = await platform.startDownload(meetingId, () => undefined);
    expect(done.ok && done.value.readyRevision).toBe(2);
    // The changed PDF's chunk and its page-text chunk.
    expect(chunkRequests).toBe(2);
    const view = await platform.getMeeting(meetingId);
    const doc = view.ok ? view.value.documents.find((d) => d.title.startsWith('Tờ trình về dự toán')) : undefined;
    expect(doc?.revision).toBe(2);
    const bytes = await platform.openDocument(meetingId, doc?.id ?? '');
    expect(bytes.ok && sha(bytes.value)).toBe(sha(readFileSync(path.join(folder, CHANGED))));
  });

  it('refuses a tampered link with LINK_INVALID', async () => {
    const result = await platform.previewInvitation(link.replace('#v1.', '#v9.'));
    expect(result.ok ? 'ok' : result.error.code).toBe('LINK_INVALID');
  });
});
