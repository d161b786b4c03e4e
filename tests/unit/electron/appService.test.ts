// The AppService (what the Electron main process answers over IPC) against a real collab-server on port 0
// with the demo meeting published from a temp copy.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollabServer, type CollabServer } from '../../../collab-server/server.ts';
import type { DownloadProgress } from '../../../common/api/ipc.ts';
import { AppService } from '../../../main/services/app/AppService.ts';
import { Keystore } from '../../../main/services/app/Keystore.ts';
import { publishMeeting, type PublishResult } from '../../../main/services/publish/publish.ts';

const ADMIN = 'test-admin-token-0123456789';
let root: string;
let server: CollabServer;
let published: PublishResult;
const linkOf = (id: string): string => published.invitations.find((i) => i.id === id)!.link;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'council-app-'));
  const folder = path.join(root, 'meeting');
  cpSync(path.resolve('resources/demo-meeting'), folder, { recursive: true, filter: (p) => !p.includes('.council') });
  server = await startCollabServer({ dataDir: path.join(root, 'server'), port: 0, adminToken: ADMIN, log: () => undefined });
  published = await publishMeeting({ folder, server: server.url, adminToken: ADMIN, outDir: path.join(root, 'invitations') });
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

function passphraseService(name: string): { app: AppService; keystore: Keystore } {
  const dataDir = path.join(root, name);
  const keystore = new Keystore({ dir: dataDir, scrypt: { N: 2 ** 12, r: 8, p: 1 } });
  return { app: new AppService({ dataDir, protector: () => keystore.protector() }), keystore };
}

describe('AppService over a real collab-server', () => {
  it('previews, joins, downloads and opens a document as delegate d05', async () => {
    const { app, keystore } = passphraseService('vault-d05');
    const preview = await app.previewInvitation(linkOf('d05'));
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(preview.value).toMatchObject({ delegateId: 'd05', meetingId: published.meetingId, alreadyJoined: false });
    expect(preview.value.documentCount).toBeGreaterThan(0);

    const joined = await app.joinMeeting(linkOf('d05'));
    expect(joined.ok && joined.value.state).toBe('not-downloaded');

    // No OS keystore here (plain Node): the vault is locked until a passphrase is given.
    expect(keystore.status()).toMatchObject({ mode: 'passphrase', unlocked: false, firstUse: true });
    const locked = await app.startDownload(published.meetingId, () => undefined);
    expect(!locked.ok && locked.error.code).toBe('VAULT_LOCKED');
    await keystore.unlock('mật khẩu của đại biểu');

    const progress: DownloadProgress[] = [];
    const done = await app.startDownload(published.meetingId, (p) => progress.push(p));
    expect(done.ok && done.value.state).toBe('ready');
    expect(progress.at(-1)?.phase).toBe('done');

    const list = await app.listMeetings();
    expect(list.ok && list.value.map((m) => [m.meetingId, m.state])).toEqual([[published.meetingId, 'ready']]);

    const view = await app.getMeeting(published.meetingId);
    expect(view.ok).toBe(true);
    if (!view.ok) return;
    expect(view.value.me?.id).toBe('d05');
    expect(view.value.documents.every((d) => d.available)).toBe(true);

    const doc = view.value.documents[0]!;
    const bytes = await app.openDocument(published.meetingId, doc.id);
    expect(bytes.ok && bytes.value.length).toBe(doc.bytes);
    expect(bytes.ok && Buffer.from(bytes.value.subarray(0, 5)).toString()).toBe('%PDF-');

    const live = await app.liveCredentials(published.meetingId);
    expect(live.ok && live.value).toMatchObject({ server: server.url, delegateId: 'd05', role: 'delegate' });
    expect((await app.checkForUpdate(published.meetingId)).ok).toBe(true);
    expect(app.servers()).toEqual([server.url]);

    expect((await app.forgetMeeting(published.meetingId)).ok).toBe(true);
    const after = await app.listMeetings();
    expect(after.ok && after.value).toEqual([]);
  });

  it('refuses a wrong passphrase on a later start', async () => {
    const { app, keystore } = passphraseService('vault-d06');
    await keystore.unlock('passphrase-one');
    expect((await app.joinMeeting(linkOf('d06'))).ok).toBe(true);
    const again = new Keystore({ dir: path.join(root, 'vault-d06'), scrypt: { N: 2 ** 12, r: 8, p: 1 } });
    expect(again.status()).toMatchObject({ mode: 'passphrase', unlocked: false, firstUse: false, reason: 'chosen-before' });
    await expect(again.unlock('passphrase-two')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await expect(again.unlock('passphrase-one')).resolves.toMatchObject({ unlocked: true });
  });

  it('answers errors as values: a bad link, an unknown meeting', async () => {
    const { app } = passphraseService('vault-errors');
    const bad = await app.previewInvitation('https://example.org/join#v1.x');
    expect(!bad.ok && bad.error.code).toBe('LINK_INVALID');
    const missing = await app.getMeeting('nope');
    expect(!missing.ok && missing.error.code).toBe('VAULT_NOT_FOUND');
  });
});
