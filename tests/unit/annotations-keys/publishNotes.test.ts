// The note keys the real publisher puts in a pack, opened the way each member's device opens them, against a real
// collab-server on port 0: per-seat keys stable across revisions and `council reinvite`, a tổ key only for its
// members, a confidential document's notes key only for its readers (renewed exactly when it loses one), the
// inbox key only for the secretariat, every bundle of a revision the same size, the signers in the manifest.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCollabServer, type CollabServer } from '../../../collab-server/server.ts';
import { noteKeysFrom } from '../../../common/annotations/keys.ts';
import { roomOfNote } from '../../../common/annotations/rooms.ts';
import { openAnnotation, openFromMember, sealAnnotation, sealToSecretariat } from '../../../common/annotations/seal.ts';
import { API, type ManifestResponse } from '../../../common/api/http.ts';
import { ed25519Sign, ed25519Verify } from '../../../common/pack/crypto.ts';
import { fromB64url, utf8Encode } from '../../../common/pack/encoding.ts';
import type { KeyBundle, PackManifest } from '../../../common/pack/format.ts';
import { deriveCredentials, parseInvitationLink } from '../../../common/pack/invite.ts';
import { openManifest, paddedBundleSize, unwrapKeyBundle } from '../../../common/pack/manifest.ts';
import { bundleFromState, seatFromState } from '../../../main/services/publish/buildPack.ts';
import { reinviteInvitation } from '../../../main/services/publish/members.ts';
import { publishMeeting, type PublishResult } from '../../../main/services/publish/publish.ts';
import { inboxKeysOf, loadState, statePath } from '../../../main/services/publish/state.ts';
import { makeMeeting, MEETING, tempDir, type TempMeeting } from '../publish/fixtures.ts';
import { note } from './fixtures.ts';

const ADMIN = 'notes-test-admin-token-0123456789abcdef';
/** The fixture's members: d01, d02 in Tổ 1; d03 in Tổ 2; tk01 the secretary; hall an observer. d02 reads mat/nhan-su.pdf. */
const IDS = ['d01', 'd02', 'd03', 'tk01', 'hall'] as const;

let meeting: TempMeeting;
let serverDir: { dir: string; cleanup(): Promise<void> };
let server: CollabServer;

beforeEach(async () => {
  meeting = await makeMeeting();
  serverDir = await tempDir('council-notes-server-');
  server = await startCollabServer({ dataDir: serverDir.dir, port: 0, adminToken: ADMIN, log: () => {} });
});
afterEach(async () => {
  await server.close();
  await serverDir.cleanup();
  await meeting.cleanup();
});

const publish = (): Promise<PublishResult> => publishMeeting({ folder: meeting.dir, server: server.url, adminToken: ADMIN, ocr: false });

interface Opened {
  readonly manifest: PackManifest;
  readonly bundle: KeyBundle;
  /** Ciphertext length of the wrapped bundle: what the server sees. */
  readonly wrappedSize: number;
}

async function openAs(link: string): Promise<Opened> {
  const inv = parseInvitationLink(link);
  const creds = await deriveCredentials(inv);
  const res = await fetch(`${inv.server}${API.manifest(inv.meetingId)}`, { headers: { authorization: `Bearer ${creds.authToken}` } });
  expect(res.status).toBe(200);
  const answer = (await res.json()) as ManifestResponse;
  const bundle = await unwrapKeyBundle(answer.wrappedKeys, creds.wrapKey, { meetingId: inv.meetingId, delegateId: inv.delegateId, revision: answer.envelope.revision });
  const manifest = await openManifest(answer.envelope, fromB64url(bundle.meetingKey) ?? new Uint8Array(), inv.publisherKey);
  return { manifest, bundle, wrappedSize: answer.wrappedKeys.ciphertext.length };
}

const linkOf = (r: PublishResult, id: string): string => r.invitations.find((i) => i.id === id)?.link ?? '';

async function openAll(r: PublishResult): Promise<Record<string, Opened>> {
  const out: Record<string, Opened> = {};
  for (const id of IDS) out[id] = await openAs(linkOf(r, id));
  return out;
}

const notesOf = (o: Opened | undefined): NonNullable<KeyBundle['notes']> => {
  const n = o?.bundle.notes;
  if (!n) throw new Error('no note keys in the bundle');
  return n;
};

async function confidentialId(): Promise<string> {
  const state = await loadState(meeting.dir);
  const id = state?.documents['mat/nhan-su.pdf']?.id;
  if (!id) throw new Error('no confidential document');
  return id;
}

interface FolderSpec {
  readonly agenda: readonly { readonly items?: readonly { readonly documents?: { readers?: string[] }[] }[] }[];
}

async function setReaders(readers: readonly string[]): Promise<void> {
  const spec = JSON.parse(JSON.stringify(MEETING)) as FolderSpec;
  const item = spec.agenda[1]?.items?.[1]?.documents?.[0];
  if (!item) throw new Error('fixture changed');
  item.readers = [...readers];
  await meeting.write('meeting.json', JSON.stringify(spec, null, 2));
}

describe('note keys in the pack', () => {
  it('gives each seat its own keys, a tổ key to its members, a confidential notes key to its readers, the inbox key to the secretary', async () => {
    const r = await publish();
    const all = await openAll(r);
    const mat = await confidentialId();
    const n = Object.fromEntries(IDS.map((id) => [id, notesOf(all[id])]));

    expect(new Set(IDS.map((id) => n[id]?.privateKey)).size).toBe(IDS.length);
    expect(new Set(IDS.map((id) => n[id]?.signingKey)).size).toBe(IDS.length);

    expect(n['d01']?.group?.groupId).toBe('to-1');
    expect(n['d02']?.group).toEqual(n['d01']?.group);
    expect(n['d03']?.group?.groupId).toBe('to-2');
    expect(n['d03']?.group?.key).not.toBe(n['d01']?.group?.key);
    expect(n['tk01']?.group).toBeUndefined();
    expect(n['hall']?.group).toBeUndefined();

    expect(Object.keys(n['d02']?.confidential ?? {})).toEqual([mat]);
    for (const id of ['d01', 'd03', 'tk01', 'hall']) expect(n[id]?.confidential).toEqual({});

    expect(typeof n['tk01']?.opinionPrivateKey).toBe('string');
    for (const id of ['d01', 'd02', 'd03', 'hall']) expect(n[id]?.opinionPrivateKey).toBeUndefined();

    // The server cannot tell who reads what, who is in a tổ, or who is the secretary, by a bundle's length.
    expect(new Set(IDS.map((id) => all[id]?.wrappedSize)).size).toBe(1);

    // Every member's signing key matches the public key the signed manifest names for them.
    const signers = all['d01']?.manifest.notes?.signers ?? {};
    expect(Object.keys(signers).sort()).toEqual([...IDS].sort());
    const data = utf8Encode('probe');
    for (const id of IDS) expect(await ed25519Verify(signers[id] ?? '', await ed25519Sign(n[id]?.signingKey ?? '', data), data)).toBe(true);
    expect(all['d03']?.manifest.notes).toEqual(all['d01']?.manifest.notes);
  });

  it('works end to end: a tổ note opens for the tổ, a góp ý opens for the secretary only', async () => {
    const r = await publish();
    const all = await openAll(r);
    const keys = Object.fromEntries(IDS.map((id) => [id, noteKeysFrom(all[id]?.manifest ?? ({} as PackManifest), all[id]?.bundle ?? ({} as KeyBundle), id)]));
    const d01 = keys['d01'];
    const d02 = keys['d02'];
    const d03 = keys['d03'];
    const tk01 = keys['tk01'];
    if (!d01 || !d02 || !d03 || !tk01) throw new Error('missing keys');
    const docId = all['d01']?.manifest.documents[0]?.id ?? '';
    const n = note('d01', 'group', docId, 'Tổ 1 thống nhất.');
    const room = await roomOfNote(d01, 'group', docId);
    const blob = await sealAnnotation(d01, room, n);
    expect(await openAnnotation(d02, room, n.id, blob)).toEqual({ ok: true, value: n });
    expect((await openAnnotation(d03, room, n.id, blob)).ok).toBe(false);

    const opinion = { id: n.id, authorId: 'd03', documentId: docId, revision: 1, page: 1, quote: '', text: 'Góp ý', sentAt: '2026-12-05T09:00:00.000Z' };
    const sealed = await sealToSecretariat(d03, 'opinion', opinion);
    expect(await openFromMember(tk01.opinionPrivateKey ?? '', tk01.signers, 'opinion', sealed)).toEqual({ ok: true, value: opinion });
    // The console, on the secretariat's machine, opens it with the publisher state alone.
    const state = await loadState(meeting.dir);
    if (!state) throw new Error('no state');
    const inbox = inboxKeysOf(state);
    expect(await openFromMember(inbox?.opinionPrivateKey ?? '', inbox?.signers ?? {}, 'opinion', sealed)).toEqual({ ok: true, value: opinion });
    expect(d01.opinionPrivateKey).toBeUndefined();
  });

  it('keeps every key across revisions; a confidential notes key changes exactly when its document loses a reader', async () => {
    const r1 = await publish();
    const before = await openAll(r1);
    const mat = await confidentialId();
    const matKey = notesOf(before['d02']).confidential[mat];
    expect(matKey).toBeDefined();

    // A reader gained: same notes key (and the new reader gets it).
    await setReaders(['d02', 'd03']);
    const r2 = await publish();
    expect(r2.revision).toBe(2);
    const after = await openAll(r2);
    for (const id of IDS) {
      const [a, b] = [notesOf(before[id]), notesOf(after[id])];
      expect(b.privateKey).toBe(a.privateKey);
      expect(b.signingKey).toBe(a.signingKey);
      expect(b.group).toEqual(a.group);
      expect(b.opinionPrivateKey).toBe(a.opinionPrivateKey);
    }
    expect(notesOf(after['d02']).confidential[mat]).toBe(matKey);
    expect(notesOf(after['d03']).confidential[mat]).toBe(matKey);
    expect(after['d01']?.manifest.notes).toEqual(before['d01']?.manifest.notes);

    // A reader lost (d02): a new notes key, which d02 does not get.
    await setReaders(['d03']);
    const r3 = await publish();
    const lost = await openAll(r3);
    expect(notesOf(lost['d02']).confidential).toEqual({});
    const renewed = notesOf(lost['d03']).confidential[mat];
    expect(renewed).toBeDefined();
    expect(renewed).not.toBe(matKey);
    // The remaining reader keeps the earlier key, to open what was written under it; the one who left gets none.
    expect(notesOf(lost['d03']).previous).toEqual({ [mat]: [matKey] });
    expect(notesOf(lost['d02']).previous).toBeUndefined();
    expect(notesOf(lost['d02']).privateKey).toBe(notesOf(before['d02']).privateKey);
    expect(new Set(IDS.map((id) => lost[id]?.wrappedSize)).size).toBe(1);
  });

  it('renews a tổ’s key when it loses a member, giving the old one to those who stay', async () => {
    const r1 = await publish();
    const before = await openAll(r1);
    const csv = await readFile(path.join(meeting.dir, 'delegates.csv'), 'utf8');
    // d02 moves from Tổ 1 to Tổ 2.
    await meeting.write('delegates.csv', csv.replace('d02,Giàng Thị Mai,Phó Chủ tịch,Thường trực,Tổ 1,', 'd02,Giàng Thị Mai,Phó Chủ tịch,Thường trực,Tổ 2,'));
    const r2 = await publish();
    expect(r2.revision).toBe(2);
    const after = await openAll(r2);
    const tổ1 = notesOf(before['d01']).group?.key;
    const tổ2 = notesOf(before['d03']).group?.key;
    const renewed = notesOf(after['d01']).group;
    expect(renewed?.key).not.toBe(tổ1);
    expect(renewed).toEqual({ groupId: 'to-1', key: renewed?.key, previous: [tổ1] });
    expect(notesOf(after['d02']).group).toEqual({ groupId: 'to-2', key: tổ2 });
    expect(notesOf(after['d03']).group).toEqual({ groupId: 'to-2', key: tổ2 });
    expect(new Set(IDS.map((id) => after[id]?.wrappedSize)).size).toBe(1);
    const state = await loadState(meeting.dir);
    if (!state) throw new Error('no state');
    for (const id of IDS) expect(bundleFromState(state, id)).toEqual(after[id]?.bundle);
    // Nothing changed since: the same keys again (a tổ is renewed once per loss, not on every publish).
    await setReaders(['d02', 'd01']);
    const r3 = await publish();
    expect(notesOf((await openAll(r3))['d01']).group).toEqual(notesOf(after['d01']).group);
  });

  it('keeps a removed member among the signers, so the notes they wrote still open under their name', async () => {
    const r1 = await publish();
    const before = await openAll(r1);
    const hallKeys = noteKeysFrom(before['hall']?.manifest ?? ({} as PackManifest), before['hall']?.bundle ?? ({} as KeyBundle), 'hall');
    const docId = before['hall']?.manifest.documents[0]?.id ?? '';
    const n = note('hall', 'meeting', docId, 'Ghi chú của màn hình hội trường');
    const room = await roomOfNote(hallKeys, 'meeting', docId);
    const blob = await sealAnnotation(hallKeys, room, n);

    const csv = await readFile(path.join(meeting.dir, 'delegates.csv'), 'utf8');
    await meeting.write('delegates.csv', csv.split('\r\n').filter((line) => !line.startsWith('hall,')).join('\r\n'));
    const r2 = await publish();
    expect(r2.invitations.map((i) => i.id)).not.toContain('hall');
    const d01 = await openAs(linkOf(r2, 'd01'));
    expect(d01.manifest.delegates.map((d) => d.id)).not.toContain('hall');
    expect(d01.manifest.notes?.signers['hall']).toBe(before['d01']?.manifest.notes?.signers['hall']);
    expect(await openAnnotation(noteKeysFrom(d01.manifest, d01.bundle, 'd01'), room, n.id, blob)).toEqual({ ok: true, value: n });
  });

  it('rebuilds every member’s bundle from the publisher state alone, as published (what reinvite re-wraps)', async () => {
    await setReaders(['d02', 'd03']);
    const r1 = await publish();
    await setReaders(['d03']);
    const r2 = await publish();
    expect(r2.revision).toBe(r1.revision + 1);
    const state = await loadState(meeting.dir);
    if (!state) throw new Error('no state');
    const all = await openAll(r2);
    for (const id of IDS) expect(bundleFromState(state, id)).toEqual(all[id]?.bundle);
    expect(paddedBundleSize(IDS.map((id) => bundleFromState(state, id)))).toBe(paddedBundleSize(IDS.map((id) => all[id]?.bundle ?? { meetingKey: '', documentKeys: {} })));
    expect(seatFromState(state, 'tk01')).toEqual({ id: 'tk01', groupId: '', role: 'secretary' });
    expect(seatFromState(state, 'd03')).toEqual({ id: 'd03', groupId: 'to-2', role: 'delegate' });
  });

  it('re-wraps a re-invited member’s bundle with the same note keys, the same size as everyone else’s', async () => {
    const r = await publish();
    const before = await openAs(linkOf(r, 'd02'));
    const out = await tempDir('council-notes-invites-');
    try {
      const re = await reinviteInvitation({ folder: meeting.dir, delegateId: 'd02', server: server.url, adminToken: ADMIN, outDir: out.dir });
      expect(re.link).not.toBe(linkOf(r, 'd02'));
      const after = await openAs(re.link);
      expect(after.bundle.notes).toEqual(before.bundle.notes);
      expect(after.wrappedSize).toBe((await openAs(linkOf(r, 'd01'))).wrappedSize);
      // And the next publish keeps them too (the seat's keys are not tied to its secret).
      await setReaders(['d02', 'd01']);
      const r2 = await publish();
      expect(r2.revision).toBe(2);
      expect(notesOf(await openAs(re.link)).privateKey).toBe(before.bundle.notes?.privateKey);
    } finally {
      await out.cleanup();
    }
  });

  it('fills the note keys into a state from before annotations, and publishes a revision that carries them', async () => {
    await publish();
    const file = statePath(meeting.dir);
    const state = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown> & { documents: Record<string, Record<string, unknown>> };
    delete state['notes'];
    for (const d of Object.values(state.documents)) delete d['notesKey'];
    await writeFile(file, JSON.stringify(state));
    expect((await loadState(meeting.dir))?.notes).toBeUndefined();

    const r2 = await publish();
    expect(r2).toMatchObject({ revision: 2, newRevision: true });
    const all = await openAll(r2);
    expect(Object.keys(notesOf(all['d02']).confidential)).toEqual([await confidentialId()]);
    expect(all['hall']?.manifest.notes?.signers['hall']).toBeDefined();
    const saved = await loadState(meeting.dir);
    expect(saved?.notes?.members['d01']?.privateKey).toBe(notesOf(all['d01']).privateKey);
    expect(saved?.documents['mat/nhan-su.pdf']?.notesKey).toBe(notesOf(all['d02']).confidential[await confidentialId()]);
    // Nothing changed since: the same revision is re-posted, with the same keys.
    const r3 = await publish();
    expect(r3).toMatchObject({ revision: 2, newRevision: false });
  });
});
