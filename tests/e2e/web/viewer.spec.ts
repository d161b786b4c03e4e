// The document viewer in Chromium: first page drawn, jump to page 250 without drawing the pages between,
// find with and without diacritics, confidential mode, and broken PDFs shown as messages (never blank).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { buildViewerHarness } from '../../../bench/viewer/build.ts';
import { generateTestPdf, phrasePages } from '../../../bench/viewer/generatePdf.ts';
import '../../../bench/viewer/harnessTypes.ts';
import { startHarnessServer, type HarnessServer } from '../../../bench/viewer/server.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/pdfs/', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../../artifacts/viewer/', import.meta.url));
const PAGES = 300;

let server: HarnessServer;
let tempDir: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  tempDir = await mkdtemp(join(tmpdir(), 'viewer-e2e-'));
  const bytes = await generateTestPdf(PAGES);
  await writeFile(join(tempDir, 'doc300.pdf'), bytes);
  await writeFile(join(tempDir, 'truncated.pdf'), bytes.slice(0, Math.floor(bytes.length * 0.3)));
  await writeFile(join(tempDir, 'not-a-pdf.pdf'), new TextEncoder().encode('Đây không phải là tệp PDF.\n'));
  await buildViewerHarness();
  const files = new Map<string, string>([
    ['doc300.pdf', join(tempDir, 'doc300.pdf')],
    ['truncated.pdf', join(tempDir, 'truncated.pdf')],
    ['not-a-pdf.pdf', join(tempDir, 'not-a-pdf.pdf')],
    ['open-error.pdf', join(FIXTURES, 'poppler-395-0-fuzzed.pdf')],
    ['page-error.pdf', join(FIXTURES, 'poppler-937-0-fuzzed.pdf')],
  ]);
  server = await startHarnessServer(files);
});

test.afterAll(async () => {
  await server?.close();
  if (tempDir !== undefined) await rm(tempDir, { recursive: true, force: true });
});

test.use({ viewport: { width: 1200, height: 900 } });

function openViewer(page: Page, file: string, extra = ''): Promise<unknown> {
  return page.goto(`${server.url}/ours.html?file=/files/${file}${extra}`);
}

/** Share of the page canvas's pixels that are not (near) white, and whether some are strongly coloured. */
function inkOf(page: Page, pageNumber: number) {
  return page.evaluate((n) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`.pv-page[data-page="${n}"] canvas`);
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return { ink: 0, coloured: 0 };
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    let coloured = 0;
    for (let i = 0; i < data.length; i += 16) {
      const [r = 0, g = 0, b = 0] = [data[i], data[i + 1], data[i + 2]];
      if (r < 240 || g < 240 || b < 240) ink++;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured++;
    }
    const samples = data.length / 16;
    return { ink: ink / samples, coloured: coloured / samples };
  }, pageNumber);
}

const drawn = (page: Page, n: number) => page.locator(`.pv-page[data-page="${n}"][data-state="drawn"]`);

async function expectInk(page: Page, n: number): Promise<void> {
  await expect(drawn(page, n)).toBeVisible();
  const { ink, coloured } = await inkOf(page, n);
  expect(ink).toBeGreaterThan(0.05);
  expect(coloured).toBeGreaterThan(0.02);
}

test('draws page 1, jumps to page 250 without drawing the pages between, pages by keyboard', async ({ page }) => {
  await openViewer(page, 'doc300.pdf');
  await expectInk(page, 1);
  await expect(page.locator('.pv-status')).toContainText('Trang 1 / 300');
  await page.screenshot({ path: join(ARTIFACTS, 'page-1.png') });

  await page.getByLabel('Số trang').fill('250');
  await page.getByLabel('Số trang').press('Enter');
  await expectInk(page, 250);
  await expect(page.locator('.pv-status')).toContainText('Trang 250 / 300');
  await page.screenshot({ path: join(ARTIFACTS, 'page-250.png') });

  const rendered = await page.evaluate(() => [...(window.__viewerStats?.rendered ?? [])]);
  expect(rendered).toContain(250);
  expect(rendered.filter((p) => p > 4 && p < 248)).toEqual([]);
  expect(await page.locator('.pv-page').count()).toBeLessThanOrEqual(6);
  expect(await page.locator('.pv-page[data-page="250"] .textLayer span').count()).toBeGreaterThan(0);

  await page.locator('.pv-scroller').focus();
  await page.keyboard.press('PageDown');
  await expect(page.locator('.pv-status')).toContainText('Trang 251 / 300');
  await page.keyboard.press('End');
  await expectInk(page, 300);
  await page.keyboard.press('Home');
  await expect(page.locator('.pv-status')).toContainText('Trang 1 / 300');
});

test('Ctrl+F finds words with and without diacritics, and steps through the matches', async ({ page }) => {
  const expected = phrasePages(PAGES);
  await openViewer(page, 'doc300.pdf');
  await expect(drawn(page, 1)).toBeVisible();
  await page.locator('.pv-scroller').focus();
  await page.keyboard.press('Control+f');
  const box = page.getByRole('searchbox', { name: 'Tìm trong tài liệu' });
  await expect(box).toBeFocused();

  for (const query of ['ngân sách', 'ngan sach', 'DIA PHUONG']) {
    await box.fill(query);
    await expect(page.locator('.pv-status-find')).toHaveText(`Kết quả 1 / ${expected.length}`);
  }
  await expect(page.locator('.pv-status')).toContainText(`Trang ${expected[0]} / 300`);
  await expect(page.locator(`.pv-page[data-page="${expected[0]}"] .pv-hit-active`)).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'find.png') });

  await box.press('Enter');
  await expect(page.locator('.pv-status-find')).toHaveText(`Kết quả 2 / ${expected.length}`);
  await expect(page.locator(`.pv-page[data-page="${expected[1]}"] .pv-hit-active`)).toBeVisible();
  await box.fill('không có từ này');
  await expect(page.locator('.pv-status-find')).toHaveText('Không tìm thấy');
});

test('a confidential document has no text layer and cannot be selected or copied', async ({ page }) => {
  await openViewer(page, 'doc300.pdf', '&confidential=1');
  await expectInk(page, 1);
  await expect(page.locator('.pv-status-confidential')).toBeVisible();
  expect(await page.locator('.textLayer').count()).toBe(0);
  const userSelect = await page.locator('.pv-page').first().evaluate((el) => getComputedStyle(el).userSelect);
  expect(userSelect).toBe('none');
  const copyAllowed = await page.locator('.pv-root').evaluate((el) => {
    const event = new Event('copy', { bubbles: true, cancelable: true });
    return el.dispatchEvent(event);
  });
  expect(copyAllowed).toBe(false);
});

test('broken PDFs show a message in place of the document or the page, never a blank screen', async ({ page }) => {
  for (const file of ['not-a-pdf.pdf', 'open-error.pdf']) {
    await openViewer(page, file);
    await expect(page.locator('.pv-doc-error')).toContainText('Không mở được tài liệu này');
  }
  await page.screenshot({ path: join(ARTIFACTS, 'open-error.png') });

  await openViewer(page, 'page-error.pdf');
  await expect(page.locator('.pv-page[data-page="1"] .pv-page-error')).toContainText('Không hiển thị được trang này');
  await page.screenshot({ path: join(ARTIFACTS, 'page-error.png') });

  await openViewer(page, 'truncated.pdf');
  await expect(page.locator('.pv-doc-error, .pv-page-error, .pv-page[data-state="drawn"]').first()).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'truncated.png') });
  const text = await page.locator('.pv-root').innerText();
  expect(text.trim().length).toBeGreaterThan(0);
});

test('English labels come through the labels prop', async ({ page }) => {
  await openViewer(page, 'doc300.pdf', '&lang=en');
  await expect(page.locator('.pv-status')).toContainText('Page 1 / 300');
  await expect(page.getByRole('button', { name: 'Zoom in' })).toBeVisible();
  const sizes = await page.locator('.pv-btn').evaluateAll((els) => els.map((el) => el.getBoundingClientRect()));
  for (const r of sizes) expect(Math.min(r.width, r.height)).toBeGreaterThanOrEqual(44);
});

test.afterEach(async ({ page }, info) => {
  if (info.status !== info.expectedStatus) await page.screenshot({ path: join(ARTIFACTS, `failed-${info.title.slice(0, 30)}.png`) });
  void readFile;
});
