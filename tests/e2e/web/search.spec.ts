// Search in Chromium on a phone (issue 9): a new delegate joins the demo meeting, goes offline, types a phrase
// without diacritics on the meeting home, opens a hit and lands on the page with every hit highlighted; steps
// to the next hit; Ctrl+K in the viewer, a Telex query repaired, a hit in another document. Screenshots go to
// tests/artifacts/search/ (copies for the README in tests/artifacts/readme/) and were looked at.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startDemoServer, type DemoServer } from './support/demoServer.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../artifacts/search');
const README = path.resolve(import.meta.dirname, '../../artifacts/readme');
const PHONE = { width: 390, height: 844 };

test.use({ trace: 'off' });

let demo: DemoServer;

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(README, { recursive: true });
  demo = await startDemoServer();
});

test.afterAll(async () => {
  await demo?.cleanup();
});

async function shot(p: Page, name: string, readme = false): Promise<void> {
  const file = path.join(SHOTS, `${name}.png`);
  await p.screenshot({ path: file });
  if (readme) copyFileSync(file, path.join(README, `search-${name}.png`));
}

/** The highlight boxes drawn on a page (the viewer's find layer). */
const hitsOn = (p: Page, n: number) => p.locator(`.pv-page[data-page="${n}"] .pv-hit`);

test('a phrase typed without diacritics, offline, opens its page with every hit highlighted', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto(demo.link('d05'));
  await page.getByRole('button', { name: 'Tải về' }).click();
  await expect(page.getByTestId('meeting-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await context.setOffline(true);

  const box = page.getByTestId('search-input');
  await box.fill('du toan ngan sach');
  const results = page.getByTestId('search-results');
  await expect(results.getByRole('status')).toContainText('trang trong');
  const firstDoc = page.getByTestId('search-doc').first();
  await expect(firstDoc.locator('mark').first()).toBeVisible();
  const marked = (await firstDoc.locator('mark').allTextContents()).map((m) => m.toLowerCase());
  expect(marked.some((m) => ['dự', 'toán', 'ngân', 'sách'].includes(m))).toBe(true);
  await firstDoc.scrollIntoViewIfNeeded();
  await shot(page, 'results-phone', true);

  const hit = firstDoc.getByTestId('search-hit').first();
  const pageLabel = (await hit.locator('.search-page').textContent()) ?? '';
  const n = Number(/\d+/.exec(pageLabel)?.[0]);
  expect(n).toBeGreaterThan(0);
  await hit.click();
  await expect(page).toHaveURL(/#\/m\/[^/]+\/doc\//);
  await expect(page.locator(`.pv-page[data-page="${n}"]`)).toHaveAttribute('data-state', 'drawn', { timeout: 30_000 });
  await expect(hitsOn(page, n).first()).toBeVisible({ timeout: 20_000 });
  expect(await hitsOn(page, n).count()).toBeGreaterThanOrEqual(2);
  await expect(page.locator('.pv-hit-active')).toHaveCount(1);
  await expect(page.locator('.pv-find-input')).toHaveValue('du toan ngan sach');
  await shot(page, 'page-highlighted-phone', true);

  // Next hit: the active highlight moves.
  const before = await page.locator('.pv-hit-active').boundingBox();
  await page.getByRole('button', { name: 'Kết quả sau' }).click();
  await expect.poll(async () => JSON.stringify(await page.locator('.pv-hit-active').boundingBox())).not.toBe(JSON.stringify(before));
  await context.close();
});

test('Ctrl+K in the viewer; a Telex query is repaired; a hit in another document opens it highlighted', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.goto(demo.link('d06'));
  await page.getByRole('button', { name: 'Tải về' }).click();
  await expect(page.getByTestId('meeting-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('document').first().click();
  await expect(page.getByTestId('viewer-title')).toBeVisible();
  const firstTitle = await page.getByTestId('viewer-title').textContent();

  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('search-overlay')).toBeVisible();
  await page.getByTestId('search-overlay').getByTestId('search-input').fill('nghij quyeets');
  await expect(page.locator('.search-repaired')).toContainText('nghị quyết');
  await shot(page, 'telex-repaired', true);
  const other = page.getByTestId('search-doc').filter({ hasNotText: firstTitle ?? '' }).first();
  const title = (await other.locator('.search-doc-name').textContent()) ?? '';
  await other.getByTestId('search-hit').first().click();
  await expect(page.getByTestId('search-overlay')).toHaveCount(0);
  await expect(page.getByTestId('viewer-title')).toHaveText(title);
  await expect(page.locator('.pv-hit').first()).toBeVisible({ timeout: 20_000 });
  await shot(page, 'viewer-hit-desktop');
  await context.close();
});
