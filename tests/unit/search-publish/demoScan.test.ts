// The demo meeting's scanned decision end to end: publishing the demo folder (a temp copy) to a real server OCRs
// that one page and nothing else, and its text, opened as a delegate would, holds the phrase a delegate searches.
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldVietnamese } from '../../../common/text/fold.ts';
import { FileKeyProtector } from '../../../main/services/keys/FileKeyProtector.ts';
import { publishMeeting, type PublishResult } from '../../../main/services/publish/publish.ts';
import { nodeDeviceCore } from '../../../main/services/vault/nodeCore.ts';
import { openSqliteDeviceStore } from '../../../main/services/vault/sqliteDeviceStore.ts';
import { startTestServer, tempDir, ADMIN_TOKEN, type TestServer } from '../join/helpers/env.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SCAN = 'to-trinh/quyet-dinh-duong-nam-nhu-ban-chup.pdf';

let server: TestServer;
let tmp: string;
let published: PublishResult;

beforeAll(async () => {
  server = await startTestServer();
  tmp = tempDir('council-demo-scan-');
  const folder = path.join(tmp, 'demo-meeting');
  cpSync(path.join(ROOT, 'resources/demo-meeting'), folder, { recursive: true, filter: (p) => !p.includes('.council') });
  published = await publishMeeting({ folder, server: server.url, adminToken: ADMIN_TOKEN, outDir: path.join(tmp, 'inv') });
}, 240_000);

afterAll(async () => {
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the demo meeting', () => {
  it('OCRs exactly its scanned decision, and every other page keeps its text layer', () => {
    expect(published.texts.ocrPages.map((p) => `${p.file}#${p.page}`)).toEqual([`${SCAN}#1`]);
    expect(published.texts.convertedPages).toEqual([]);
    expect(published.texts.unreadablePages).toEqual([]);
    expect(published.texts.pages).toBeGreaterThan(300);
  });

  it("a delegate's device reads the scan's words (OCR, compared after folding)", async () => {
    const link = published.invitations.find((i) => i.id === 'd05')?.link ?? '';
    const dir = path.join(tmp, 'vault');
    const store = openSqliteDeviceStore(dir);
    try {
      const core = nodeDeviceCore(store, FileKeyProtector.open(dir));
      const joined = await core.join(link, 'refuse');
      const id = published.texts.ocrPages[0]?.documentId ?? '';
      const read = await core.readDocumentText(joined.record.id, id);
      const page = read.ok ? read.value?.pages[0] : undefined;
      expect(page?.source).toBe('ocr');
      // Phrases tesseract reads right on this page (checked on this machine); folded, as search compares them.
      for (const phrase of ['đường giao thông Nậm Nhừ', 'phê duyệt chủ trương đầu tư', 'Tổng mức đầu tư 45.000 triệu đồng']) {
        expect(foldVietnamese(page?.text ?? ''), phrase).toContain(foldVietnamese(phrase));
      }
    } finally {
      store.close();
    }
  }, 120_000);
});
