// The live session in Chromium against a real collab-server with the demo published: the chair (d01), two
// delegates (d05, d07) and the hall screen, each in its own browser context. Requests to speak reach the
// chair and the hall, the floor and its countdown show everywhere, a delegate who follows the chair is taken through the
// agenda while the other is offered each move, an announcement reaches both, and a request made offline is sent
// when the connection returns.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startDemoServer, type DemoServer } from './support/demoServer.ts';
import { pngSize } from './support/png.ts';

const SCREENS = path.resolve(import.meta.dirname, '../../artifacts/screens');
const TITLE = 'Kỳ họp thứ Hai, HĐND xã Nậm Pồ khóa I, nhiệm kỳ 2026–2031';
const PROGRAMME = 'Chương trình kỳ họp thứ Hai';
const REPORT = 'Báo cáo tình hình kinh tế - xã hội năm 2026, phương hướng, nhiệm vụ năm 2027';
const PAO = 'Sùng A Páo';
const DUC = 'Trần Minh Đức';
const ADDRESSEE = 'Phó Chủ tịch UBND xã';

test.describe.configure({ mode: 'serial' });

let demo: DemoServer;
const contexts: BrowserContext[] = [];
let chair: Page;
let d05: Page;
let d07: Page;
let hall: Page;

const shot = (p: Page, name: string) => p.screenshot({ path: path.join(SCREENS, `${name}.png`) });

async function open(browser: Browser, id: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(demo.link(id));
  await page.getByRole('button', { name: 'Tải về' }).click();
  return page;
}

async function joined(p: Page): Promise<void> {
  await expect(p.getByTestId('meeting-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(p.getByTestId('live-status')).toHaveAttribute('data-status', 'online');
}

test.beforeAll(async ({ browser }) => {
  mkdirSync(SCREENS, { recursive: true });
  demo = await startDemoServer();
  chair = await open(browser, 'd01', { width: 1366, height: 768 });
  d05 = await open(browser, 'd05', { width: 1366, height: 768 });
  d07 = await open(browser, 'd07', { width: 1024, height: 768 });
  hall = await open(browser, 'hall', { width: 1920, height: 1080 });
  await Promise.all([joined(chair), joined(d05), joined(d07)]);
});

test.afterAll(async () => {
  for (const c of contexts) await c.close();
  await demo?.cleanup();
});

test('the hall member opens straight into the hall screen; the chair opens the console', async () => {
  await expect(hall.getByTestId('hall-screen')).toBeVisible({ timeout: 60_000 });
  await expect(hall).toHaveURL(/#\/m\/[A-Za-z0-9_-]+\/hall$/);
  await expect(hall.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(hall.getByRole('button')).toHaveCount(0);
  await expect(hall.getByTestId('hall-current-item')).toContainText('Chủ tọa chưa bắt đầu nội dung nào');

  await expect(d05.getByTestId('open-chair-console')).toHaveCount(0);
  await chair.getByTestId('open-chair-console').click();
  await expect(chair.getByTestId('chair-console')).toBeVisible();
  await expect(chair.getByTestId('console-item').first()).toContainText('1. Khai mạc kỳ họp');
  await expect(chair.locator('[data-testid="console-item"][data-item-id="2.1"]')).toContainText('Báo cáo của UBND xã');
});

test('the chair opens the first item: a delegate who follows is taken to its document, the other is offered it', async () => {
  // "Theo chủ tọa" is opt-in: d05 turns it on, d07 keeps the default and is asked.
  await expect(d05.getByTestId('follow-chair')).not.toBeChecked();
  await d05.getByTestId('follow-chair').check();
  await chair.getByTestId('next-item').click();
  await expect(chair.locator('[data-testid="console-item"][aria-current="step"]')).toHaveAttribute('data-item-id', '1');
  await expect(hall.getByTestId('hall-current-item')).toContainText('Khai mạc kỳ họp');
  await expect(d05.getByTestId('viewer-title')).toHaveText(PROGRAMME);
  await expect(d07.getByTestId('follow-offer')).toContainText('Chủ tọa chuyển sang mục 1');
  await expect(d07.getByTestId('viewer-title')).toHaveCount(0);
  await d07.getByTestId('follow-offer').getByRole('button', { name: 'Mở' }).click();
  for (const p of [d05, d07]) {
    await expect(p.getByTestId('viewer-title')).toHaveText(PROGRAMME);
    await expect(p.getByTestId('live-current-item')).toContainText('1. Khai mạc kỳ họp');
  }
});

test('in the viewer the live bar is one line; the delegate can open it whole and the choice is kept', async () => {
  for (const p of [d05, d07]) {
    const bar = p.getByTestId('live-bar');
    await expect(bar).toHaveAttribute('data-compact', 'true');
    expect((await bar.boundingBox())?.height).toBeLessThanOrEqual(60);
    await expect(bar.getByTestId('ask-to-speak')).toBeVisible();
    await p.getByTestId('live-bar-toggle').click();
    await expect(bar).toHaveAttribute('data-compact', 'false');
    if (p === d05) await expect(p.getByTestId('follow-chair')).toBeChecked();
    else await expect(p.getByTestId('follow-chair')).not.toBeChecked();
    // The chair, d05 and d07 are connected (the hall screen is not a delegate); each device counts itself.
    await expect(p.getByTestId('live-online')).toHaveText('Đã kết nối: 3/30 đại biểu');
  }
  await d05.reload();
  await expect(d05.getByTestId('live-bar')).toHaveAttribute('data-compact', 'false', { timeout: 60_000 });
  await expect(d05.getByTestId('live-status')).toHaveAttribute('data-status', 'online');
});

test('attendance: delegates check in, the chair records the others, the quorum is counted', async () => {
  await d05.getByRole('button', { name: 'Có mặt tại hội trường' }).click();
  await expect(d05.getByTestId('my-attendance')).toHaveText('Bạn: Có mặt tại hội trường');
  const row = (id: string) => chair.locator(`[data-testid="attendance-row"][data-delegate-id="${id}"]`);
  await row('d07').getByRole('button', { name: 'Dự họp trực tuyến' }).click();
  await expect(row('d07')).toHaveAttribute('data-status', 'present-online');
  await expect(d07.getByTestId('my-attendance')).toHaveText('Bạn: Dự họp trực tuyến');
  await row('d09').getByRole('button', { name: 'Vắng mặt' }).click();
  await row('d09').getByRole('textbox', { name: 'Lý do vắng mặt' }).fill('Đi công tác');
  await row('d09').getByRole('button', { name: 'Vắng mặt' }).last().click();
  await expect(row('d09')).toContainText('Vắng mặt — Đi công tác');
  await expect(row('d05')).toHaveAttribute('data-status', 'present-hall');
  const quorum = hall.getByTestId('quorum');
  await expect(quorum).toContainText('Có mặt 2/30');
  await expect(quorum).toContainText('Chưa đủ số đại biểu (cần 20)');
  await expect(quorum).toContainText('Tại hội trường 1 · dự họp trực tuyến 1 · vắng mặt 1');
});

test('delegates ask to speak; the requests reach the chair and the hall with their places', async () => {
  await d05.getByTestId('ask-to-speak').click();
  await d05.getByRole('button', { name: 'Gửi đăng ký' }).click();
  await expect(d05.getByTestId('my-request')).toHaveText(/Bạn đứng thứ 1 trong danh sách \(Phát biểu\)/);

  await d07.getByTestId('ask-to-speak').click();
  await d07.getByRole('radio', { name: 'Chất vấn' }).check();
  await d07.getByRole('textbox', { name: 'Người được chất vấn' }).fill(ADDRESSEE);
  await d07.getByRole('button', { name: 'Gửi đăng ký' }).click();
  await expect(d07.getByTestId('my-request')).toHaveText(/Bạn đứng thứ 2 trong danh sách \(Chất vấn\)/);

  const queue = chair.getByTestId('queue-entry');
  await expect(queue).toHaveCount(2);
  await expect(queue.nth(0)).toContainText(PAO);
  await expect(queue.nth(0)).toContainText('Phát biểu');
  await expect(queue.nth(1)).toContainText(DUC);
  await expect(queue.nth(1)).toContainText(`Chất vấn: ${ADDRESSEE}`);
  await expect(hall.getByTestId('hall-queue').locator('li')).toHaveText([/Sùng A Páo\s*Phát biểu/, new RegExp(`${DUC}\\s*Chất vấn: ${ADDRESSEE}`)]);
});

test('the chair gives the floor and the countdown runs everywhere; a warning, then the next speaker', async () => {
  await chair.getByTestId('next-speaker').click();
  for (const p of [chair, hall, d05, d07]) {
    await expect(p.getByTestId('floor-speaker')).toContainText(PAO);
    await expect(p.getByTestId('countdown')).toHaveAttribute('data-phase', 'running');
    await expect(p.getByTestId('countdown').getByRole('timer')).toHaveText(/^0[45]:[0-5]\d$/);
  }
  await expect(d05.getByTestId('you-speak')).toHaveText('Bạn đang phát biểu');
  await expect(d07.getByTestId('my-request')).toHaveText(/Bạn đứng thứ 1 trong danh sách/);
  await expect(hall.getByTestId('hall-queue').locator('li')).toHaveCount(1);
  await shot(d05, 'live-delegate-bar');
  await shot(hall, 'live-hall-screen');
  await shot(chair, 'live-chair-console');
  // The compact line shows the speaker and the clock too; on a phone it never scrolls sideways.
  await d07.getByTestId('live-bar-toggle').click();
  await expect(d07.getByTestId('live-bar')).toHaveAttribute('data-compact', 'true');
  await expect(d07.getByTestId('floor-speaker')).toContainText(PAO);
  await expect(d07.getByTestId('countdown').getByRole('timer')).toHaveText(/^0[45]:[0-5]\d$/);
  await expect(d07.getByTestId('my-place')).toHaveText('Số 1');
  await shot(d07, 'live-delegate-compact');
  await d07.setViewportSize({ width: 390, height: 844 });
  await expect(d07.getByTestId('live-bar')).toBeVisible();
  expect(await d07.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(d07, 'live-delegate-phone');
  await d07.setViewportSize({ width: 1024, height: 768 });
  await d07.getByTestId('live-bar-toggle').click();
  await expect(d07.getByTestId('live-bar')).toHaveAttribute('data-compact', 'false');
  // The chair's console on tablets: landscape and portrait.
  await chair.setViewportSize({ width: 1024, height: 768 });
  await shot(chair, 'live-chair-console-1024');
  await chair.setViewportSize({ width: 768, height: 1024 });
  await shot(chair, 'live-chair-console-768-portrait');
  await chair.setViewportSize({ width: 1366, height: 768 });

  // Four minutes less: under a minute left, the clock turns to the warning everywhere.
  for (let i = 0; i < 4; i++) await chair.getByRole('button', { name: '−1 phút' }).click();
  for (const p of [chair, hall, d07]) await expect(p.getByTestId('countdown')).toHaveAttribute('data-phase', 'warning');
  await expect(hall.getByTestId('countdown')).toContainText('Còn dưới một phút');
  await shot(hall, 'live-hall-warning');
  // And past the end: a clear overrun.
  await chair.getByRole('button', { name: '−1 phút' }).click();
  for (const p of [chair, hall]) {
    await expect(p.getByTestId('countdown')).toHaveAttribute('data-phase', 'overrun');
    await expect(p.getByTestId('countdown').getByRole('timer')).toHaveText(/^-\d\d:\d\d$/);
  }
  await expect(hall.getByTestId('countdown')).toContainText('Quá giờ');
  await shot(hall, 'live-hall-overrun');

  await chair.getByTestId('next-speaker').click();
  for (const p of [chair, hall, d05]) await expect(p.getByTestId('floor-speaker')).toContainText(DUC);
  await expect(hall.getByTestId('floor-speaker')).toContainText(`Chất vấn: ${ADDRESSEE}`);
  await expect(hall.getByTestId('countdown')).toHaveAttribute('data-phase', 'running');
  await expect(hall.getByTestId('hall-floor')).not.toContainText(PAO);
  await expect(chair.getByTestId('queue-entry')).toHaveCount(0);
  await chair.getByTestId('end-speech').click();
  await expect(hall.getByTestId('hall-floor')).toContainText('Chưa có đại biểu phát biểu');
});

test('the chair moves on; a delegate who does not follow stays, is offered the move and comes back when they choose', async () => {
  await chair.getByRole('button', { name: 'Chuyển đến nội dung Báo cáo của UBND xã về tình hình kinh tế - xã hội năm 2026' }).click();
  await expect(hall.getByTestId('hall-current-item')).toContainText('2.1. Báo cáo của UBND xã');
  await expect(d05.getByTestId('viewer-title')).toHaveText(REPORT);
  await expect(d07.getByTestId('follow-offer')).toContainText('Chủ tọa chuyển sang mục 2.1');
  await expect(d07.getByTestId('live-current-item')).toContainText('2.1. Báo cáo của UBND xã');
  await expect(d07.getByTestId('viewer-title')).toHaveText(PROGRAMME);
  await d07.getByRole('button', { name: 'Đến nội dung đang thảo luận' }).click();
  await expect(d07.getByTestId('viewer-title')).toHaveText(REPORT);
});

test('an announcement reaches both delegates and the hall', async () => {
  const text = 'Giải lao 15 phút. Đề nghị các đại biểu trở lại hội trường lúc 10 giờ.';
  await chair.getByTestId('announce-text').fill(text);
  await chair.getByTestId('announce-send').click();
  for (const p of [d05, d07]) await expect(p.getByTestId('announcement-toast')).toContainText(text);
  await expect(hall.getByTestId('hall-announcement')).toContainText(text);
  await shot(hall, 'live-hall-announcement');
  await d05.getByRole('button', { name: 'Đóng thông báo' }).click();
  await expect(d05.getByTestId('announcement-toast')).toHaveCount(0);
  await d05.getByTestId('announcements-toggle').click();
  await expect(d05.getByTestId('announcement-list')).toContainText(text);
});

test('a request made offline waits and is sent when the connection returns', async () => {
  const context = d07.context();
  await context.setOffline(true);
  await expect(d07.getByTestId('live-status')).toHaveAttribute('data-status', 'offline');
  await d07.getByTestId('ask-to-speak').click();
  await d07.getByRole('radio', { name: 'Tranh luận' }).check();
  await d07.getByRole('button', { name: 'Gửi đăng ký' }).click();
  await expect(d07.getByTestId('pending-request')).toContainText('Chưa gửi (Tranh luận): sẽ tự động gửi khi có mạng');
  await expect(chair.getByTestId('queue-entry')).toHaveCount(0);
  await context.setOffline(false);
  await expect(d07.getByTestId('live-status')).toHaveAttribute('data-status', 'online');
  await expect(d07.getByTestId('my-request')).toHaveText(/Bạn đứng thứ 1 trong danh sách \(Tranh luận\)/);
  await expect(d07.getByTestId('pending-request')).toHaveCount(0);
  await expect(chair.getByTestId('queue-entry')).toHaveCount(1);
  await expect(chair.getByTestId('queue-entry')).toContainText(DUC);
  await expect(chair.getByTestId('queue-entry')).toContainText('Tranh luận');
  await shot(chair, 'live-chair-console-queue');
});

// `npm run screenshots` copies these two into docs/screenshots for the README: check they are what it shows.
test('the README screenshots are taken at the chair laptop and hall screen sizes', () => {
  expect(pngSize(path.join(SCREENS, 'live-chair-console.png'))).toEqual({ width: 1366, height: 768 });
  expect(pngSize(path.join(SCREENS, 'live-hall-screen.png'))).toEqual({ width: 1920, height: 1080 });
});
