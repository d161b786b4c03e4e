// A format 1 pack (before page texts) still opens on a device that reads format 2: the documents download and
// verify, and the text reader answers "no text" instead of an error. A real collab-server, the real device core.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePublisherKeys, randomBytes } from '../../../common/pack/crypto.ts';
import { PACK_FORMAT_VERSION, SUPPORTED_PACK_FORMATS, type DocumentEntry, type PackManifest } from '../../../common/pack/format.ts';
import { openManifest, sealManifest } from '../../../common/pack/manifest.ts';
import { CouncilError } from '../../../common/result.ts';
import { readDocument } from '../../../common/device/documents.ts';
import { FileKeyProtector } from '../../../main/services/keys/FileKeyProtector.ts';
import { nodeDeviceCore } from '../../../main/services/vault/nodeCore.ts';
import { openSqliteDeviceStore } from '../../../main/services/vault/sqliteDeviceStore.ts';
import { startTestServer, tempDir, ADMIN_TOKEN, type TestServer } from '../join/helpers/env.ts';
import { makePdf, TestPack } from '../join/helpers/packFixture.ts';

let server: TestServer;
let vaults: string;

beforeAll(async () => {
  server = await startTestServer();
  vaults = tempDir('council-oldpack-');
});
afterAll(async () => {
  await server.stop();
  rmSync(vaults, { recursive: true, force: true });
});

describe('format 1 packs', () => {
  it('this code writes format 2 and reads 1 and 2', () => {
    expect(PACK_FORMAT_VERSION).toBe(2);
    expect([...SUPPORTED_PACK_FORMATS]).toEqual([1, 2]);
  });

  it('open on the device: documents read as before, readDocumentText answers no text', async () => {
    const pack = await TestPack.create(server.url, ADMIN_TOKEN);
    const data = await makePdf('Chương trình', 1, 20_000);
    const published = await pack.publish([{ id: 'chuong-trinh', title: 'Chương trình', kind: 'chuong-trinh', agendaItemId: '1', data, pages: 1 }], {
      manifest: (m) => ({ ...m, format: 1 }),
    });
    expect(published.envelope.format).toBe(1);
    const dir = path.join(vaults, 'd1');
    const store = openSqliteDeviceStore(dir);
    try {
      const core = nodeDeviceCore(store, FileKeyProtector.open(dir));
      const joined = await core.join(pack.link('d1'), 'refuse');
      expect(joined.opened.manifest.format).toBe(1);
      const { entry, stream } = await core.documentStream(pack.meetingId, 'chuong-trinh');
      expect(Buffer.from(await readDocument(stream, entry.bytes)).equals(Buffer.from(data))).toBe(true);
      expect(await core.readDocumentText(pack.meetingId, 'chuong-trinh')).toEqual({ ok: true, value: undefined });
    } finally {
      store.close();
    }
  });

  it('refuses a format 1 manifest that claims page texts, and an unknown format', async () => {
    const publisher = await generatePublisherKeys();
    const meetingKey = randomBytes(32);
    const entry: DocumentEntry = {
      id: 'a',
      title: 'A',
      kind: 'khac',
      agendaItemId: '1',
      file: 'a.pdf',
      bytes: 10,
      pages: 1,
      sha256: 'a'.repeat(64),
      confidential: false,
      revision: 1,
      key: 'k',
      noncePrefix: 'AAAAAAAAAA',
      chunkSize: 1024,
      chunks: [{ hash: 'b'.repeat(64), size: 26 }],
      text: { bytes: 5, sha256: 'c'.repeat(64), noncePrefix: 'AAAAAAAAAA', chunkSize: 1024, chunks: [{ hash: 'd'.repeat(64), size: 21 }] },
    };
    const manifest: PackManifest = {
      format: 1,
      meetingId: 'm1',
      revision: 1,
      publishedAt: '2026-12-01T00:00:00Z',
      meeting: { title: 'T', body: 'B', startsAt: '2026-12-05T07:30:00+07:00', place: 'P', totalDelegates: 1, quorum: { numerator: 2, denominator: 3 } },
      agenda: [],
      delegates: [],
      documents: [entry],
      sealedDocuments: [],
    };
    const code = (p: Promise<unknown>) => p.then(() => 'no error', (e: unknown) => (e instanceof CouncilError ? e.code : String(e)));
    expect(await code(openManifest(await sealManifest(manifest, meetingKey, publisher), meetingKey, publisher.publicKey))).toBe('PACK_FORMAT');
    const v2 = await sealManifest({ ...manifest, format: 2 }, meetingKey, publisher);
    expect((await openManifest(v2, meetingKey, publisher.publicKey)).documents[0]?.text?.sha256).toBe('c'.repeat(64));
    expect(await code(openManifest({ ...v2, format: 3 }, meetingKey, publisher.publicKey))).toBe('PACK_UNSUPPORTED_VERSION');
  });
});
