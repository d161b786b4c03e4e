// The delegate's live panel tells the truth (issue 14): a delegate checks in, the chair opens an item and
// announces twice, the server stops. The top bar and the panel say the same thing at once, a reload shows the
// LAST KNOWN state with its time (not "0/0", not "not checked in", no check-in buttons), a device that never
// saw a state shows "—"; after the restart both return to connected. The chair's next move is offered, not
// imposed: "Ở lại" keeps the reader on their page.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startDemoServer, type DemoServer } from './support/demoServer.ts';

const SCREENS = path.resolve(import.meta.dirname, '../../artifacts/screens');
const ANNEX = 'Phụ lục các biểu dự toán ngân sách năm 2027';
const ITEM_21 = 'Chuyển đến nội dung Báo cáo của UBND xã về tình hình kinh tế - xã hội năm 2026';
const LOST = 'Mất kết nối với máy chủ. Tài liệu vẫn đọc được; đăng ký phát biểu sẽ được gửi khi kết nối lại.';
const NOTICES = ['Giải lao 15 phút.', 'Đề nghị các đại biểu trở lại hội trường lúc 10 giờ.'];

test.describe.configure({ mode: 'serial' });

let demo: DemoServer;
const contexts: BrowserContext[] = [];
let chair: Page;
let d05: Page;

const shot = (p: Page, name: string) => p.screenshot({ path: path.join(SCREENS, `${name}.png`) });

async function open(browser: Browser, id: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(demo.link(id));
  await page.getByRole('button', { name: 'Tải về' }).click();
  await expect(page.getByTestId('meeting-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'online');
  return page;
}

test.beforeAll(async ({ browser }) => {
  mkdirSync(SCREENS, { recursive: true });
  demo = await startDemoServer();
  chair = await open(browser, 'd01');
  d05 = await open(browser, 'd05');
  await chair.getByTestId('open-chair-console').click();
  await expect(chair.getByTestId('chair-console')).toBeVisible();
});

test.afterAll(async () => {
  for (const c of contexts) await c.close();
  await demo?.cleanup();
});

test('the delegate checks in; the chair opens an item (offered, not imposed) and announces twice', async () => {
  await d05.getByRole('button', { name: 'Có mặt tại hội trường' }).click();
  await expect(d05.getByTestId('my-attendance')).toHaveText('Bạn: Có mặt tại hội trường');
  await expect(d05.getByTestId('follow-chair')).not.toBeChecked();

  await chair.getByRole('button', { name: ITEM_21 }).click();
  const offer = d05.getByTestId('follow-offer');
  await expect(offer).toContainText('Chủ tọa chuyển sang mục 2.1');
  // Nobody was moved: the delegate is still on the meeting home.
  await expect(d05.getByTestId('meeting-state')).toBeVisible();
  await expect(d05.getByTestId('live-current-item')).toContainText('2.1. Báo cáo của UBND xã');
  await shot(d05, 'offline-live-1-offer');

  for (const text of NOTICES) {
    await chair.getByTestId('announce-text').fill(text);
    await chair.getByTestId('announce-send').click();
    await expect(d05.getByTestId('announcement-toast')).toContainText(text);
  }
  await expect(d05.getByTestId('announcements-toggle')).toHaveText('Thông báo (2)');
  await expect(d05.getByTestId('connectivity')).toHaveAttribute('data-connection', 'online');
});

test('the server stops: the top bar and the live panel say so together, and what still works', async () => {
  await d05.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect.poll(() => d05.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await demo.stop();
  const bar = d05.getByTestId('connectivity');
  await expect(bar).toHaveAttribute('data-connection', 'unreachable');
  await expect(bar).toHaveAttribute('data-online', 'false');
  await expect(bar).toHaveText('Mất kết nối máy chủ');
  await expect(d05.getByTestId('live-status')).toHaveAttribute('data-status', 'reconnecting');
  const notice = d05.getByTestId('live-notice');
  await expect(notice).toContainText(LOST);
  await expect(notice).toContainText(/Thông tin phiên họp cập nhật lúc \d\d:\d\d/);
  await shot(d05, 'offline-live-2-stopped');
});

test('a reload with the server down shows the last known state with its time, never as fact', async () => {
  await d05.reload();
  await expect(d05.getByTestId('meeting-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const bar = d05.getByTestId('live-bar');
  await expect(bar).toHaveAttribute('data-facts', 'lastKnown');
  await expect(d05.getByTestId('live-notice')).toContainText(LOST);
  await expect(d05.getByTestId('live-known-at')).toHaveText(/^Thông tin phiên họp cập nhật lúc \d\d:\d\d; có thể đã thay đổi\.$/);
  await expect(d05.getByTestId('live-current-item')).toContainText('2.1. Báo cáo của UBND xã');
  await expect(d05.getByTestId('my-attendance')).toHaveText('Bạn: Có mặt tại hội trường');
  await expect(d05.getByTestId('check-in').getByRole('button')).toHaveCount(0);
  await expect(d05.getByTestId('announcements-toggle')).toHaveText('Thông báo (2)');
  await expect(d05.getByTestId('quorum')).toContainText('Có mặt 1/30');
  await expect(d05.getByTestId('live-online')).toHaveText('Đã kết nối: —/30 đại biểu');
  // An old notice is not shown again as new.
  await expect(d05.getByTestId('announcement-toast')).toHaveCount(0);
  const top = d05.getByTestId('connectivity');
  await expect(top).toHaveAttribute('data-connection', 'unreachable');
  await expect(top).toHaveText('Mất kết nối máy chủ');
  await shot(d05, 'offline-live-3-reloaded');
});

test('a device that never received a state shows "—", not an empty meeting, and offers no check-in', async () => {
  await d05.evaluate(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('council.live.')) localStorage.removeItem(key);
  });
  await d05.reload();
  await expect(d05.getByTestId('meeting-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(d05.getByTestId('live-bar')).toHaveAttribute('data-facts', 'unknown');
  await expect(d05.getByTestId('live-known-at')).toHaveText('Chưa nhận được thông tin phiên họp từ máy chủ.');
  await expect(d05.getByTestId('quorum')).toHaveText('Có mặt —/—');
  await expect(d05.getByTestId('live-current-item')).toContainText('—');
  await expect(d05.getByTestId('live-current-item')).not.toContainText('Chủ tọa chưa bắt đầu');
  await expect(d05.getByTestId('my-attendance')).toHaveText('Bạn: —');
  await expect(d05.getByTestId('check-in').getByRole('button')).toHaveCount(0);
  await expect(d05.getByTestId('announcements-toggle')).toHaveText('Thông báo (—)');
  await shot(d05, 'offline-live-4-unknown');
});

test('after the restart the top bar and the panel return to connected together', async () => {
  await demo.restart();
  const top = d05.getByTestId('connectivity');
  await expect(top).toHaveAttribute('data-connection', 'online');
  await expect(top).toHaveAttribute('data-online', 'true');
  await expect(d05.getByTestId('live-bar')).toHaveAttribute('data-facts', 'live');
  await expect(d05.getByTestId('live-notice')).toHaveCount(0);
  await expect(d05.getByTestId('live-current-item')).toContainText('2.1. Báo cáo của UBND xã');
  await expect(d05.getByTestId('my-attendance')).toHaveText('Bạn: Có mặt tại hội trường');
  await expect(d05.getByTestId('announcements-toggle')).toHaveText('Thông báo (2)');
  await expect(chair.getByTestId('live-status')).toHaveAttribute('data-status', 'online');
  await shot(d05, 'offline-live-5-restarted');
});

test('the chair moves on while the delegate reads page 3: "Ở lại" keeps the page', async () => {
  await d05.getByRole('link', { name: `Mở ${ANNEX}` }).click();
  await expect(d05.getByTestId('viewer-title')).toHaveText(ANNEX);
  await d05.getByLabel('Số trang').fill('3');
  await d05.getByLabel('Số trang').press('Enter');
  await expect(d05.locator('.pv-status')).toContainText('Trang 3 /');

  await chair.getByTestId('next-item').click();
  const offer = d05.getByTestId('follow-offer');
  await expect(offer).toHaveAttribute('data-item-id', '2.2');
  await expect(offer).toContainText('Chủ tọa chuyển sang mục 2.2');
  await shot(d05, 'offline-live-6-follow-offer');
  await offer.getByRole('button', { name: 'Ở lại' }).click();
  await expect(offer).toHaveCount(0);
  await expect(d05.getByTestId('viewer-title')).toHaveText(ANNEX);
  await expect(d05.locator('.pv-status')).toContainText('Trang 3 /');
  await expect(d05.getByTestId('live-current-item')).toContainText('2.2.');
});
