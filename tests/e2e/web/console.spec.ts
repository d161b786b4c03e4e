// The secretariat's console (issue 10) in Chromium, as a clerk would use it, against a real collab-server and
// the real console server (`council console`): log in with the admin token, create a session from nothing,
// build a nested agenda (with a keyboard move), drop PDFs (file input and a synthetic drop), import an .xlsx of
// delegates with a duplicate id and fix it in the table, publish, print the invitations, open one delegate's
// link in a second browser context and read a document, replace a document and republish (the change list names
// only it), a short live session (check-in, a speech, a vote through the live command routes), then the minutes:
// the DOCX and the PDF are opened and read.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { CONSOLE_ROUTES, type InvitationRow } from '../../../common/api/console.ts';
import { ROUTES } from '../../../common/api/routes.ts';
import { deriveCredentials, parseInvitationLink } from '../../../common/pack/invite.ts';
import { startCollabServer, type CollabServer } from '../../../collab-server/server.ts';
import { startConsole } from '../../../cli/commands/console.ts';
import type { ConsoleServer } from '../../../main/services/console/server.ts';
import { ensureRendererBuilt } from './support/demoServer.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SHOTS = path.join(ROOT, 'tests/artifacts/console');
const DEMO = path.join(ROOT, 'resources/demo-meeting');
const ADMIN_TOKEN = 'e2e-console-admin-token-0123456789';
const TITLE = 'Kỳ họp thứ Ba, HĐND xã Nậm Pồ khóa I, nhiệm kỳ 2026–2031';
const PROGRAMME = 'Chương trình kỳ họp thứ Ba';
const REPORT = 'Báo cáo tình hình kinh tế - xã hội năm 2026';
const MAI = 'Giàng Thị Mai';
const QUESTION = 'Thông qua Nghị quyết về kinh tế - xã hội năm 2027';
const UPLOAD_LIMIT = 200 * 1024;

test.describe.configure({ mode: 'serial' });
// Shared contexts across tests: tracing would fail to copy its files on close; the screenshots tell the story.
test.use({ trace: 'off' });

let tmp: string;
let collab: CollabServer;
let consoleServer: ConsoleServer;
let context: BrowserContext;
let page: Page;
let delegateContext: BrowserContext | undefined;

const shot = async (name: string) => {
  // A full-page shot of a scrolled page draws the sticky bar mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `console-${name}.png`), fullPage: true });
};
const demoPdf = (rel: string) => readFileSync(path.join(DEMO, rel));
const item = (n: string) => page.locator(`[data-testid="agenda-item"][data-number="${n}"]`);
const titleOf = (n: string) => item(n).locator('> .c-tree-row [data-testid="agenda-title"]');
const nav = (s: string) => page.getByTestId(`nav-${s}`).click();
const saved = () => expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
const draftId = () => page.getByTestId('console-workspace').getAttribute('data-draft-id');
const api = (route: string, params: Record<string, string> = {}): string => `${consoleServer.url}${route.replace(/:(\w+)/g, (_, k: string) => params[k] ?? '')}`;

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    parts.push(content.items.map((it) => ('str' in it ? it.str : '')).join(''));
  }
  await pdf.destroy();
  return parts.join(' ');
}
const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, '');

async function delegatesXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Đại biểu');
  ws.addRow(['Mã', 'Họ và tên', 'Chức vụ', 'Đơn vị', 'Tổ', 'Vai trò']);
  ws.addRow(['d01', 'Lò Văn Thắng', 'Chủ tịch HĐND xã', 'Thường trực HĐND xã', 'Tổ 1', 'Chủ tọa']);
  ws.addRow(['d02', MAI, 'Phó Chủ tịch HĐND xã', 'Thường trực HĐND xã', 'Tổ 1', 'Đại biểu']);
  ws.addRow(['d03', 'Sùng A Páo', 'Trưởng bản Nà Hỳ', 'Bản Nà Hỳ', 'Tổ 2', 'Đại biểu']);
  ws.addRow(['d03', 'Trần Minh Đức', 'Giáo viên', 'Trường THCS xã', 'Tổ 2', 'Đại biểu']);
  ws.addRow(['t01', 'Nguyễn Thị Lan', 'Chuyên viên', 'Văn phòng HĐND và UBND xã', '', 'Thư ký']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function invitations(): Promise<InvitationRow[]> {
  const res = await page.request.get(api(CONSOLE_ROUTES.invitations, { draftId: (await draftId()) ?? '' }));
  const body = (await res.json()) as { value: InvitationRow[] };
  return body.value;
}

test.beforeAll(async ({ browser }) => {
  mkdirSync(SHOTS, { recursive: true });
  ensureRendererBuilt();
  tmp = mkdtempSync(path.join(tmpdir(), 'council-e2e-console-'));
  collab = await startCollabServer({ dataDir: path.join(tmp, 'server'), host: '127.0.0.1', port: 0, adminToken: ADMIN_TOKEN, log: () => undefined });
  // The upload limit is lowered so that a "300 MB scan" is a 442 KB file here (the same check, the same message).
  const log = (line: string) => (/Premature close/.test(line) ? undefined : console.log(line));
  consoleServer = await startConsole({ dataDir: path.join(tmp, 'console'), server: collab.url, port: 0, ocr: false, maxUploadBytes: UPLOAD_LIMIT, log });
  // The service worker registers here too (127.0.0.1 is a secure context); it leaves /console/ to the network.
  context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN', permissions: ['clipboard-read', 'clipboard-write'] });
  page = await context.newPage();
});

test.afterAll(async () => {
  await delegateContext?.close();
  await context?.close();
  await consoleServer?.close();
  await collab?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the clerk logs in with the admin token and creates a session from nothing', async () => {
  await page.goto(`${consoleServer.url}/console`);
  await page.getByLabel('Mã quản trị hoặc thẻ thư ký').fill('wrong-token');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByTestId('c-login').getByRole('alert')).toBeVisible();
  await page.getByLabel('Mã quản trị hoặc thẻ thư ký').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByTestId('c-drafts')).toContainText('Chưa có kỳ họp nào');

  // The admin issues a clerk pass; the clerk logs in with it on another browser.
  await page.getByLabel('Tên thư ký').fill('Nguyễn Thị Lan');
  await page.getByTestId('pass-create').click();
  const pass = (await page.getByTestId('pass-fresh').locator('code').textContent()) ?? '';
  expect(pass.length).toBeGreaterThan(16);
  await expect(page.getByTestId('pass-row')).toHaveCount(1);
  const clerkContext = await page.context().browser()?.newContext();
  const clerk = await clerkContext?.newPage();
  if (!clerk) throw new Error('no clerk context');
  await clerk.goto(`${consoleServer.url}/console`);
  await clerk.getByLabel('Mã quản trị hoặc thẻ thư ký').fill(pass);
  await clerk.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(clerk.getByText('Thư ký: Nguyễn Thị Lan')).toBeVisible();
  await expect(clerk.getByTestId('c-new')).toBeVisible();
  await expect(clerk.getByTestId('c-passes')).toHaveCount(0);
  await clerkContext?.close();

  const form = page.getByTestId('c-new');
  await form.getByLabel('Tên kỳ họp').fill(TITLE);
  await form.getByLabel('Cơ quan').fill('Hội đồng nhân dân xã Nậm Pồ');
  await form.getByLabel('Ngày giờ khai mạc').fill('2026-12-05T07:30');
  await form.getByLabel('Địa điểm').fill('Hội trường UBND xã');
  await form.getByLabel('Tổng số đại biểu đang giữ chức').fill('4');
  await page.getByTestId('create-session').click();
  await expect(page.getByTestId('console-workspace')).toBeVisible();
  await expect(page.getByLabel('Tên kỳ họp')).toHaveValue(TITLE);
  await expect(page.getByLabel('numerator')).toHaveValue('2');
  await expect(page.getByLabel('denominator')).toHaveValue('3');
  await saved();
  await shot('session');
});

test('nothing typed is lost: a closed tab brings it back, and a save from another tab is a clear conflict', async () => {
  const url = page.url();
  // The save cannot reach the console (the network drops), then the tab is closed.
  await page.route('**/console/api/drafts/*', (route) => (route.request().method() === 'PUT' ? route.abort() : route.continue()));
  await page.getByLabel('Địa điểm').fill('Hội trường UBND xã Nậm Pồ');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'failed');
  await page.close();
  page = await context.newPage();
  await page.goto(url);
  await expect(page.getByLabel('Địa điểm')).toHaveValue('Hội trường UBND xã Nậm Pồ');
  await expect(page.getByText('Đã khôi phục phần bạn nhập')).toBeVisible();
  await saved();

  // Another tab saves first: this one is told so, keeps what was typed, and may overwrite.
  const other = await context.newPage();
  await other.goto(url);
  await other.getByLabel('Cơ quan').fill('HĐND xã Nậm Pồ');
  await expect(other.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await expect(other.getByLabel('Cơ quan')).toHaveValue('HĐND xã Nậm Pồ');
  await page.getByLabel('Địa điểm').fill('Hội trường UBND xã');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'conflict');
  await expect(page.getByTestId('save-state')).toContainText('vừa được sửa ở nơi khác');
  await page.getByRole('button', { name: 'Giữ phần của tôi (ghi đè)' }).click();
  await saved();
  await other.close();
  await page.reload();
  await expect(page.getByLabel('Địa điểm')).toHaveValue('Hội trường UBND xã');
  await expect(page.getByLabel('Cơ quan')).toHaveValue('Hội đồng nhân dân xã Nậm Pồ');
});

test('builds a nested agenda, with a move by keyboard', async () => {
  await nav('agenda');
  await expect(titleOf('1')).toHaveValue('Khai mạc kỳ họp');
  await page.getByTestId('agenda-add').click();
  await titleOf('2').fill('Báo cáo và tờ trình');
  await item('2').getByTestId('agenda-add-sub').first().click();
  await titleOf('2.1').fill(REPORT);
  await item('2').locator('> .c-tree-row').getByTestId('agenda-add-sub').click();
  await titleOf('2.2').fill('Tờ trình về dự thảo nghị quyết');
  await page.getByTestId('agenda-add').click();
  await titleOf('3').fill('Bế mạc kỳ họp');
  await page.getByTestId('agenda-add').click();
  await titleOf('4').fill('Biểu quyết thông qua nghị quyết');
  // Alt+↑ from the title field: "Biểu quyết" goes before "Bế mạc", and keeps the focus.
  await titleOf('4').press('Alt+ArrowUp');
  await expect(titleOf('3')).toHaveValue('Biểu quyết thông qua nghị quyết');
  await expect(titleOf('4')).toHaveValue('Bế mạc kỳ họp');
  await expect(titleOf('3')).toBeFocused();
  await expect(page.getByTestId('agenda-announce')).toHaveText('Đã chuyển mục thành 3');
  // Alt+→ nests it under item 2 (as 2.3); Alt+← takes it out again, right after item 2.
  await titleOf('3').press('Alt+ArrowRight');
  await expect(titleOf('2.3')).toHaveValue('Biểu quyết thông qua nghị quyết');
  await titleOf('2.3').press('Alt+ArrowLeft');
  await expect(titleOf('3')).toHaveValue('Biểu quyết thông qua nghị quyết');
  await expect(page.getByRole('tree')).toBeVisible();
  await expect(page.getByRole('treeitem')).toHaveCount(6);
  // Drag and drop by the handle: "Bế mạc" onto the top edge of item 1, then back onto the bottom edge of item 3.
  const row = (n: string) => item(n).locator('> .c-tree-row');
  await item('4').getByTestId('agenda-handle').first().dragTo(row('1'), { targetPosition: { x: 200, y: 3 } });
  await expect(titleOf('1')).toHaveValue('Bế mạc kỳ họp');
  await expect(titleOf('2')).toHaveValue('Khai mạc kỳ họp');
  const box = await row('4').boundingBox();
  await item('1').getByTestId('agenda-handle').first().dragTo(row('4'), { targetPosition: { x: 200, y: (box?.height ?? 40) - 3 } });
  await expect(titleOf('4')).toHaveValue('Bế mạc kỳ họp');
  await expect(titleOf('1')).toHaveValue('Khai mạc kỳ họp');
  // Plain ↑/↓ go between the items' titles.
  await titleOf('2.1').focus();
  await page.keyboard.press('ArrowDown');
  await expect(titleOf('2.2')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(titleOf('2')).toBeFocused();
  // Typed key by key: the focus stays in the field as the draft saves.
  await item('2.1').getByLabel('Người trình bày').first().pressSequentially('Chủ tịch UBND xã');
  await expect(item('2.1').getByLabel('Người trình bày').first()).toHaveValue('Chủ tịch UBND xã');
  await saved();
  await shot('agenda');
});

test('drops PDFs onto the items: a file input, a synthetic drop, and refusals a clerk can act on', async () => {
  await nav('documents');
  await page.getByTestId('drop-input-1').setInputFiles({ name: 'chuong-trinh.pdf', mimeType: 'application/pdf', buffer: demoPdf('chuong-trinh.pdf') });
  // Several at once, each with its own progress line.
  await page.getByTestId('drop-input-2.1').setInputFiles([
    { name: 'bao-cao-kinh-te-xa-hoi-2026.pdf', mimeType: 'application/pdf', buffer: demoPdf('bao-cao/bao-cao-kinh-te-xa-hoi-2026.pdf') },
    { name: 'phu-luc-du-toan.pdf', mimeType: 'application/pdf', buffer: demoPdf('phu-luc/phu-luc-du-toan-ngan-sach-2027.pdf') },
  ]);
  // A new batch clears the lines of uploads already done, so the first may be gone by now (it finished before the
  // second batch started) or still listed: count the batch's own lines, and the first by its document row.
  await expect(page.locator('[data-testid="upload"][data-status="done"]').filter({ hasText: /bao-cao-kinh-te-xa-hoi-2026\.pdf|phu-luc-du-toan\.pdf/ })).toHaveCount(2);
  await expect(page.locator('[data-testid="doc-item"][data-number="1"] [data-testid="doc-row"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="doc-item"][data-number="2.1"] [data-testid="doc-row"]')).toHaveCount(2);
  // A real drop event with a DataTransfer holding the file.
  const b64 = demoPdf('du-thao/nghi-quyet-kinh-te-xa-hoi-2027.pdf').toString('base64');
  const dt = await page.evaluateHandle((data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const t = new DataTransfer();
    t.items.add(new File([bytes], 'du-thao-nghi-quyet-kinh-te.pdf', { type: 'application/pdf' }));
    return t;
  }, b64);
  await page.getByTestId('drop-2.2').dispatchEvent('dragover', { dataTransfer: dt });
  await page.getByTestId('drop-2.2').dispatchEvent('drop', { dataTransfer: dt });
  await expect(page.locator('[data-testid="doc-item"][data-number="2.2"] [data-testid="doc-row"]')).toHaveCount(1);
  // A password-protected PDF, a Word file and a file over the limit are refused with a message that says what to do.
  await page.getByTestId('drop-input-3').setInputFiles([
    { name: 'ban-chup-qua-lon.pdf', mimeType: 'application/pdf', buffer: demoPdf('cu-tri/tong-hop-kien-nghi-cu-tri.pdf') },
    { name: 'to-trinh-co-mat-khau.pdf', mimeType: 'application/pdf', buffer: readFileSync(path.join(ROOT, 'tests/fixtures/pdfs/password-protected.pdf')) },
    { name: 'bien-ban.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from('PK\u0003\u0004 not really') },
  ]);
  await expect(page.getByTestId('upload-error').filter({ hasText: 'to-trinh-co-mat-khau.pdf' })).toContainText('mật khẩu');
  await expect(page.getByTestId('upload-error').filter({ hasText: 'bien-ban.docx' })).toContainText('lưu thành PDF');
  await expect(page.getByTestId('upload-error').filter({ hasText: 'ban-chup-qua-lon.pdf' })).toContainText('quá lớn');
  await expect(page.getByTestId('doc-item').filter({ hasText: 'Biểu quyết thông qua' }).getByTestId('doc-row')).toHaveCount(0);

  const row = (file: string) => page.locator(`[data-testid="doc-row"][data-file$="${file}"]`);
  await row('chuong-trinh.pdf').getByTestId('doc-title').fill(PROGRAMME);
  await row('chuong-trinh.pdf').getByTestId('doc-kind').selectOption('chuong-trinh');
  await row('bao-cao-kinh-te-xa-hoi-2026.pdf').getByTestId('doc-title').fill(REPORT);
  await row('bao-cao-kinh-te-xa-hoi-2026.pdf').getByTestId('doc-kind').selectOption('bao-cao');
  await row('phu-luc-du-toan.pdf').getByTestId('doc-title').fill('Phụ lục dự toán ngân sách (mật)');
  await row('du-thao-nghi-quyet-kinh-te.pdf').getByTestId('doc-title').fill('Dự thảo Nghị quyết kinh tế - xã hội');
  await expect(row('du-thao-nghi-quyet-kinh-te.pdf').getByTestId('doc-kind')).toHaveValue('du-thao-nghi-quyet');
  await row('phu-luc-du-toan.pdf').getByTestId('doc-confidential').check();
  await expect(row('phu-luc-du-toan.pdf').getByTestId('doc-readers')).toContainText('Hãy nhập danh sách đại biểu trước');
  await saved();
  await shot('documents');
});

test('imports an .xlsx of delegates: the duplicate id shows on its row, is fixed in the table, then accepted', async () => {
  await nav('delegates');
  await page.getByTestId('delegates-import-input').setInputFiles({ name: 'dai-bieu.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await delegatesXlsx() });
  const review = page.getByTestId('delegates-review');
  await expect(review).toBeVisible();
  const bad = review.locator('[data-testid="delegate-row"][data-row="3"]');
  await expect(bad).toHaveClass(/c-has-problem/);
  await expect(review.locator('[data-code="DELEGATE_DUPLICATE_ID"]')).toContainText('mã đại biểu "d03" bị trùng với dòng 4');
  await expect(page.getByTestId('delegates-accept')).toBeDisabled();
  await shot('delegates-import');
  await bad.locator('input[data-field="id"]').fill('d04');
  await expect(review.locator('[data-code="DELEGATE_DUPLICATE_ID"]')).toHaveCount(0);
  await page.getByTestId('delegates-accept').click();
  await expect(page.getByTestId('delegates-accepted')).toContainText('5 đại biểu');
  await expect(page.getByTestId('delegates-table').getByTestId('delegate-row')).toHaveCount(5);
  await expect(page.locator('[data-testid="delegates-table"] select[data-field="role"]').first()).toHaveValue('chair');
  await saved();

  // Now the confidential annex gets its reader.
  await nav('documents');
  const annex = page.locator('[data-testid="doc-row"][data-file$="phu-luc-du-toan.pdf"]');
  await annex.getByTestId('doc-readers').getByLabel(new RegExp(MAI)).check();
  await saved();
});

test('publishes with a progress bar, then the invitations: the A4 sheet, one link copied, one reissued', async () => {
  await nav('publish');
  await expect(page.getByTestId('publish-ready')).toBeVisible();
  await expect(page.getByTestId('publish-first')).toBeVisible();
  await page.getByTestId('publish').click();
  await expect(page.getByTestId('publish-progress')).toBeVisible();
  await shot('publish-progress');
  await expect(page.getByTestId('publish-job')).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('publish-progress')).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByTestId('publish-job')).toContainText('Đã phát hành phiên bản 1');
  await shot('publish');

  await expect(page.getByTestId('invitation-row')).toHaveCount(5);
  const href = await page.getByTestId('invitations-pdf').getAttribute('href');
  const sheet = await page.request.get(`${consoleServer.url}${href ?? ''}`);
  expect(sheet.headers()['content-type']).toContain('application/pdf');
  expect((await sheet.body()).subarray(0, 5).toString()).toBe('%PDF-');
  const zipHref = await page.getByTestId('invitations-zip').getAttribute('href');
  const zip = unzipSync(new Uint8Array(await (await page.request.get(`${consoleServer.url}${zipHref ?? ''}`)).body()));
  expect(Object.keys(zip).sort()).toEqual(['d01.png', 'd02.png', 'd03.png', 'd04.png', 't01.png']);

  await page.locator('[data-testid="invitation-row"][data-delegate-id="d02"]').getByTestId('copy-link').click();
  await expect(page.getByTestId('invitation-notice')).toHaveText(`Đã chép đường dẫn của ${MAI}`);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/#v1\./);

  const before = (await invitations()).find((r) => r.delegateId === 'd03')?.link;
  const d03 = page.locator('[data-testid="invitation-row"][data-delegate-id="d03"]');
  await d03.getByTestId('reissue').click();
  await expect(d03).toContainText('Giấy mời cũ sẽ không dùng được nữa');
  await d03.getByTestId('reissue-yes').click();
  await expect(page.getByTestId('invitation-notice')).toContainText('Đã cấp giấy mời mới cho Sùng A Páo');
  expect((await invitations()).find((r) => r.delegateId === 'd03')?.link).not.toBe(before);
  await shot('invitations');

  // The delegate's own flow, with the copied link, in a browser of their own.
  delegateContext = await page.context().browser()?.newContext({ viewport: { width: 1280, height: 800 } });
  const delegate = await delegateContext?.newPage();
  if (!delegate) throw new Error('no second context');
  await delegate.goto(copied.replace(/^https?:\/\/[^/#]+/, collab.url));
  await delegate.getByRole('button', { name: 'Tải về' }).click();
  await expect(delegate.getByTestId('meeting-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await delegate.getByRole('link', { name: `Mở ${REPORT}` }).click();
  await expect(delegate.getByTestId('viewer-title')).toHaveText(REPORT);
  await expect(delegate.locator('.pv-page[data-page="1"]')).toHaveAttribute('data-state', 'drawn', { timeout: 30_000 });
});

test('replaces one document and republishes: the change list names only it', async () => {
  await nav('documents');
  const programme = page.locator('[data-testid="doc-row"][data-file$="chuong-trinh.pdf"]');
  await programme.getByTestId('doc-replace-input').setInputFiles({ name: 'chuong-trinh-sua.pdf', mimeType: 'application/pdf', buffer: demoPdf('noi-quy-ky-hop.pdf') });
  await expect(page.getByTestId('upload').filter({ hasText: 'Đã thay chuong-trinh-sua.pdf' })).toBeVisible();
  await nav('publish');
  await expect(page.getByTestId('change-line')).toHaveCount(1);
  await expect(page.getByTestId('change-line')).toHaveText(`Thay tài liệu "${PROGRAMME}" bằng bản mới`);
  await page.getByTestId('publish').click();
  await expect(page.getByTestId('publish-job')).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('publish-job')).toContainText('Đã phát hành phiên bản 2');
});

test('follows a short live session: check-in, a speech and a vote land on the screen', async () => {
  const rows = await invitations();
  const meetingId = parseInvitationLink(rows.find((r) => r.delegateId === 'd01')?.link ?? '').meetingId;
  let n = 0;
  const cmd = async (delegateId: string, body: Record<string, unknown>) => {
    const creds = await deriveCredentials(parseInvitationLink(rows.find((r) => r.delegateId === delegateId)?.link ?? ''));
    const res = await fetch(`${collab.url}${ROUTES.commands.replace(':meetingId', meetingId)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${creds.authToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: `e2e-${++n}`, ...body }),
    });
    expect(res.status, `${String(body['type'])}: ${await res.text()}`).toBe(200);
  };
  for (const d of ['d01', 'd02', 'd04']) await cmd(d, { type: 'checkIn', mode: 'present-hall' });
  await cmd('d01', { type: 'setCurrentItem', itemId: '2' });
  await cmd('d01', { type: 'giveFloor', delegateId: 'd02', speechType: 'phat-bieu', durationSec: 300 });
  await cmd('d01', { type: 'endSpeech' });
  await cmd('d01', { type: 'createPoll', pollId: 'p1', definition: { kind: 'open', itemId: '3', question: QUESTION } });
  await cmd('d01', { type: 'openPoll', pollId: 'p1' });
  for (const d of ['d01', 'd02', 'd04']) await cmd(d, { type: 'castBallot', pollId: 'p1', choice: 'yes' });
  await cmd('d01', { type: 'closePoll', pollId: 'p1' });
  await cmd('d01', { type: 'announcePoll', pollId: 'p1' });

  await nav('follow');
  const d02 = page.locator('[data-testid="follow-row"][data-delegate-id="d02"]');
  await expect(d02).toHaveAttribute('data-attendance', 'present-hall');
  await expect(d02).toHaveAttribute('data-revision', /^[12]$/);
  await expect(page.locator('[data-testid="follow-row"][data-delegate-id="d03"]')).toHaveAttribute('data-attendance', '');
  await expect(page.getByTestId('result')).toContainText(QUESTION);
  await expect(page.getByTestId('result')).toContainText('tán thành');
  await shot('follow');
  // The secretary's spare device is revoked from the same table.
  const t01 = page.locator('[data-testid="follow-row"][data-delegate-id="t01"]');
  await t01.getByTestId('revoke').click();
  await t01.getByTestId('revoke-yes').click();
  await expect(page.getByText('Đã thu hồi quyền của Nguyễn Thị Lan.')).toBeVisible();
  await expect(t01).toContainText('Đã thu hồi');
});

test('exports the minutes: the DOCX and the PDF name the session, a delegate and the result', async () => {
  await nav('records');
  await expect(page.getByTestId('keys-why')).toContainText('chuyển sang máy tính mới');
  const get = async (testId: string) => {
    const href = await page.getByTestId(testId).getAttribute('href');
    const res = await page.request.get(`${consoleServer.url}${href ?? ''}`);
    expect(res.status()).toBe(200);
    return new Uint8Array(await res.body());
  };
  const docx = unzipSync(await get('minutes-docx'));
  const xml = new TextDecoder().decode(docx['word/document.xml']);
  const text = xml.replace(/<[^>]+>/g, '');
  expect(text).toContain(TITLE);
  expect(text).toContain(MAI);
  expect(text).toContain(QUESTION);
  expect(text).toMatch(/Có 3 đại biểu tham gia biểu quyết/);
  const pdf = squash(await pdfText(await get('minutes-pdf')));
  expect(pdf).toContain(squash(TITLE));
  expect(pdf).toContain(squash(MAI));
  expect(pdf).toContain(squash('Có 3 đại biểu tham gia biểu quyết'));
  const attendance = new TextDecoder().decode(await get('attendance-csv'));
  expect(attendance).toContain(MAI);
  await shot('minutes');
});

test('exports the meeting folder, backs up the keys with a passphrase and restores them, imports the folder', async () => {
  const href = await page.getByTestId('export-zip').getAttribute('href');
  const zipBytes = new Uint8Array(await (await page.request.get(`${consoleServer.url}${href ?? ''}`)).body());
  const folder = unzipSync(zipBytes);
  expect(new TextDecoder().decode(folder['meeting.json'])).toContain(TITLE);
  expect(new TextDecoder().decode(folder['delegates.csv'])).toContain(MAI);

  await page.getByLabel('Mật khẩu bảo vệ (ít nhất 8 ký tự)').fill('ngan');
  await page.getByRole('button', { name: 'Tải bản sao lưu khóa' }).click();
  await expect(page.getByTestId('c-keys').getByRole('alert')).toContainText('ít nhất 8 ký tự');
  await page.getByLabel('Mật khẩu bảo vệ (ít nhất 8 ký tự)').fill('mat-khau-ky-hop-2026');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải bản sao lưu khóa' }).click()]);
  const backupFile = path.join(tmp, download.suggestedFilename());
  await download.saveAs(backupFile);
  await expect(page.getByTestId('c-keys')).toContainText('Đã tải bản sao lưu');
  await page.getByTestId('keys-restore-file').setInputFiles(backupFile);
  await page.getByLabel('Mật khẩu của bản sao lưu').fill('sai-mat-khau');
  await page.getByRole('button', { name: 'Khôi phục từ bản sao lưu' }).click();
  await expect(page.getByTestId('c-keys').getByRole('alert')).toContainText('sai mật khẩu');
  await page.getByLabel('Mật khẩu của bản sao lưu').fill('mat-khau-ky-hop-2026');
  await page.getByRole('button', { name: 'Khôi phục từ bản sao lưu' }).click();
  await expect(page.getByTestId('c-keys')).toContainText('Đã khôi phục khóa (phiên bản 2)');

  await page.getByRole('link', { name: '← Các kỳ họp' }).click();
  await page.getByTestId('import-zip-input').setInputFiles({ name: 'ho-so.zip', mimeType: 'application/zip', buffer: Buffer.from(zipBytes) });
  await expect(page.getByTestId('console-workspace')).toBeVisible();
  await expect(page.getByLabel('Tên kỳ họp')).toHaveValue(TITLE);
  expect(await draftId()).not.toBe(new URL(`${consoleServer.url}${href ?? ''}`).pathname.split('/')[4]);
});
