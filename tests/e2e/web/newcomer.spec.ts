// What a newcomer meets in a real session (issue 14): a phone reader who zooms and pans, the roles named by
// their own word, error screens that say what happened and what to do, plain wording, the small things
// (icon, manifest, fullscreen hall screen). Screenshots go to tests/artifacts/newcomer/ and were looked at.
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startDemoServer, type DemoServer } from './support/demoServer.ts';
import { inkRatio } from './support/pixels.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../artifacts/newcomer');
const PHONE = { width: 390, height: 844 };
const REPORT = 'Báo cáo tình hình kinh tế - xã hội năm 2026, phương hướng, nhiệm vụ năm 2027';

test.describe.configure({ mode: 'serial' });
test.use({ trace: 'off' });

let demo: DemoServer;
const contexts: BrowserContext[] = [];

const shot = (p: Page, name: string) => p.screenshot({ path: path.join(SHOTS, `${name}.png`) });

async function device(browser: Browser, viewport: { width: number; height: number }, touch = false): Promise<Page> {
  const context = await browser.newContext({ viewport, hasTouch: touch, isMobile: touch });
  contexts.push(context);
  return context.newPage();
}

async function joined(p: Page, id: string): Promise<void> {
  await p.goto(demo.link(id));
  await p.getByRole('button', { name: 'Tải về' }).click();
  await expect(p.getByTestId('meeting-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
}

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  demo = await startDemoServer();
});

test.afterAll(async () => {
  for (const c of contexts) await c.close();
  await demo?.cleanup();
});

/** A real one-finger drag through Chromium's touch input (the browser scrolls as it would under a finger). */
async function drag(p: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  const cdp = await p.context().newCDPSession(p);
  const steps = 10;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
  for (let i = 1; i <= steps; i++) {
    const at = { x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

const zoomPercent = async (p: Page) => Number((await p.locator('.pv-zoom').innerText()).replace(/\D/g, ''));
const scrollLeft = (p: Page) => p.locator('.pv-scroller').evaluate((el) => el.scrollLeft);

test('on a phone the viewer has one slim bar, opens readable, pans when zoomed and turns pages from the edge', async ({ browser }) => {
  const p = await device(browser, PHONE, true);
  await joined(p, 'd05');
  await p.getByRole('link', { name: `Mở ${REPORT}` }).click();
  await expect(p.locator('.pv-page[data-page="1"]')).toHaveAttribute('data-state', 'drawn', { timeout: 30_000 });
  await expect.poll(() => inkRatio(p, 1)).toBeGreaterThan(0.002);
  // Fit-width would be 46 % (body text ~7 px); the default fits the text block instead.
  await expect.poll(() => zoomPercent(p)).toBeGreaterThan(55);
  expect(await scrollLeft(p)).toBeGreaterThan(0);
  // The viewer's own bar (the annotation tools, a toolbar of their own, sit under it).
  const bar = p.getByRole('toolbar', { name: 'Trình xem tài liệu' });
  expect((await bar.boundingBox())?.height).toBeLessThanOrEqual(52);
  await expect(p.getByRole('link', { name: 'Quay lại' })).toBeVisible();
  await expect(p.getByTestId('connectivity')).toBeHidden();
  const pagesTop = (await p.locator('.pv-scroller').boundingBox())?.y ?? 844;
  await shot(p, 'phone-viewer');
  expect(pagesTop).toBeLessThan(844 * 0.25);
  expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // No item of the bar lies over another (the page box once slid under the zoom when the tools button came).
  const overlaps = await bar.evaluate((el) => {
    const boxes = [...el.querySelectorAll('button, input, .pv-zoom, .pv-pagebox > span')]
      .map((c) => ({ name: c.getAttribute('aria-label') ?? c.textContent ?? '', r: c.getBoundingClientRect() }))
      .filter((b) => b.r.width > 0);
    const found: string[] = [];
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
      if (a.r.left < b.r.right - 1 && b.r.left < a.r.right - 1 && a.r.top < b.r.bottom - 1 && b.r.top < a.r.bottom - 1) found.push(`${a.name} / ${b.name}`);
    }));
    return found;
  });
  expect(overlaps).toEqual([]);

  // At fit-text a swipe from the middle pans first (the margin); at fit-width it would turn the page.
  const input = p.getByLabel('Số trang');
  await expect(input).toHaveValue('1');
  for (let i = 0; i < 16 && (await zoomPercent(p)) < 200; i++) await p.getByRole('button', { name: 'Phóng to' }).click();
  expect(await zoomPercent(p)).toBeGreaterThanOrEqual(200);
  const before = await scrollLeft(p);
  await drag(p, { x: 250, y: 500 }, { x: 120, y: 505 });
  await expect.poll(() => scrollLeft(p)).toBeGreaterThan(before + 60);
  await expect(input).toHaveValue('1');
  await shot(p, 'phone-viewer-200-panned');
  // From the right edge, the same drag turns the page.
  await drag(p, { x: 385, y: 500 }, { x: 255, y: 505 });
  await expect(input).toHaveValue('2');
  // Back to fit-width, a swipe anywhere turns the page again.
  await p.getByRole('button', { name: 'Vừa chiều rộng' }).click();
  await expect.poll(() => zoomPercent(p)).toBeLessThan(50);
  // Under a loaded CI machine the first swipe can land while the fit-width layout is still settling (seen twice
  // in full runs, never alone); swiping again is what a reader does, and page 1 cannot be overshot.
  await expect
    .poll(async () => {
      await drag(p, { x: 120, y: 500 }, { x: 270, y: 505 });
      return input.inputValue();
    })
    .toBe('1');
});

test('each role is named by its own word; the delegate list counts the voting members', async ({ browser }) => {
  const lines: Record<string, string> = {
    d01: 'Chủ tọa Lò Văn Thắng, Tổ 1',
    tk01: 'Thư ký Nguyễn Thị Lan',
    hall: 'Màn hình hội trường',
    d05: 'Đại biểu Sùng A Páo, Tổ 1',
  };
  for (const [id, line] of Object.entries(lines)) {
    const p = await device(browser, { width: 1366, height: 768 });
    await p.goto(demo.link(id));
    await expect(p.getByTestId('preview-who')).toHaveText(line);
    await expect(p.locator('.who')).not.toContainText('Khách mời');
    await expect(p.locator('.who')).not.toContainText(/·\s*·|,\s*$|^\s*·/);
    if (id === 'tk01') await shot(p, 'invite-secretary');
    if (id === 'hall') await shot(p, 'invite-hall');
  }
  const secretary = await device(browser, { width: 1366, height: 768 });
  await joined(secretary, 'tk01');
  await expect(secretary.locator('.badge-me')).toHaveText('Thư ký Nguyễn Thị Lan');
  await expect(secretary.locator('.meeting-badges')).toContainText('Bản phát hành 1');
  await expect(secretary.getByTestId('document').first()).toContainText('Bản phát hành 1');
  await secretary.getByRole('link', { name: 'Đại biểu', exact: true }).click();
  await expect(secretary.getByTestId('delegates-count')).toHaveText('30 đại biểu · 1 thư ký · 1 màn hình hội trường');
  await expect(secretary.getByRole('row').filter({ hasText: 'Lò Văn Thắng' })).toContainText('Chủ tọa');
  await expect(secretary.getByRole('row').filter({ hasText: 'Hội trường UBND xã' }).first()).toContainText('Màn hình hội trường');
  await shot(secretary, 'delegates-secretary');
  await secretary.getByRole('link', { name: 'Thông tin kỳ họp' }).click();
  await expect(secretary.getByTestId('session-info')).toContainText('30 đại biểu · 1 thư ký · 1 màn hình hội trường');
  await expect(secretary.getByTestId('session-info')).toContainText('Thư ký Nguyễn Thị Lan');

  // A delegate opening the chair's console is told why it is not theirs, with the way back (the secretary
  // gets the attendance board at the door there).
  const delegate = await device(browser, { width: 1366, height: 768 });
  await joined(delegate, 'd08');
  await delegate.goto(`${demo.url}/#/m/${demo.meetingId}/live`);
  const box = delegate.getByTestId('error-box');
  await expect(box).toContainText('Chỉ chủ tọa điều hành phiên họp');
  await expect(box).toContainText('Chi tiết: NOT_CHAIR');
  await shot(delegate, 'error-not-chair');
  await box.getByRole('button', { name: 'Về trang kỳ họp' }).click();
  await expect(delegate.getByRole('heading', { level: 1 })).toHaveText('Kỳ họp thứ Hai, HĐND xã Nậm Pồ khóa I, nhiệm kỳ 2026–2031');
});

/** The same link with one character of its publisher key changed, as when it is typed from the paper. */
function mistyped(link: string): string {
  const last = link.at(-5) === 'A' ? 'B' : 'A';
  return `${link.slice(0, -5)}${last}${link.slice(-4)}`;
}

test('error screens say what happened and what to do, with a button; the code is a detail line', async ({ browser }) => {
  const p = await device(browser, { width: 1366, height: 768 });
  await p.goto(mistyped(demo.link('d07')));
  const box = p.getByTestId('error-box');
  await expect(box).toContainText('Liên kết không đúng — kiểm tra lại hoặc quét lại mã QR');
  await expect(box).not.toContainText('không phải do văn phòng phát hành');
  await expect(box.locator('.error-detail')).toHaveText(/^Chi tiết: [A-Z_]+$/);
  await shot(p, 'error-mistyped-link');
  // The README's picture: the same screen down to the message's end (the grey below it says nothing).
  const bottom = await box.evaluate((el) => el.getBoundingClientRect().bottom);
  await p.screenshot({ path: path.join(SHOTS, 'error-mistyped-link-top.png'), clip: { x: 0, y: 0, width: 1366, height: Math.ceil(bottom) + 40 } });
  await box.getByRole('button', { name: 'Nhập lại liên kết hoặc quét mã QR' }).click();
  await expect(p.getByRole('heading', { name: 'Tham gia kỳ họp' })).toBeVisible();
  expect(new URL(p.url()).hash).not.toContain('v1.');

  // A link cut when copied, and an address that names no screen: the same plain message, not an empty page.
  for (const garbage of [`${demo.url}/join`, `${demo.url}/join#v1.abc`, `${demo.url}/#rubbish`]) {
    await p.goto(garbage);
    await expect(p.getByTestId('error-box')).toContainText('Liên kết không đúng');
  }
  await shot(p, 'error-garbage-link');

  // A meeting this device does not have.
  await p.goto(`${demo.url}/#/m/khongcokyhopnay`);
  await expect(box).toContainText('Không tìm thấy kỳ họp này trên thiết bị');
  await shot(p, 'error-unknown-meeting');
  await box.getByRole('button', { name: 'Về danh sách kỳ họp' }).click();
  await expect(p.getByRole('heading', { name: 'Tham gia kỳ họp' })).toBeVisible();

  // The join form checks itself in Vietnamese, never with the browser's English bubble.
  await p.getByRole('button', { name: 'Xem giấy mời' }).click();
  await expect(p.getByRole('alert')).toHaveText(/Hãy dán đường dẫn trên giấy mời/);
  expect(await p.locator('#invite-link').evaluate((el) => (el as HTMLInputElement).validationMessage)).toBe('');
  await p.locator('#invite-link').fill('không phải đường dẫn');
  await p.getByRole('button', { name: 'Xem giấy mời' }).click();
  await expect(box).toContainText('Liên kết không đúng');
  await shot(p, 'error-not-a-link');
});

test('icon and manifest for the home screen; the phone join page speaks of photos; agenda items are headings', async ({ browser, request }) => {
  const icon = await request.get(`${demo.url}/favicon.svg`);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
  const manifest = await request.get(`${demo.url}/manifest.webmanifest`);
  expect(manifest.status()).toBe(200);
  const m = (await manifest.json()) as { name: string; display: string; theme_color: string; icons: { src: string; sizes: string }[] };
  expect(m).toMatchObject({ name: 'Phòng họp không giấy', display: 'standalone', theme_color: '#8b1a1a' });
  for (const i of m.icons) expect((await request.get(`${demo.url}${i.src}`)).status()).toBe(200);
  expect(m.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));

  const phone = await device(browser, PHONE, true);
  await phone.goto(demo.url);
  await expect(phone.locator('link[rel="icon"]')).toHaveAttribute('href', '/favicon.svg');
  await expect(phone.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  await expect(phone.getByText('Chụp hoặc chọn ảnh mã QR')).toBeVisible();
  await expect(phone.getByText('Kéo thả ảnh mã QR vào đây', { exact: false })).toBeHidden();
  await shot(phone, 'phone-join');

  await joined(phone, 'd05');
  await expect(phone.getByRole('heading', { level: 2, name: '1. Khai mạc kỳ họp' })).toBeVisible();
  await expect(phone.getByRole('heading', { level: 3, name: '2.1. Báo cáo của UBND xã về tình hình kinh tế - xã hội năm 2026' })).toBeVisible();
  await shot(phone, 'phone-agenda');
});

test('the hall screen shows a fullscreen button only while the operator moves the mouse', async ({ browser }) => {
  const hall = await device(browser, { width: 1920, height: 1080 });
  await hall.goto(demo.link('hall'));
  await hall.getByRole('button', { name: 'Tải về' }).click();
  await expect(hall.getByTestId('hall-screen')).toBeVisible({ timeout: 60_000 });
  await expect(hall.getByRole('button')).toHaveCount(0);
  await shot(hall, 'hall-idle');
  await hall.mouse.move(600, 500);
  await hall.mouse.move(640, 520);
  const button = hall.getByRole('button', { name: 'Toàn màn hình (F)' });
  await expect(button).toBeVisible();
  await shot(hall, 'hall-fullscreen-button');
  await button.click();
  await expect.poll(() => hall.evaluate(() => document.fullscreenElement !== null)).toBe(true);
  await expect(hall.getByRole('button', { name: 'Thoát toàn màn hình (F)' })).toBeVisible();
  await hall.keyboard.press('f');
  await expect.poll(() => hall.evaluate(() => document.fullscreenElement === null)).toBe(true);
  // Left alone, the controls go away again (the room sees no buttons).
  await expect(hall.getByRole('button')).toHaveCount(0, { timeout: 10_000 });
});

/** Fully inside the viewport of a page that has not been scrolled: seen without scrolling. */
async function onFirstScreen(p: Page, what: ReturnType<Page['locator']>): Promise<void> {
  const viewport = p.viewportSize();
  const box = await what.boundingBox();
  expect(viewport).not.toBeNull();
  expect(box).not.toBeNull();
  if (!viewport || !box) return;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
}

/** The first agenda item's heading and each of its own documents (not its sub-items') on the first screen. */
async function firstItemOnFirstScreen(p: Page): Promise<void> {
  expect(await p.evaluate(() => window.scrollY)).toBe(0);
  const first = p.getByTestId('agenda-item').first();
  await onFirstScreen(p, first.getByRole('heading', { level: 2, name: '1. Khai mạc kỳ họp' }));
  const docs = first.locator(':scope > .doc-list > [data-testid="document"]');
  await expect(docs).toHaveCount(2);
  for (const d of await docs.all()) await onFirstScreen(p, d);
}

test('on phones and tablets the live bar starts as one line and the first agenda item with its documents is on the first screen', async ({ browser }) => {
  const phone = await device(browser, PHONE, true);
  await joined(phone, 'd05');
  const bar = phone.getByTestId('live-bar');
  await expect(bar).toHaveAttribute('data-compact', 'true');
  await expect(bar.getByTestId('live-current-item')).toBeVisible();
  await expect(bar.getByTestId('ask-to-speak')).toBeVisible();
  await firstItemOnFirstScreen(phone);
  await phone.mouse.move(0, 0); // no hover left on a document row from the taps before
  await shot(phone, 'meeting-phone-compact');
  // "Mở rộng" gives the whole bar (check-in, requests, announcements); "Thu gọn" gives the line back.
  await bar.getByTestId('live-bar-toggle').click();
  await expect(bar).toHaveAttribute('data-compact', 'false');
  await expect(phone.getByTestId('check-in')).toBeVisible();
  await shot(phone, 'meeting-phone-expanded');
  await bar.getByTestId('live-bar-toggle').click();
  await expect(bar).toHaveAttribute('data-compact', 'true');

  const tablet = await device(browser, { width: 820, height: 1180 }, true);
  await joined(tablet, 'd06');
  for (const viewport of [{ width: 820, height: 1180 }, { width: 1180, height: 820 }]) {
    await tablet.setViewportSize(viewport);
    await expect(tablet.getByTestId('live-bar')).toHaveAttribute('data-compact', 'true');
    await firstItemOnFirstScreen(tablet);
    await shot(tablet, `meeting-tablet-${viewport.width}x${viewport.height}`);
  }
  // A laptop keeps the whole bar.
  await tablet.setViewportSize({ width: 1366, height: 768 });
  await expect(tablet.getByTestId('live-bar')).toHaveAttribute('data-compact', 'false');
  await expect(tablet.getByTestId('check-in')).toBeVisible();

  // The viewer and pdf.js are chunks fetched when a document is first opened; the offline copy holds them
  // already, so a device that never opened one reads offline all the same.
  const lazy = readdirSync(path.resolve(import.meta.dirname, '../../../renderer/dist/assets')).filter((f) => /^(ViewerScreen|pdf)-.*\.(js|css)$/.test(f));
  expect(lazy.length).toBeGreaterThanOrEqual(3);
  await tablet.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  const cached = await tablet.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
    return urls;
  });
  for (const f of lazy) expect(cached).toContain(`/assets/${f}`);
  await tablet.context().setOffline(true);
  await tablet.getByRole('link', { name: 'Mở Chương trình kỳ họp thứ Hai' }).click();
  await expect(tablet.locator('.pv-page[data-page="1"]')).toHaveAttribute('data-state', 'drawn', { timeout: 30_000 });
  await tablet.context().setOffline(false);
});
