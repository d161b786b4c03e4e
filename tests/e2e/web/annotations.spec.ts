// Annotations end to end (issue 8), in Chromium against a real collab-server with the demo meeting published:
// the same delegate on two devices (one invitation link, two browser contexts) sees a private highlight made on
// the other; a tổ note reaches the same tổ and not another; a confidential document's notes never reach a
// non-reader; both devices offline annotate, then online: everything on both, nothing twice; a note sent as góp
// ý, read by the secretariat; the export downloads a PDF that pdf.js reads back with the note text; a republished
// revision moves a highlight or orphans it, and the orphan is re-attached by hand. Screenshots in
// tests/artifacts/annotations/annotations-*.png (looked at; `npm run screenshots` copies them into docs/).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { startCollabServer } from '../../../collab-server/server.ts';
import { publishMeeting } from '../../../main/services/publish/publish.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const DIST = path.join(ROOT, 'tests/artifacts/annotations-dist');
const SHOTS = path.join(ROOT, 'tests/artifacts/annotations');
const ADMIN = 'e2e-annotations-admin-token-0123456789';
const PHONE = { width: 390, height: 844 };
const WIDE = { width: 1360, height: 900 };
const CONFIDENTIAL = 'Tờ trình về việc miễn nhiệm';
const RULES = 'Nội quy kỳ họp';
const THUMBNAILS = 'Hình thu nhỏ các trang';

test.use({ trace: 'off' });
test.describe.configure({ mode: 'serial' });

interface Demo {
  url: string;
  folder: string;
  links: Map<string, string>;
  republish(): Promise<void>;
  close(): Promise<void>;
}

let demo: Demo;
let tmp: string;

/** Its own renderer build (the spec must not race other specs over renderer/dist) and its own server. */
async function startDemo(): Promise<Demo> {
  const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn', '--outDir', DIST, '--emptyOutDir'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('renderer build failed');
  tmp = mkdtempSync(path.join(tmpdir(), 'council-e2e-annotations-'));
  const folder = path.join(tmp, 'demo-meeting');
  cpSync(path.join(ROOT, 'resources/demo-meeting'), folder, { recursive: true });
  const server = await startCollabServer({ dataDir: path.join(tmp, 'server'), host: '127.0.0.1', port: 0, adminToken: ADMIN, staticDir: DIST, log: () => undefined });
  const ocr = { cacheDir: path.join(ROOT, 'tests/artifacts/ocr-cache') };
  const publish = () => publishMeeting({ folder, server: server.url, adminToken: ADMIN, outDir: path.join(tmp, 'invitations'), ocr });
  const published = await publish();
  return {
    url: server.url,
    folder,
    links: new Map(published.invitations.map((i) => [i.id, i.link])),
    republish: async () => void (await publish()),
    close: () => server.close(),
  };
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  mkdirSync(SHOTS, { recursive: true });
  demo = await startDemo();
});

test.afterAll(async () => {
  await demo?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function join(browser: Browser, delegateId: string, viewport = WIDE): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, ...(viewport === PHONE ? { hasTouch: true, isMobile: true } : {}) });
  const page = await context.newPage();
  await page.goto(demo.links.get(delegateId) ?? '');
  await page.getByRole('button', { name: 'Tải về' }).click();
  await expect(page.getByTestId('meeting-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  return { context, page };
}

/** The same invitation on a second device (a second context). */
const joinAgain = join;

async function openDocument(page: Page, title?: string): Promise<void> {
  const docs = page.getByTestId('document');
  await (title === undefined ? docs.first() : docs.filter({ hasText: title }).first()).click();
  // (On a phone the header gives way to the viewer's toolbar: the title is there, not shown.)
  await expect(page.getByTestId('viewer-title')).toBeAttached();
  await expect(page.locator('.pv-page[data-page="1"]')).toHaveAttribute('data-state', 'drawn', { timeout: 30_000 });
  // On a phone the tools open from a button in the viewer's one bar.
  const toggle = page.locator('.ann-tools-toggle');
  if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await expect(page.locator('.ann-toolbar')).toBeVisible();
}

async function openPanel(page: Page): Promise<void> {
  if ((await page.getByTestId('notes-panel').count()) === 0) await page.getByTestId('notes-open').click();
  await expect(page.getByTestId('notes-panel')).toBeVisible();
}

async function setScope(page: Page, scope: 'private' | 'group' | 'meeting'): Promise<void> {
  await page.locator('.ann-toolbar').getByLabel('Ai được xem').selectOption(scope);
}

/** A sticky note on page 1 through the note tool. */
async function addNote(page: Page, text: string, scope: 'private' | 'group' | 'meeting', at = { x: 160, y: 160 }): Promise<void> {
  await setScope(page, scope);
  await page.locator('.ann-toolbar [data-tool="note"]').click();
  await page.locator('.pv-page[data-page="1"] .ann-layer').click({ position: at });
  const editor = page.locator('.ann-editor textarea');
  await editor.fill(text);
  await page.locator('.ann-editor').getByRole('button', { name: 'Lưu' }).click();
  await expect(page.locator('.ann-editor')).toHaveCount(0);
  await page.keyboard.press('Escape');
}

/** Selects the words of the n-th text span of page 1 and highlights them from the selection popup. */
async function addHighlight(page: Page, scope: 'private' | 'group' | 'meeting', span = 2): Promise<string> {
  await setScope(page, scope);
  await expect(page.locator('.pv-page[data-page="1"] .textLayer span').nth(span)).toBeAttached({ timeout: 20_000 });
  const text = await page.evaluate((n) => {
    const el = document.querySelectorAll('.pv-page[data-page="1"] .textLayer span')[n];
    const node = el?.firstChild;
    if (!node) return '';
    const range = document.createRange();
    range.selectNodeContents(node);
    const sel = getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    el.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
    return node.textContent ?? '';
  }, span);
  await page.locator('.ann-popup .ann-swatch').first().click();
  await expect(page.locator('.ann-popup')).toHaveCount(0);
  return text.trim();
}

/** A new revision of the rules whose text shares nothing with the old one. */
async function rewrittenRules(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(readFileSync(path.join(ROOT, 'resources/fonts/NotoSans-Regular.ttf')), { subset: true });
  const page = doc.addPage([595.28, 841.89]);
  const lines = ['Quy chế làm việc sửa đổi', 'Đại biểu đăng ký phát biểu trước khi thảo luận ở tổ.', 'Thời gian mỗi lượt phát biểu không quá bảy phút.'];
  lines.forEach((line, i) => page.drawText(line, { x: 72, y: 760 - i * 24, size: 14, font }));
  return doc.save();
}

const rows = (page: Page) => page.getByTestId('note-row');
const rowWith = (page: Page, text: string) => rows(page).filter({ hasText: text });

test('the same delegate on two devices; tổ and confidential scopes; offline on both; góp ý; export', async ({ browser }) => {
  test.setTimeout(300_000);
  // d03 (Tổ 1) on a laptop and a second device.
  const a = await join(browser, 'd03');
  const b = await joinAgain(browser, 'd03');
  await openDocument(a.page);
  await openDocument(b.page);
  const quote = await addHighlight(a.page, 'private');
  expect(quote.length).toBeGreaterThan(0);
  await openPanel(b.page);
  await expect(rowWith(b.page, quote.slice(0, 20))).toHaveCount(1, { timeout: 30_000 });
  await expect(b.page.locator('.pv-page[data-page="1"] .ann-highlight')).toHaveCount(1);

  // A tổ note: d04 of Tổ 1 sees it, d09 of Tổ 2 does not.
  await addNote(a.page, 'Tổ 1 cần hỏi thêm về nguồn vốn', 'group');
  await addNote(a.page, 'Đề nghị làm rõ số liệu quý III', 'meeting', { x: 220, y: 260 });
  const same = await join(browser, 'd04');
  const other = await join(browser, 'd09');
  await openDocument(same.page);
  await openDocument(other.page);
  await openPanel(same.page);
  await openPanel(other.page);
  await expect(rowWith(same.page, 'Tổ 1 cần hỏi thêm')).toHaveCount(1, { timeout: 30_000 });
  await expect(rowWith(other.page, 'Đề nghị làm rõ số liệu')).toHaveCount(1, { timeout: 30_000 });
  await expect(rowWith(other.page, 'Tổ 1 cần hỏi thêm')).toHaveCount(0);
  await expect(rowWith(other.page, quote.slice(0, 20))).toHaveCount(0);
  await expect(rowWith(same.page, quote.slice(0, 20))).toHaveCount(0);

  // A confidential document: d02 (a reader) writes a meeting note; d04 (not a reader) never gets it.
  const reader = await join(browser, 'd02');
  await openDocument(reader.page, CONFIDENTIAL);
  await addNote(reader.page, 'Ghi chú mật của người đọc', 'meeting');
  await openPanel(reader.page);
  await expect(rowWith(reader.page, 'Ghi chú mật')).toHaveCount(1);
  // A confidential document is never exported to a file.
  await expect(reader.page.getByTestId('notes-export')).toHaveCount(0);
  await same.page.getByTestId('notes-tab-meeting').click();
  await expect(rowWith(same.page, 'Đề nghị làm rõ số liệu')).toHaveCount(1);
  await expect(same.page.getByTestId('notes-panel')).not.toContainText('Ghi chú mật');
  await expect(same.page.getByTestId('document').filter({ hasText: CONFIDENTIAL })).toHaveCount(0);

  // Both devices of d03 offline, both annotate, back online: all on both, none twice.
  await openPanel(a.page);
  await a.context.setOffline(true);
  await b.context.setOffline(true);
  await addNote(a.page, 'Viết khi mất mạng trên máy A', 'private', { x: 200, y: 330 });
  await addNote(b.page, 'Viết khi mất mạng trên máy B', 'private', { x: 260, y: 400 });
  await a.context.setOffline(false);
  await b.context.setOffline(false);
  for (const p of [a.page, b.page]) {
    await expect(rowWith(p, 'mất mạng trên máy A')).toHaveCount(1, { timeout: 45_000 });
    await expect(rowWith(p, 'mất mạng trên máy B')).toHaveCount(1, { timeout: 45_000 });
    await expect(rows(p)).toHaveCount(5);
  }
  // The thumbnail of page 1 carries the count of its marks.
  await a.page.locator('.pv-toolbar').getByRole('button', { name: THUMBNAILS }).click();
  await expect(a.page.locator('.pv-thumb').first().getByTestId('thumb-marks')).toHaveText('5');
  await a.page.screenshot({ path: path.join(SHOTS, 'annotations-panel.png') });

  // Góp ý: the meeting note of d03 goes to the secretariat, after a confirmation.
  const row = rowWith(a.page, 'Đề nghị làm rõ số liệu');
  await row.getByRole('button', { name: 'Gửi góp ý cho Văn phòng' }).click();
  await row.getByRole('button', { name: 'Gửi góp ý', exact: true }).click();
  await expect(row.getByTestId('opinion-sent')).toBeVisible({ timeout: 30_000 });
  const secretary = await join(browser, 'tk01');
  await openDocument(secretary.page);
  await openPanel(secretary.page);
  await secretary.page.getByTestId('notes-tab-opinions').click();
  await expect(secretary.page.getByTestId('opinion-row').filter({ hasText: 'Đề nghị làm rõ số liệu' })).toHaveCount(1, { timeout: 45_000 });

  // Export: a PDF with the notes that pdf.js reads back.
  const download = a.page.waitForEvent('download');
  await a.page.getByTestId('notes-export').click();
  const file = await (await download).path();
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false, verbosity: 0 }).promise;
  const contents: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) for (const x of await (await pdf.getPage(i)).getAnnotations()) contents.push(String((x as { contentsObj?: { str?: string } }).contentsObj?.str ?? ''));
  expect(contents.join('\n')).toContain('Đề nghị làm rõ số liệu quý III');
  await pdf.destroy();

  // The meeting home's list: every document's marks by document; a row opens its document at its page.
  await a.page.locator('a.back').first().click();
  await a.page.getByTestId('meeting-notes-open').click();
  const home = a.page.getByTestId('notes-panel');
  await expect(home.getByTestId('note-group').first()).toBeVisible({ timeout: 30_000 });
  await home.getByTestId('note-row').filter({ hasText: 'Đề nghị làm rõ số liệu' }).getByRole('button').first().click();
  await expect(a.page).toHaveURL(/#\/m\/[^/]+\/doc\//);
  await expect(a.page.getByTestId('viewer-title')).toBeVisible();

  // The phone: the panel is a bottom sheet.
  const phone = await join(browser, 'd03', PHONE);
  await openDocument(phone.page);
  await phone.page.getByTestId('notes-open-compact').click();
  await expect(rows(phone.page).first()).toBeVisible({ timeout: 30_000 });
  await phone.page.screenshot({ path: path.join(SHOTS, 'annotations-phone.png') });
  for (const c of [a, b, same, other, reader, secretary, phone]) await c.context.close();
});

test('a republished revision: the highlight is carried over or listed to re-attach, and re-attached by hand', async ({ browser }) => {
  test.setTimeout(240_000);
  const a = await join(browser, 'd05');
  await openDocument(a.page, RULES);
  const [, , meetingId = '', , docId = ''] = (await a.page.evaluate(() => location.hash)).split('/');
  const quote = await addHighlight(a.page, 'private', 3);
  await openPanel(a.page);
  await expect(rowWith(a.page, quote.slice(0, 15))).toHaveCount(1);

  // The secretariat rewrites the rules (the highlighted text is gone) and publishes again.
  writeFileSync(path.join(demo.folder, 'noi-quy-ky-hop.pdf'), await rewrittenRules());
  await demo.republish();

  await a.page.goto(`${demo.url}/#/m/${meetingId}`);
  await a.page.reload();
  const banner = a.page.getByTestId('update-banner');
  await expect(banner).toBeVisible({ timeout: 60_000 });
  await banner.getByRole('button', { name: /Cập nhật/ }).click();
  await expect(banner).toHaveCount(0, { timeout: 60_000 });
  await expect(a.page.getByTestId('meeting-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await a.page.goto(`${demo.url}/#/m/${meetingId}/doc/${docId}`);
  await expect(a.page.getByTestId('viewer-title')).toBeVisible();
  const reanchor = a.page.getByTestId('reanchor-banner');
  await expect(reanchor).toBeVisible({ timeout: 60_000 });
  await expect(reanchor).toContainText('cần gắn lại');
  await reanchor.getByTestId('reanchor-list').click();
  await expect(a.page.getByTestId('orphan-row')).toHaveCount(1);
  await expect(a.page.getByTestId('orphan-row')).toContainText(quote.slice(0, 15));

  // Re-attach: select words of the new page text, attach.
  await a.page.getByTestId('orphan-reattach').click();
  const text = a.page.getByTestId('reattach-text');
  await expect(text).not.toBeEmpty({ timeout: 30_000 });
  await a.page.evaluate(() => {
    const node = document.querySelector('[data-testid="reattach-text"]')?.firstChild;
    if (!node) return;
    const range = document.createRange();
    range.setStart(node, 0);
    range.setEnd(node, Math.min(30, node.textContent?.length ?? 0));
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
  });
  await a.page.screenshot({ path: path.join(SHOTS, 'annotations-orphans.png') });
  await a.page.getByTestId('reattach-selection').click();
  await expect(a.page.getByTestId('orphan-row')).toHaveCount(0, { timeout: 30_000 });
  await a.page.getByTestId('notes-tab-document').click();
  await expect(rows(a.page)).toHaveCount(1);
  await expect(a.page.locator('.pv-page[data-page="1"] .ann-highlight')).toHaveCount(1, { timeout: 30_000 });
  await a.context.close();
});
