// First open on a hall Wi-Fi (issue 14): the client comes compressed (br), the fonts are WOFF2 subsets, and
// the pdf.js worker and the service worker's offline copy wait until the invitation is on screen.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page, type Request } from '@playwright/test';
import { startDemoServer, type DemoServer } from './support/demoServer.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../artifacts/firstopen');
const PHONE = { width: 390, height: 844 };

test.use({ trace: 'off' });

let demo: DemoServer;

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  demo = await startDemoServer();
});

test.afterAll(async () => {
  await demo?.cleanup();
});

const shot = (p: Page, name: string) => p.screenshot({ path: path.join(SHOTS, `${name}.png`) });
const endOf = (r: Request) => r.timing().startTime + r.timing().responseEnd;

test('the invitation loads a br client and WOFF2 fonts; the PDF worker and the offline copy come after it', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE });
  const requests: Request[] = [];
  context.on('request', (r) => requests.push(r));
  const page = await context.newPage();
  const finished: Request[] = [];
  page.on('requestfinished', (r) => finished.push(r));
  await page.goto(demo.link('d05'));
  await expect(page.getByTestId('preview-who')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Tải về' })).toBeVisible();

  const script = finished.find((r) => /\/assets\/index-[^/]+\.js$/.test(r.url()));
  expect(script, 'the client script').toBeDefined();
  expect((await script!.response())!.headers()['content-encoding']).toBe('br');
  expect((await script!.response())!.headers()['vary']).toBe('Accept-Encoding');

  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const fonts = finished.filter((r) => r.resourceType() === 'font');
  expect(fonts.map((r) => path.basename(new URL(r.url()).pathname).replace(/-[\w-]{8}\.woff2$/, '.woff2')).sort()).toEqual([
    'NotoSans-Bold-latin-vi.woff2',
    'NotoSans-Regular-latin-vi.woff2',
  ]);
  for (const f of fonts) expect((await f.response())!.headers()['content-type']).toBe('font/woff2');
  await shot(page, 'invitation-phone');

  // The offline copy is made once the first screen is on show; then the PDF worker has been fetched too.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => requests.some((r) => r.url().includes('/assets/pdf.worker')), { timeout: 30_000 }).toBe(true);
  const firstScreenDone = Math.max(...fonts.map(endOf));
  const late = requests.filter((r) => r.url().includes('/assets/pdf.worker') || r.url().endsWith('/sw.js'));
  for (const r of late) expect(r.timing().startTime, `${r.url()} starts after the fonts arrived`).toBeGreaterThanOrEqual(firstScreenDone);
  expect(requests.some((r) => /\/assets\/[^/]+\.ttf$/.test(r.url())), 'no TTF from the client').toBe(false);

  // The precached copy (fetched compressed, kept decoded) serves a reload.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  const fromWorker = page.waitForResponse((r) => /\/assets\/index-[^/]+\.js$/.test(r.url()));
  await page.reload();
  expect((await fromWorker).fromServiceWorker()).toBe(true);
  await expect(page.getByTestId('preview-who')).toBeVisible();
  await context.close();
});
