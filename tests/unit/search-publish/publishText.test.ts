// Page texts from publishing to the device, with the real publisher, a real collab-server on port 0, real OCR
// (tesseract.js, the local Vietnamese model) and the real device core over SQLite. One scanned page only: OCR
// takes seconds a page on this machine.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type ManifestResponse } from '../../../common/api/http.ts';
import type { DocumentEntry } from '../../../common/pack/format.ts';
import { deriveCredentials, parseInvitationLink } from '../../../common/pack/invite.ts';
import { documentKey, openManifest, readableDocuments, unwrapKeyBundle } from '../../../common/pack/manifest.ts';
import { fromB64url } from '../../../common/pack/encoding.ts';
import { openDocumentText, type DocumentText } from '../../../common/search/documentText.ts';
import { foldVietnamese } from '../../../common/text/fold.ts';
import { textReportLines } from '../../../common/i18n/searchPublish.ts';
import type { TextProgress } from '../../../main/services/publish/encryptDocuments.ts';
import { publishMeeting, type PublishResult } from '../../../main/services/publish/publish.ts';
import { FileKeyProtector } from '../../../main/services/keys/FileKeyProtector.ts';
import { nodeDeviceCore } from '../../../main/services/vault/nodeCore.ts';
import { openSqliteDeviceStore } from '../../../main/services/vault/sqliteDeviceStore.ts';
import { startTestServer, tempDir, ADMIN_TOKEN, type TestServer } from '../join/helpers/env.ts';
import { makeScannedPdf, makeTextPdf } from './scanned.ts';

// What the scanned decision says. The phrase checked after OCR is one tesseract reads right on this 150 dpi scan
// (checked after folding: OCR may miss a tone mark, the folded words still match).
const SCAN_LINES = [
  'ỦY BAN NHÂN DÂN HUYỆN NẬM PỒ',
  'QUYẾT ĐỊNH',
  'Về việc phê duyệt chủ trương đầu tư dự án',
  'đường giao thông Nậm Nhừ - Nà Hỳ',
  'Tổng mức đầu tư: 45.000 triệu đồng từ ngân sách tỉnh.',
  'Thời gian thực hiện: năm 2027 - 2028.',
];
const OCR_PHRASE = 'phê duyệt chủ trương đầu tư';
// A word only the confidential document has: it must never reach the server in clear, nor a non-reader.
const SECRET_WORD = 'Khàmphoóng';

let server: TestServer;
let folder: string;
let vaults: string;
let first: PublishResult;
const progress: TextProgress[] = [];

beforeAll(async () => {
  server = await startTestServer();
  folder = tempDir('council-search-meeting-');
  vaults = tempDir('council-search-vaults-');
  mkdirSync(path.join(folder, 'mat'));
  writeFileSync(path.join(folder, 'bao-cao.pdf'), await makeTextPdf([['Báo cáo tình hình kinh tế - xã hội năm 2026', 'Dự toán ngân sách huyện được phân bổ đúng hạn.'], ['Trang hai: phương hướng, nhiệm vụ năm 2027.']]));
  writeFileSync(path.join(folder, 'quyet-dinh-scan.pdf'), await makeScannedPdf(await makeTextPdf([SCAN_LINES], 16)));
  writeFileSync(path.join(folder, 'mat/nhan-su.pdf'), await makeTextPdf([[`Tờ trình nhân sự: đồng chí ${SECRET_WORD} được đề nghị bầu bổ sung.`, 'Tài liệu mật, chỉ đại biểu có tên được đọc.']]));
  writeFileSync(path.join(folder, 'delegates.csv'), ['id,name,position,unit,group,role', 'd01,Lò Văn Thắng,Chủ tịch HĐND,Thường trực,Tổ 1,chair', 'd02,Giàng Thị Mai,Đại biểu,Xã Si Pa Phìn,Tổ 1,delegate'].join('\n') + '\n');
  writeFileSync(
    path.join(folder, 'meeting.json'),
    JSON.stringify({
      title: 'Kỳ họp thử nghiệm tìm kiếm',
      body: 'HĐND huyện Nậm Pồ',
      startsAt: '2026-12-05T07:30:00+07:00',
      place: 'Hội trường',
      totalDelegates: 2,
      agenda: [
        {
          title: 'Kinh tế - xã hội',
          documents: [
            { file: 'bao-cao.pdf', title: 'Báo cáo kinh tế - xã hội', kind: 'bao-cao' },
            { file: 'quyet-dinh-scan.pdf', title: 'Quyết định (bản chụp)', kind: 'khac' },
            { file: 'mat/nhan-su.pdf', title: 'Tờ trình nhân sự', kind: 'to-trinh', confidential: true, readers: ['d01'] },
          ],
        },
      ],
    }),
  );
  first = await publishMeeting({ folder, server: server.url, adminToken: ADMIN_TOKEN, outDir: path.join(folder, 'out'), onTextProgress: (p) => progress.push(p) });
}, 180_000);

afterAll(async () => {
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
  rmSync(vaults, { recursive: true, force: true });
});

const linkOf = (r: PublishResult, id: string): string => r.invitations.find((i) => i.id === id)?.link ?? '';

/** What a delegate's client does: authenticate, fetch and open the manifest, read page texts from the server. */
async function textsAs(link: string): Promise<{ docs: DocumentEntry[]; text(id: string): Promise<DocumentText | undefined> }> {
  const inv = parseInvitationLink(link);
  const creds = await deriveCredentials(inv);
  const headers = { authorization: `Bearer ${creds.authToken}` };
  const res = (await (await fetch(`${inv.server}${API.manifest(inv.meetingId)}`, { headers })).json()) as ManifestResponse;
  const bundle = await unwrapKeyBundle(res.wrappedKeys, creds.wrapKey, { meetingId: inv.meetingId, delegateId: inv.delegateId, revision: res.envelope.revision });
  const manifest = await openManifest(res.envelope, fromB64url(bundle.meetingKey) ?? new Uint8Array(), inv.publisherKey);
  expect(manifest.format).toBe(2);
  const docs = await readableDocuments(manifest, bundle);
  const readChunk = async (_i: number, hash: string): Promise<Uint8Array> => new Uint8Array(await (await fetch(`${inv.server}${API.chunk(hash)}`, { headers })).arrayBuffer());
  return {
    docs,
    async text(id) {
      const entry = docs.find((d) => d.id === id);
      if (!entry?.text) return undefined;
      return openDocumentText({ documentId: id, ref: entry.text, documentKey: documentKey(entry, bundle), readChunk });
    },
  };
}

const idOf = (file: string): string => first.texts.ocrPages.find((p) => p.file === file)?.documentId ?? '';

describe('publishing page texts', () => {
  it('OCRs the scanned page, names it in the report, and the phrase is on page 1 after folding', async () => {
    expect(first.texts.ocrPages.map((p) => `${p.file}#${p.page}`)).toEqual(['quyet-dinh-scan.pdf#1']);
    expect(first.texts.unreadablePages).toEqual([]);
    expect(first.texts.pages).toBe(4);
    expect(first.texts.ocr).toEqual({ recognised: 1, cached: 0 });
    expect(textReportLines(first.texts).join('\n')).toContain('OCR) 1 trang / OCRed 1 pages (1 mới / new, 0 từ bộ nhớ đệm / cached): quyet-dinh-scan.pdf tr. 1');
    // Progress: every page read once (4 in all), then the one page OCRed.
    expect(progress.filter((p) => p.phase === 'extract').at(-1)).toMatchObject({ done: 4, total: 4 });
    expect(progress.filter((p) => p.phase === 'ocr')).toEqual([{ phase: 'ocr', done: 1, total: 1, file: 'quyet-dinh-scan.pdf' }]);
    const reader = await textsAs(linkOf(first, 'd02'));
    const scan = await reader.text(idOf('quyet-dinh-scan.pdf'));
    expect(scan?.pages).toHaveLength(1);
    expect(scan?.pages[0]?.source).toBe('ocr');
    expect(foldVietnamese(scan?.pages[0]?.text ?? '')).toContain(foldVietnamese(OCR_PHRASE));
    // Word boxes point into the text and lie on the page.
    const page = scan?.pages[0];
    expect(page?.boxes?.length).toBeGreaterThan(10);
    for (const b of page?.boxes ?? []) expect(page?.text.slice(b.start, b.end).length).toBe(b.end - b.start);
    const report = reader.docs.find((d) => d.file === 'bao-cao.pdf');
    const text = await reader.text(report?.id ?? '');
    expect(text?.pages.map((p) => [p.page, p.source])).toEqual([[1, 'pdf'], [2, 'pdf']]);
    expect(text?.pages[0]?.text).toContain('Dự toán ngân sách huyện được phân bổ đúng hạn.');
  });

  it("seals a confidential document's text with its key: its reader reads it, a non-reader never gets it, the server holds no word of it", async () => {
    const reader = await textsAs(linkOf(first, 'd01'));
    const secretDoc = reader.docs.find((d) => d.confidential);
    const secret = await reader.text(secretDoc?.id ?? '');
    expect(secret?.pages[0]?.text).toContain(SECRET_WORD);
    const other = await textsAs(linkOf(first, 'd02'));
    expect(other.docs.some((d) => d.confidential)).toBe(false);
    // The server's files (database, chunks) never hold the words, in UTF-8 or folded.
    const needles = [SECRET_WORD, foldVietnamese(SECRET_WORD), 'Dự toán ngân sách', 'phân bổ đúng hạn'].map((w) => Buffer.from(w, 'utf8'));
    const leaks = filesUnder(server.dataDir).filter((f) => needles.some((n) => readFileSync(f).includes(n)));
    expect(leaks).toEqual([]);
  });

  it('republishing answers OCR from the cache and mints no new revision', async () => {
    const again = await publishMeeting({ folder, server: server.url, adminToken: ADMIN_TOKEN, outDir: path.join(folder, 'out') });
    expect(again.texts.ocr).toEqual({ recognised: 0, cached: 1 });
    expect(again.newRevision).toBe(false);
    expect(again.uploadedChunks).toBe(0);
    expect(again.texts.ocrPages).toEqual(first.texts.ocrPages);
  }, 60_000);

  it('the device reader returns the texts after a join, and NOT_A_READER for a confidential document it cannot read', async () => {
    const dir = path.join(vaults, 'd02');
    const store = openSqliteDeviceStore(dir);
    try {
      const core = nodeDeviceCore(store, FileKeyProtector.open(dir));
      const joined = await core.join(linkOf(first, 'd02'), 'refuse');
      const meetingId = joined.record.id;
      const scanId = idOf('quyet-dinh-scan.pdf');
      const read = await core.readDocumentText(meetingId, scanId);
      expect(read.ok && foldVietnamese(read.value?.pages[0]?.text ?? '')).toContain(foldVietnamese(OCR_PHRASE));
      const secretId = joined.opened.manifest.sealedDocuments[0]?.id ?? '';
      const refused = await core.readDocumentText(meetingId, secretId);
      expect(refused.ok ? 'ok' : refused.error.code).toBe('NOT_A_READER');
      const missing = await core.readDocumentText(meetingId, 'no-such-doc');
      expect(missing.ok ? 'ok' : missing.error.code).toBe('NOT_FOUND');
    } finally {
      store.close();
    }
  }, 60_000);

  it("a confidential document's reader reads its text on the device; revoking shreds every text chunk with the documents", async () => {
    const dir = path.join(vaults, 'd01');
    const store = openSqliteDeviceStore(dir);
    try {
      const core = nodeDeviceCore(store, FileKeyProtector.open(dir));
      const joined = await core.join(linkOf(first, 'd01'), 'refuse');
      const meetingId = joined.record.id;
      const secret = joined.opened.documents.find((d) => d.confidential);
      const read = await core.readDocumentText(meetingId, secret?.id ?? '');
      expect(read.ok && read.value?.pages[0]?.text).toContain(SECRET_WORD);
      const textHashes = joined.opened.documents.flatMap((d) => d.text?.chunks.map((c) => c.hash) ?? []);
      expect(textHashes).toHaveLength(3);
      expect((await store.storedChunks(textHashes)).size).toBe(3);
      await core.revoke(meetingId);
      expect((await store.storedChunks(textHashes)).size).toBe(0);
    } finally {
      store.close();
    }
  }, 60_000);
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}
