// joinMeeting + the vault's readers against a real collab-server (127.0.0.1:0) and a real counting proxy.
// Every failure case checks that no plaintext reached the disk and that the earlier good revision still reads.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CouncilError } from '../../../common/result.ts';
import { newSecret } from '../../../common/pack/invite.ts';
import { joinMeeting, type JoinOptions, type JoinResult } from '../../../main/services/join/joinMeeting.ts';
import { exportDocument, getMeeting, listDocuments, openDocumentStream } from '../../../main/services/vault/documents.ts';
import { openVaultDb } from '../../../main/services/vault/vaultDb.ts';
import { getMeetingRecord, getProtectedKey } from '../../../main/services/vault/meetingQueries.ts';
import { chunkStats, hasChunk } from '../../../main/services/vault/chunkQueries.ts';
import { filesWithPlaintext, startProxy, startTestServer, tempDir, ADMIN_TOKEN, type CountingProxy, type TestServer } from './helpers/env.ts';
import { makePdf, TestPack, type FixtureDoc } from './helpers/packFixture.ts';

const MiB = 1024 * 1024;
let server: TestServer;
let proxy: CountingProxy;
let base: { toTrinh: FixtureDoc; baoCao: FixtureDoc; mat: FixtureDoc };
let vault: string;
let outDir: string;

beforeAll(async () => {
  server = await startTestServer();
  proxy = await startProxy(server.url);
  base = {
    toTrinh: { id: 'to-trinh-12', title: 'Tờ trình số 12/TTr-UBND', kind: 'to-trinh', agendaItemId: '1', data: await makePdf('Tờ trình', 3, 2.2 * MiB), pages: 3 },
    baoCao: { id: 'bao-cao-kt', title: 'Báo cáo kinh tế - xã hội', kind: 'bao-cao', agendaItemId: '2', data: await makePdf('Báo cáo', 2, 200_000), pages: 2 },
    mat: { id: 'tai-lieu-mat', title: 'Báo cáo nhân sự', kind: 'bao-cao', agendaItemId: '2', data: await makePdf('Mật', 1, 1.2 * MiB), pages: 1, confidential: true, readers: ['d1'] },
  };
});
afterAll(async () => {
  await proxy.close();
  await server.stop();
});
beforeEach(() => {
  vault = tempDir('council-vault-');
  outDir = tempDir('council-out-');
  proxy.rewrite = {};
  proxy.requests.length = 0;
});
afterEach(() => {
  rmSync(vault, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

const docs = (): FixtureDoc[] => [base.toTrinh, base.baoCao, base.mat];
const allPlaintexts = (): Uint8Array[] => docs().map((d) => d.data);
const newPack = (): Promise<TestPack> => TestPack.create(server.url, ADMIN_TOKEN);
const join_ = (pack: TestPack, delegateId = 'd1', extra: Partial<JoinOptions> = {}): Promise<JoinResult> =>
  joinMeeting({ link: pack.link(delegateId, { server: proxy.url }), dataDir: vault, ...extra });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof CouncilError ? e.code : `not a CouncilError: ${String(e)}`;
  }
  return 'no error';
}

async function exportBytes(docId: string): Promise<Buffer> {
  const out = join(outDir, `${docId}.pdf`);
  await exportDocument({ dataDir: vault, docId, out });
  return readFileSync(out);
}

/**
 * The vault still holds the given revision, readable and exact; nothing decrypted lies around. A download
 * failure keeps the new revision pending (its good chunks stay, for a retry); a verification failure drops it.
 */
async function expectIntact(pack: TestPack, revision: number, expected: readonly FixtureDoc[], pendingRevision: number | null = null): Promise<void> {
  const rows = await listDocuments(vault);
  expect(rows.map((r) => r.packRevision)).toEqual(expected.map(() => revision));
  for (const d of expected) expect((await exportBytes(d.id)).equals(Buffer.from(d.data))).toBe(true);
  expect(filesWithPlaintext(vault, allPlaintexts())).toEqual([]);
  const db = openVaultDb(vault);
  expect(getMeetingRecord(db, pack.meetingId)).toMatchObject({ currentRevision: revision, pendingRevision, status: 'active' });
  db.close();
}

function serverChunkPath(hash: string): string {
  return join(server.dataDir, 'chunks', hash.slice(0, 2), hash);
}

describe('join and read', () => {
  it('joins, lists and exports byte-identical documents, leaving only ciphertext in the vault', async () => {
    const pack = await newPack();
    await pack.publish(docs());
    const result = await join_(pack, 'd1');
    const total = docs().reduce((n, d) => n + pack.chunksOf(d.id).reduce((m, c) => m + c.size, 0), 0);
    expect(result).toMatchObject({ meetingId: pack.meetingId, revision: 1, previousRevision: null, delegateId: 'd1', role: 'delegate', downloadedBytes: total, reusedBytes: 0 });
    expect(result.documents.map((d) => d.id).sort()).toEqual(docs().map((d) => d.id).sort());
    expect(filesWithPlaintext(vault, allPlaintexts())).toEqual([]);

    const rows = await listDocuments(vault);
    expect(rows.find((r) => r.id === 'tai-lieu-mat')).toMatchObject({ confidential: true, agendaTitle: 'Nội dung 2', revision: 1, pages: 1 });
    for (const d of docs()) expect((await exportBytes(d.id)).equals(Buffer.from(d.data))).toBe(true);
    expect(existsSync(join(outDir, 'to-trinh-12.pdf.partial'))).toBe(false);
    // The scanner itself works: it finds the exported plaintext.
    expect(filesWithPlaintext(outDir, allPlaintexts()).length).toBe(3);

    const view = await getMeeting(vault, pack.meetingId);
    expect(view).toMatchObject({ revision: 1, delegateId: 'd1', status: 'active' });
    expect(view.delegates.map((d) => d.id)).toEqual(['chair', 'd1', 'd2']);

    const pieces: Uint8Array[] = [];
    for await (const piece of openDocumentStream(vault, 'to-trinh-12')) pieces.push(piece);
    expect(pieces.length).toBe(3);
    expect(Buffer.concat(pieces).equals(Buffer.from(base.toTrinh.data))).toBe(true);
  });

  it('a delegate who is not a reader gets NOT_A_READER and never holds the confidential chunks', async () => {
    const pack = await newPack();
    await pack.publish(docs());
    const result = await join_(pack, 'd2');
    expect(result.documents.map((d) => d.id).sort()).toEqual(['bao-cao-kt', 'to-trinh-12']);
    const db = openVaultDb(vault);
    for (const c of pack.chunksOf('tai-lieu-mat')) expect(hasChunk(db, c.hash)).toBe(false);
    db.close();
    expect(proxy.requests.some((p) => pack.chunksOf('tai-lieu-mat').some((c) => p.includes(c.hash)))).toBe(false);
    expect(await codeOf(exportDocument({ dataDir: vault, docId: 'tai-lieu-mat', out: join(outDir, 'mat.pdf') }))).toBe('NOT_A_READER');
    expect(existsSync(join(outDir, 'mat.pdf.partial'))).toBe(false);
    expect((await listDocuments(vault)).map((r) => r.id).sort()).toEqual(['bao-cao-kt', 'to-trinh-12']);
  });

  it('resumes an interrupted join, downloading only the chunks it lacks', async () => {
    const pack = await newPack();
    await pack.publish(docs());
    const stop = new AbortController();
    let chunks = 0;
    const onProgress = (): void => {
      if (++chunks === 3) stop.abort();
    };
    expect(await codeOf(join_(pack, 'd1', { signal: stop.signal, onProgress, concurrency: 1 }))).toBe('NETWORK');
    const db = openVaultDb(vault);
    const stored = chunkStats(db);
    expect(getMeetingRecord(db, pack.meetingId)).toMatchObject({ currentRevision: null, pendingRevision: 1, status: 'joining' });
    db.close();
    expect(stored.count).toBeGreaterThan(0);
    expect(await listDocuments(vault)).toEqual([]);
    expect(filesWithPlaintext(vault, allPlaintexts())).toEqual([]);

    proxy.requests.length = 0;
    const result = await join_(pack, 'd1');
    const totalChunks = new Set(docs().flatMap((d) => pack.chunksOf(d.id).map((c) => c.hash))).size;
    expect(proxy.chunkRequests()).toBe(totalChunks - stored.count);
    expect(result.reusedBytes).toBe(stored.bytes);
    expect(result.downloadedBytes + result.reusedBytes).toBe(docs().reduce((n, d) => n + pack.chunksOf(d.id).reduce((m, c) => m + c.size, 0), 0));
    await expectIntact(pack, 1, docs());
  });

  it('updates to revision 2 downloading only the changed document, and drops the old chunks', async () => {
    const pack = await newPack();
    await pack.publish(docs());
    await join_(pack, 'd1');
    const oldChunks = pack.chunksOf('bao-cao-kt');
    const changed = { ...base.baoCao, data: await makePdf('Báo cáo (sửa)', 2, 250_000) };
    await pack.publish([base.toTrinh, changed, base.mat]);
    proxy.requests.length = 0;
    const result = await join_(pack, 'd1');
    const newChunks = pack.chunksOf('bao-cao-kt');
    expect(result).toMatchObject({ revision: 2, previousRevision: 1, downloadedBytes: newChunks.reduce((n, c) => n + c.size, 0) });
    expect(proxy.chunkRequests()).toBe(newChunks.length);
    const rows = await listDocuments(vault);
    expect(rows.find((r) => r.id === 'bao-cao-kt')).toMatchObject({ revision: 2, packRevision: 2 });
    expect(rows.find((r) => r.id === 'to-trinh-12')).toMatchObject({ revision: 1, packRevision: 2 });
    expect((await exportBytes('bao-cao-kt')).equals(Buffer.from(changed.data))).toBe(true);
    const db = openVaultDb(vault);
    for (const c of oldChunks) expect(hasChunk(db, c.hash)).toBe(false);
    db.close();

    proxy.requests.length = 0;
    const again = await join_(pack, 'd1');
    expect(again).toMatchObject({ revision: 2, downloadedBytes: 0 });
    expect(proxy.chunkRequests()).toBe(0);
    const resultDocs = [base.toTrinh, changed, base.mat];
    expect(filesWithPlaintext(vault, resultDocs.map((d) => d.data))).toEqual([]);
  });
});

describe('a bad revision 2 leaves revision 1 intact', () => {
  let pack: TestPack;
  beforeEach(async () => {
    pack = await newPack();
    await pack.publish(docs());
    await join_(pack, 'd1');
  });
  const changedToTrinh = async (): Promise<FixtureDoc> => ({ ...base.toTrinh, data: await makePdf('Tờ trình (sửa)', 3, 2.2 * MiB) });

  it('a chunk corrupted in the server storage: PACK_CHUNK_MISMATCH', async () => {
    const changed = await changedToTrinh();
    await pack.publish([changed, base.baoCao, base.mat]);
    const path = serverChunkPath(pack.chunksOf('to-trinh-12')[1]!.hash);
    const bytes = readFileSync(path);
    bytes[100]! ^= 0x40;
    writeFileSync(path, bytes);
    expect(await codeOf(join_(pack, 'd1'))).toBe('PACK_CHUNK_MISMATCH');
    expect(filesWithPlaintext(vault, [changed.data])).toEqual([]);
    await expectIntact(pack, 1, docs(), 2);
  });

  it('two chunk files swapped in the server storage: PACK_CHUNK_MISMATCH', async () => {
    const changed = await changedToTrinh();
    await pack.publish([changed, base.baoCao, base.mat]);
    const [a, b] = pack.chunksOf('to-trinh-12');
    const tmp = `${serverChunkPath(a!.hash)}.swap`;
    renameSync(serverChunkPath(a!.hash), tmp);
    renameSync(serverChunkPath(b!.hash), serverChunkPath(a!.hash));
    renameSync(tmp, serverChunkPath(b!.hash));
    expect(await codeOf(join_(pack, 'd1'))).toBe('PACK_CHUNK_MISMATCH');
    await expectIntact(pack, 1, docs(), 2);
  });

  it('a modified chunk under its own new hash (signed manifest points at it): PACK_TAMPERED', async () => {
    const changed = await changedToTrinh();
    let forged: Uint8Array | undefined;
    await pack.publish([changed, base.baoCao, base.mat], {
      manifest: async (m, p) => {
        const original = p.chunkBytes.get(p.chunksOf('to-trinh-12')[1]!.hash)!;
        forged = Uint8Array.from(original);
        forged[10]! ^= 1;
        const hash = (await import('node:crypto')).createHash('sha256').update(forged).digest('hex');
        p.chunkBytes.set(hash, forged);
        return {
          ...m,
          documents: m.documents.map((d) => (d.id === 'to-trinh-12' ? { ...d, chunks: d.chunks.map((c, i) => (i === 1 ? { hash, size: forged!.length } : c)) } : d)),
        };
      },
    });
    expect(await codeOf(join_(pack, 'd1'))).toBe('PACK_TAMPERED');
    expect(filesWithPlaintext(vault, [changed.data])).toEqual([]);
    await expectIntact(pack, 1, docs());
  });

  it('a document cut short (the signed manifest lists fewer chunks): PACK_TRUNCATED', async () => {
    const changed = await changedToTrinh();
    await pack.publish([changed, base.baoCao, base.mat], {
      manifest: (m) => ({ ...m, documents: m.documents.map((d) => (d.id === 'to-trinh-12' ? { ...d, chunks: d.chunks.slice(0, 2) } : d)) }),
    });
    expect(await codeOf(join_(pack, 'd1'))).toBe('PACK_TRUNCATED');
    expect(filesWithPlaintext(vault, [changed.data])).toEqual([]);
    await expectIntact(pack, 1, docs());
  });

  it('chunks listed out of order (signed manifest): PACK_TAMPERED', async () => {
    const changed = await changedToTrinh();
    await pack.publish([changed, base.baoCao, base.mat], {
      manifest: (m) => ({
        ...m,
        documents: m.documents.map((d) => (d.id === 'to-trinh-12' ? { ...d, chunks: [d.chunks[1]!, d.chunks[0]!, ...d.chunks.slice(2)] } : d)),
      }),
    });
    expect(await codeOf(join_(pack, 'd1'))).toBe('PACK_TAMPERED');
    await expectIntact(pack, 1, docs());
  });

  it('a manifest whose signature does not verify: PACK_BAD_SIGNATURE', async () => {
    await pack.publish([await changedToTrinh(), base.baoCao, base.mat]);
    proxy.rewrite = {
      manifest: (body) => {
        const b = body as { envelope: { signature: string } };
        const sig = b.envelope.signature;
        return { ...b, envelope: { ...b.envelope, signature: `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}` } };
      },
    };
    expect(await codeOf(join_(pack, 'd1'))).toBe('PACK_BAD_SIGNATURE');
    proxy.rewrite = {};
    await expectIntact(pack, 1, docs());
  });

  it('a manifest from another publisher than the link pins: PACK_WRONG_PUBLISHER / PACK_BAD_SIGNATURE', async () => {
    const impostor = await TestPack.create(server.url, ADMIN_TOKEN);
    const forged = await impostor.publish(docs());
    const { sealManifest } = await import('../../../common/pack/manifest.ts');
    // Same meeting, same meeting key (a leaked one at worst), but signed with the impostor's key.
    const swapped = await sealManifest({ ...forged.manifest, meetingId: pack.meetingId, revision: 2 }, pack.meetingKey, impostor.publisher);
    proxy.rewrite = { manifest: (body) => ({ ...(body as object), envelope: swapped }) };
    expect(await codeOf(join_(pack, 'd1'))).toBe('PACK_WRONG_PUBLISHER');
    // Claiming the pinned key does not help: the signature is checked against the pinned key.
    proxy.rewrite = { manifest: (body) => ({ ...(body as object), envelope: { ...swapped, publisherKey: pack.publisher.publicKey } }) };
    expect(await codeOf(join_(pack, 'd1'))).toBe('PACK_BAD_SIGNATURE');
    proxy.rewrite = {};
    await expectIntact(pack, 1, docs());
  });

  it('a revoked invitation: REVOKED, and the device destroys the meeting key and ciphertext', async () => {
    await pack.revoke('d1');
    expect(await codeOf(join_(pack, 'd1'))).toBe('REVOKED');
    const db = openVaultDb(vault);
    expect(getMeetingRecord(db, pack.meetingId)).toMatchObject({ status: 'revoked', currentRevision: null });
    expect(getProtectedKey(db, pack.meetingId)).toBeUndefined();
    expect(chunkStats(db).count).toBe(0);
    db.close();
    expect(await listDocuments(vault)).toEqual([]);
    expect(await codeOf(exportDocument({ dataDir: vault, docId: 'bao-cao-kt', out: join(outDir, 'x.pdf') }))).toBe('REVOKED');
    expect(filesWithPlaintext(vault, allPlaintexts())).toEqual([]);
  });
});

describe('refused before anything is stored', () => {
  it('a wrong token: UNAUTHORIZED, no meeting in the vault', async () => {
    const pack = await newPack();
    await pack.publish(docs());
    expect(await codeOf(joinMeeting({ link: pack.link('d1', { secret: newSecret() }), dataDir: vault }))).toBe('UNAUTHORIZED');
    const db = openVaultDb(vault);
    expect(getMeetingRecord(db, pack.meetingId)).toBeUndefined();
    db.close();
  });

  it('a malformed link: LINK_INVALID, no vault created', async () => {
    const pack = await newPack();
    expect(await codeOf(joinMeeting({ link: pack.link('d1').slice(0, -10), dataDir: vault }))).toBe('LINK_INVALID');
    expect(await codeOf(joinMeeting({ link: 'https://example.org/join', dataDir: vault }))).toBe('LINK_INVALID');
    expect(existsSync(join(vault, 'vault.sqlite'))).toBe(false);
  });

  it('an unreachable server: NETWORK', async () => {
    const pack = await newPack();
    const gone = await startProxy(server.url);
    const url = gone.url;
    await gone.close();
    expect(await codeOf(joinMeeting({ link: pack.link('d1', { server: url }), dataDir: vault }))).toBe('NETWORK');
  });

  it('reading an empty or absent vault', async () => {
    expect(await listDocuments(join(vault, 'nothing-here'))).toEqual([]);
    expect(await codeOf(exportDocument({ dataDir: join(vault, 'nothing-here'), docId: 'x', out: join(outDir, 'x.pdf') }))).toBe('VAULT_NOT_FOUND');
  });
});
