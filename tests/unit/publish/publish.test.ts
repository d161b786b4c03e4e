// Publishing against a REAL collab-server on port 0 (no mocked sockets), with temp dirs cleaned up.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCollabServer, type CollabServer } from '../../../collab-server/server.ts';
import { API, type ManifestResponse } from '../../../common/api/http.ts';
import { fromB64url } from '../../../common/pack/encoding.ts';
import type { PackManifest } from '../../../common/pack/format.ts';
import { deriveCredentials, parseInvitationLink } from '../../../common/pack/invite.ts';
import { documentKey, openManifest, readableDocuments, unwrapKeyBundle } from '../../../common/pack/manifest.ts';
import { decryptDocument } from '../../../common/pack/stream.ts';
import { CouncilError } from '../../../common/result.ts';
import { parseCsv } from '../../../main/services/publish/csv.ts';
import { publishMeeting, type PublishResult } from '../../../main/services/publish/publish.ts';
import { DELEGATES_CSV, makeMeeting, makePdf, MEETING, tempDir, type TempMeeting } from './fixtures.ts';

const ADMIN = 'test-admin-token-0123456789abcdef0123456789';

let meeting: TempMeeting;
let serverDir: { dir: string; cleanup(): Promise<void> };
let server: CollabServer;

beforeEach(async () => {
  meeting = await makeMeeting();
  serverDir = await tempDir('council-server-');
  server = await startCollabServer({ dataDir: serverDir.dir, port: 0, adminToken: ADMIN, log: () => {} });
});
afterEach(async () => {
  await server.close();
  await serverDir.cleanup();
  await meeting.cleanup();
});

const publish = (extra: { adminToken?: string; server?: string } = {}): Promise<PublishResult> =>
  publishMeeting({ folder: meeting.dir, server: extra.server ?? server.url, adminToken: extra.adminToken ?? ADMIN });

const linkOf = (r: PublishResult, id: string): string => r.invitations.find((i) => i.id === id)?.link ?? '';

interface Opened {
  readonly response: ManifestResponse;
  readonly manifest: PackManifest;
  readonly token: string;
  readonly bundle: Awaited<ReturnType<typeof unwrapKeyBundle>>;
}

/** What a delegate's client does with an invitation link: authenticate, fetch, verify and open the manifest. */
async function openAs(link: string): Promise<Opened> {
  const inv = parseInvitationLink(link);
  const creds = await deriveCredentials(inv);
  const res = await fetch(`${inv.server}${API.manifest(inv.meetingId)}`, { headers: { authorization: `Bearer ${creds.authToken}` } });
  expect(res.status).toBe(200);
  const response = (await res.json()) as ManifestResponse;
  const bundle = await unwrapKeyBundle(response.wrappedKeys, creds.wrapKey, { meetingId: inv.meetingId, delegateId: inv.delegateId, revision: response.envelope.revision });
  const meetingKey = fromB64url(bundle.meetingKey);
  if (!meetingKey) throw new Error('bad meeting key');
  const manifest = await openManifest(response.envelope, meetingKey, inv.publisherKey);
  return { response, manifest, token: creds.authToken, bundle };
}

async function download(opened: Opened, docId: string): Promise<Uint8Array> {
  const docs = await readableDocuments(opened.manifest, opened.bundle);
  const entry = docs.find((d) => d.id === docId);
  if (!entry) throw new Error(`no document ${docId}`);
  const parts: Uint8Array[] = [];
  const readChunk = async (_i: number, hash: string): Promise<Uint8Array> => {
    const res = await fetch(`${server.url}${API.chunk(hash)}`, { headers: { authorization: `Bearer ${opened.token}` } });
    return new Uint8Array(await res.arrayBuffer());
  };
  for await (const p of decryptDocument({ entry, key: documentKey(entry, opened.bundle), readChunk, verifyAddress: true })) parts.push(p);
  return Buffer.concat(parts);
}

async function expectCode(p: Promise<unknown>, code: string): Promise<CouncilError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(CouncilError);
  expect((e as CouncilError).code).toBe(code);
  return e as CouncilError;
}

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

describe('publishMeeting', () => {
  it('uploads everything once, then only the chunks of the document that changed', async () => {
    const r1 = await publish();
    expect(r1).toMatchObject({ revision: 1, uploadedChunks: 3, skippedChunks: 0, changedDocuments: 3, unchangedDocuments: 0 });
    expect(r1.invitations.map((i) => i.id)).toEqual(['d01', 'd02', 'd03', 'tk01', 'hall']);
    const first = await openAs(linkOf(r1, 'd03'));
    const ct1 = first.manifest.documents.find((d) => d.file === 'chuong-trinh.pdf');

    await meeting.write('bao-cao/kt-xh.pdf', await makePdf(4, 'Bao cao (sua doi)'));
    const r2 = await publish();
    expect(r2).toMatchObject({ meetingId: r1.meetingId, revision: 2, uploadedChunks: 1, skippedChunks: 2, changedDocuments: 1, unchangedDocuments: 2 });
    expect(r2.invitations).toEqual(r1.invitations);

    // The revision-1 link still works and now sees revision 2.
    const second = await openAs(linkOf(r1, 'd03'));
    expect(second.response.latestRevision).toBe(2);
    const byFile = new Map(second.manifest.documents.map((d) => [d.file, d]));
    expect(byFile.get('chuong-trinh.pdf')).toEqual(ct1);
    expect(byFile.get('bao-cao/kt-xh.pdf')).toMatchObject({ revision: 2, pages: 4 });
    const changed = await download(second, byFile.get('bao-cao/kt-xh.pdf')?.id ?? '');
    expect(Buffer.from(changed).equals(await readFile(path.join(meeting.dir, 'bao-cao/kt-xh.pdf')))).toBe(true);
  });

  it('publishes no new revision when nothing changed, and a new one when only delegates.csv changed', async () => {
    const r1 = await publish();
    const again = await publish();
    expect(again).toMatchObject({ meetingId: r1.meetingId, revision: 1, newRevision: false, uploadedChunks: 0, changedDocuments: 0 });
    expect(again.invitations).toEqual(r1.invitations);
    expect((await openAs(linkOf(r1, 'd03'))).response.latestRevision).toBe(1);

    const csv = await readFile(path.join(meeting.dir, 'delegates.csv'), 'utf8');
    await meeting.write('delegates.csv', csv.replace(/\s*$/, '\ntk02,Hà Thị Mới,Chuyên viên,Văn phòng,,secretary\n'));
    const r2 = await publish();
    expect(r2).toMatchObject({ revision: 2, newRevision: true, uploadedChunks: 0 });
    expect(r2.invitations.map((i) => i.id)).toContain('tk02');
  });

  it('numbers the agenda and seals the confidential document for its readers only', async () => {
    const r = await publish();
    const reader = await openAs(linkOf(r, 'd02'));
    const other = await openAs(linkOf(r, 'd03'));
    const m = other.manifest;
    expect(m.agenda.map((a) => a.id)).toEqual(['1', '2']);
    expect(m.agenda[1]?.items.map((a) => a.id)).toEqual(['2.1', '2.2']);
    expect(m.meeting).toMatchObject({ totalDelegates: 3, quorum: { numerator: 2, denominator: 3 } });
    expect(m.documents.map((d) => d.file)).toEqual(['chuong-trinh.pdf', 'bao-cao/kt-xh.pdf']);
    expect(m.sealedDocuments).toHaveLength(1);
    const sealedId = m.sealedDocuments[0]?.id ?? '';
    expect(sealedId).not.toContain('nhan-su'); // the file name of a confidential document is not revealed
    expect(m.agenda[1]?.items[1]?.documentIds).toEqual([sealedId]);
    expect(Object.keys(other.bundle.documentKeys)).toEqual([]);
    expect(Object.keys(reader.bundle.documentKeys)).toEqual([sealedId]);
    const plain = await download(reader, sealedId);
    expect(Buffer.from(plain).equals(await readFile(path.join(meeting.dir, 'mat/nhan-su.pdf')))).toBe(true);
  });

  it('gives every member a key bundle of the same size, so the server cannot tell the readers apart', async () => {
    const r = await publish();
    const opened = await Promise.all(r.invitations.map((i) => openAs(i.link)));
    const lengths = new Set(opened.map((o) => o.response.wrappedKeys.ciphertext.length));
    expect(lengths.size).toBe(1);
    const stored = server.db.prepare('SELECT length(ciphertext) AS n FROM wrapped_keys').all() as { n: number }[];
    expect(stored.length).toBeGreaterThanOrEqual(r.invitations.length);
    expect(new Set(stored.map((s) => s.n)).size).toBe(1);
    const sealedId = opened[0]?.manifest.sealedDocuments[0]?.id ?? '';
    const reader = opened[r.invitations.findIndex((i) => i.id === 'd02')];
    const other = opened[r.invitations.findIndex((i) => i.id === 'd03')];
    if (!reader || !other) throw new Error('fixture changed');
    const plain = await download(reader, sealedId);
    expect(Buffer.from(plain).equals(await readFile(path.join(meeting.dir, 'mat/nhan-su.pdf')))).toBe(true);
    expect((await readableDocuments(other.manifest, other.bundle)).map((d) => d.id)).not.toContain(sealedId);
    expect(() => documentKey({ id: sealedId }, other.bundle)).toThrowError(expect.objectContaining({ code: 'NOT_A_READER' }));
  });

  it('re-keys a confidential document when a reader loses access', async () => {
    await publish();
    const edited = JSON.parse(JSON.stringify(MEETING)) as { agenda: { items?: { documents?: { readers?: string[] }[] }[] }[] };
    const doc = edited.agenda[1]?.items?.[1]?.documents?.[0];
    if (!doc) throw new Error('fixture changed');
    doc.readers = ['d01'];
    await meeting.write('meeting.json', JSON.stringify(edited, null, 2));
    const r2 = await publish();
    expect(r2).toMatchObject({ revision: 2, uploadedChunks: 1, changedDocuments: 1 });
    const formerReader = await openAs(linkOf(r2, 'd02'));
    expect(Object.keys(formerReader.bundle.documentKeys)).toEqual([]);
  });

  it('keeps the publisher state private and writes it only after the server accepted', async () => {
    await expectCode(publish({ adminToken: 'wrong-token-0123456789abcdef0123456789' }), 'UNAUTHORIZED');
    expect(await exists(path.join(meeting.dir, '.council', 'publisher.json'))).toBe(false);
    await publish();
    expect((await stat(path.join(meeting.dir, '.council'))).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(meeting.dir, '.council', 'publisher.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(meeting.dir, 'invitations'))).mode & 0o777).toBe(0o700);
  });

  it('uploads nothing when the folder is invalid', async () => {
    await meeting.write('delegates.csv', `${DELEGATES_CSV}\r\nd09,,,,,delegate\r\n`);
    const e = await expectCode(publish(), 'MEETING_INVALID');
    expect(e.details).toEqual([expect.stringMatching(/^delegates\.csv:7: .*name is empty/)]);
    expect(await exists(path.join(meeting.dir, '.council'))).toBe(false);
    expect(server.db.prepare('SELECT count(*) AS n FROM chunks').get()).toEqual({ n: 0 });
  });

  it('reports an unreachable server as NETWORK', async () => {
    const url = server.url;
    await server.close();
    await expectCode(publish({ server: url }), 'NETWORK');
  });

  it('writes invitations.csv, a scannable QR PNG per member and a PDF page per member', async () => {
    const r = await publish();
    const dir = path.join(meeting.dir, 'invitations');
    const csv = parseCsv(await readFile(path.join(dir, 'invitations.csv'), 'utf8'));
    expect(csv.problems).toEqual([]);
    const [header, ...rows] = csv.rows.map((row) => row.fields);
    expect(header).toEqual(['id', 'name', 'role', 'link']);
    expect(rows).toEqual(r.invitations.map((i) => [i.id, i.name, i.role, i.link]));
    expect(rows[2]?.[1]).toBe('Nguyễn Văn "Ba"');
    for (const [id, , , link] of rows) {
      const png = PNG.sync.read(await readFile(path.join(dir, `${id ?? ''}.png`)));
      expect(png.width).toBeGreaterThanOrEqual(600);
      const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(code?.data).toBe(link);
    }
    const pdf = await getDocument({ data: new Uint8Array(await readFile(path.join(dir, 'invitations.pdf'))), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
    expect(pdf.numPages).toBe(5);
    const page = await pdf.getPage(1);
    const text = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
    expect(text).toContain('Lò Văn Thắng');
    expect(text).toContain('thứ Bảy, ngày 05/12/2026');
    expect(text).toContain('Chủ tọa');
    await pdf.destroy();
  });

  // CI installs poppler-utils (.ci/run), so there this test must run; elsewhere it skips, saying why.
  it.skipIf(!hasPdftoppm() && process.env['CI'] !== 'true')('prints a QR code that scans from the rendered PDF page (needs poppler-utils)', async () => {
    const r = await publish();
    const out = await mkdtemp(path.join(os.tmpdir(), 'council-render-'));
    try {
      execFileSync('pdftoppm', ['-r', '100', '-png', '-f', '2', '-l', '2', path.join(meeting.dir, 'invitations', 'invitations.pdf'), path.join(out, 'page')]);
      const png = PNG.sync.read(await readFile(path.join(out, 'page-2.png')));
      expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(linkOf(r, 'd02'));
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

function hasPdftoppm(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
