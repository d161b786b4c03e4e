// Urgent notices and the chair's and delegates' rough edges (issue 14), in Chromium against a real
// collab-server: the chair sends "Khẩn: …"; a delegate on a phone (390×844) and another reading a document in
// the viewer see it at once, over what they were doing, until they press "Đã xem" (remembered across a
// reload); the chair's list shows its time, urgency and "Đã xem x/N"; withdrawing it takes it off the hall
// screen (and off a screen that had not acknowledged it yet). Then the chair marks everyone else present in
// one confirmed step, a delegate switches from the hall to online, "Rút đăng ký" waits five seconds with
// "Hoàn tác", the quorum settings reach the hall, and a disabled button looks disabled.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startDemoServer, type DemoServer } from './support/demoServer.ts';

const SCREENS = path.resolve(import.meta.dirname, '../../artifacts/screens');
const PROGRAMME = 'Chương trình kỳ họp thứ Hai';
const URGENT = 'Khẩn: đề nghị các đại biểu có xe đỗ trước cổng hội trường di chuyển xe ngay để xe cứu thương vào.';
const URGENT_2 = 'Khẩn: tạm dừng kỳ họp 10 phút.';
const PHONE = { width: 390, height: 844 };

test.describe.configure({ mode: 'serial' });

let demo: DemoServer;
const contexts: BrowserContext[] = [];
let chair: Page;
let phone: Page;
let reader: Page;
let hall: Page;

const shot = (p: Page, name: string) => p.screenshot({ path: path.join(SCREENS, `${name}.png`) });

async function open(browser: Browser, id: string, viewport: { width: number; height: number }, touch = false): Promise<Page> {
  const context = await browser.newContext({ viewport, hasTouch: touch, isMobile: touch });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(demo.link(id));
  await page.getByRole('button', { name: 'Tải về' }).click();
  return page;
}

async function joined(p: Page): Promise<void> {
  await expect(p.getByTestId('meeting-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(p.getByTestId('live-status').first()).toHaveAttribute('data-status', 'online');
}

/** The element lies wholly inside the viewport: seen without scrolling. */
async function inViewport(p: Page, testId: string): Promise<void> {
  const box = await p.getByTestId(testId).boundingBox();
  const size = p.viewportSize();
  expect(box && size).toBeTruthy();
  if (!box || !size) return;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(size.height);
  expect(box.x + box.width).toBeLessThanOrEqual(size.width);
}

/** Opens the whole live bar where it starts compact (the viewer; a phone). */
async function expandBar(p: Page): Promise<void> {
  const bar = p.getByTestId('live-bar');
  if ((await bar.getAttribute('data-compact')) === 'true') await p.getByTestId('live-bar-toggle').click();
  await expect(bar).toHaveAttribute('data-compact', 'false');
}

const notice = (text: string) => chair.locator('[data-testid="chair-announcement"]', { hasText: text });

test.beforeAll(async ({ browser }) => {
  mkdirSync(SCREENS, { recursive: true });
  demo = await startDemoServer();
  chair = await open(browser, 'd01', { width: 1366, height: 768 });
  phone = await open(browser, 'd05', PHONE, true);
  reader = await open(browser, 'd07', { width: 1366, height: 768 });
  hall = await open(browser, 'hall', { width: 1920, height: 1080 });
  await Promise.all([joined(chair), joined(phone), joined(reader)]);
  await expect(hall.getByTestId('hall-screen')).toBeVisible({ timeout: 60_000 });
  await chair.getByTestId('open-chair-console').click();
  await expect(chair.getByTestId('chair-console')).toBeVisible();
  await reader.getByRole('link', { name: new RegExp(PROGRAMME) }).first().click();
  await expect(reader.getByTestId('viewer-title')).toHaveText(PROGRAMME);
});

test.afterAll(async () => {
  for (const c of contexts) await c.close();
  await demo?.cleanup();
});

test('an urgent notice reaches the phone and the viewer at once, over everything, until "Đã xem"', async () => {
  await chair.getByTestId('announce-text').fill(URGENT);
  await chair.getByTestId('announce-urgent').check();
  await chair.getByTestId('announce-send').click();

  for (const p of [phone, reader]) {
    await expect(p.getByTestId('urgent-notice')).toContainText(URGENT);
    await expect(p.getByTestId('urgent-notice')).toContainText('Khẩn');
    await expect(p.getByRole('alertdialog')).toBeVisible();
    await inViewport(p, 'urgent-notice');
    await expect(p.getByTestId('urgent-ack')).toBeFocused();
  }
  // The reader is still in the document, under the notice; on the phone nothing scrolls sideways.
  await expect(reader.getByTestId('viewer-title')).toHaveText(PROGRAMME);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await expect(hall.getByTestId('hall-announcement')).toHaveAttribute('data-level', 'urgent');
  await expect(hall.getByTestId('hall-announcement')).toContainText(URGENT);
  // The chair's list: time, urgency, shown, nobody has seen it yet (29 delegates and the secretary).
  await expect(notice(URGENT)).toHaveAttribute('data-status', 'active');
  await expect(notice(URGENT)).toContainText(/^\d\d:\d\d/);
  await expect(notice(URGENT).getByTestId('notice-seen')).toHaveText('Đã xem 0/30');
  await shot(phone, 'notices-phone-urgent');
  await shot(reader, 'notices-viewer-urgent');
  await shot(hall, 'notices-hall-urgent');

  await phone.getByTestId('urgent-ack').click();
  await expect(phone.getByTestId('urgent-notice')).toHaveCount(0);
  await expect(notice(URGENT).getByTestId('notice-seen')).toHaveText('Đã xem 1/30');
  await reader.getByTestId('urgent-ack').click();
  await expect(reader.getByTestId('urgent-notice')).toHaveCount(0);
  await expect(notice(URGENT).getByTestId('notice-seen')).toHaveText('Đã xem 2/30');
  await shot(chair, 'notices-chair-list');

  // Acknowledged stays acknowledged: a reload does not bring it back.
  await phone.reload();
  await joined(phone);
  await expect(phone.getByTestId('live-bar')).toBeVisible();
  await expect(phone.getByTestId('urgent-notice')).toHaveCount(0);
});

test('the chair withdraws: the hall screen stops showing it, and an unacknowledged notice leaves every screen', async () => {
  await notice(URGENT).getByTestId('withdraw-announcement').click();
  await expect(notice(URGENT)).toHaveAttribute('data-status', 'withdrawn');
  await expect(notice(URGENT)).toContainText(/Đã thu hồi lúc \d\d:\d\d/);
  await expect(hall.getByTestId('hall-announcement')).toHaveCount(0);
  await shot(hall, 'notices-hall-withdrawn');

  await chair.getByTestId('announce-text').fill(URGENT_2);
  await chair.getByTestId('announce-urgent').check();
  await chair.getByTestId('announce-send').click();
  await expect(phone.getByTestId('urgent-notice')).toContainText(URGENT_2);
  await expect(hall.getByTestId('hall-announcement')).toContainText(URGENT_2);
  await notice(URGENT_2).getByTestId('withdraw-announcement').click();
  await expect(phone.getByTestId('urgent-notice')).toHaveCount(0);
  await expect(reader.getByTestId('urgent-notice')).toHaveCount(0);
  await expect(hall.getByTestId('hall-announcement')).toHaveCount(0);
});

test('the chair marks the rest present in one confirmed step; a delegate switches from the hall to online', async () => {
  const row = (id: string) => chair.locator(`[data-testid="attendance-row"][data-delegate-id="${id}"]`);
  await expandBar(phone);
  await phone.getByRole('button', { name: 'Có mặt tại hội trường' }).click();
  await expect(row('d05')).toHaveAttribute('data-status', 'present-hall');
  await row('d09').getByRole('button', { name: 'Vắng mặt' }).click();
  await row('d09').getByRole('button', { name: 'Vắng mặt' }).last().click();
  await expect(row('d09')).toHaveAttribute('data-status', 'absent');

  await expect(chair.getByTestId('mark-rest')).toHaveText('Đánh dấu có mặt tại hội trường cho những người còn lại (28)');
  await chair.getByTestId('mark-rest').click();
  await expect(chair.getByTestId('mark-rest-confirm')).toContainText('Đánh dấu 28 đại biểu chưa điểm danh là có mặt tại hội trường?');
  await chair.getByTestId('mark-rest-yes').click();
  await expect(chair.getByTestId('mark-rest-done')).toHaveText('Đã ghi nhận có mặt cho 28 đại biểu', { timeout: 60_000 });
  await expect(chair.getByTestId('mark-rest')).toBeDisabled();
  await expect(row('d09')).toHaveAttribute('data-status', 'absent');
  await expect(row('d30')).toHaveAttribute('data-status', 'present-hall');
  await expect(hall.getByTestId('quorum')).toContainText('Có mặt 29/30');
  await expect(hall.getByTestId('quorum')).toContainText('Tại hội trường 29 · dự họp trực tuyến 0 · vắng mặt 1');
  await shot(chair, 'notices-chair-marked');

  await expandBar(reader);
  await expect(reader.getByTestId('my-attendance')).toHaveText('Bạn: Có mặt tại hội trường');
  await reader.getByTestId('switch-mode').click();
  await expect(reader.getByTestId('my-attendance')).toHaveText('Bạn: Dự họp trực tuyến');
  await expect(row('d07')).toHaveAttribute('data-status', 'present-online');
  await expect(reader.getByTestId('switch-mode')).toHaveText('Chuyển sang có mặt tại hội trường');
  await expect(hall.getByTestId('quorum')).toContainText('Tại hội trường 28 · dự họp trực tuyến 1 · vắng mặt 1');
});

test('"Rút đăng ký" waits five seconds with "Hoàn tác"; a disabled button looks disabled', async () => {
  // Nobody has asked to speak: "Mời đại biểu tiếp theo" is disabled and does not look like the red primary button.
  const next = chair.getByTestId('next-speaker');
  await expect(next).toBeDisabled();
  const bg = await next.evaluate((el) => getComputedStyle(el).backgroundColor);
  const primary = await chair.getByTestId('announce-send').evaluate((el) => {
    const b = el.cloneNode() as HTMLButtonElement;
    b.disabled = false;
    el.parentElement?.append(b);
    const colour = getComputedStyle(b).backgroundColor;
    b.remove();
    return colour;
  });
  expect(bg).not.toBe(primary);

  await phone.getByTestId('ask-to-speak').click();
  await phone.getByRole('button', { name: 'Gửi đăng ký' }).click();
  await expect(phone.getByTestId('my-request')).toHaveCount(1);
  await expect(chair.getByTestId('queue-entry')).toHaveCount(1);
  await expect(next).toBeEnabled();

  await phone.getByTestId('withdraw-request').click();
  await expect(phone.getByTestId('undo-snackbar')).toContainText('Rút đăng ký (Phát biểu) sau 5 giây');
  await inViewport(phone, 'undo-snackbar');
  await shot(phone, 'notices-phone-undo');
  await phone.getByTestId('undo').click();
  await expect(phone.getByTestId('undo-snackbar')).toHaveCount(0);
  await expect(phone.getByTestId('my-request')).toHaveCount(1);
  await expect(chair.getByTestId('queue-entry')).toHaveCount(1);

  await phone.getByTestId('withdraw-request').click();
  await expect(phone.getByTestId('my-request')).toHaveCount(0);
  await expect(chair.getByTestId('queue-entry')).toHaveCount(0);
  await expect(phone.getByTestId('undo-snackbar')).toHaveCount(0);
});

test('the chair sets the quorum and the number in office; the hall counts with them', async () => {
  await chair.getByTestId('session-settings').locator('summary').click();
  await chair.getByTestId('quorum-numerator').fill('3');
  await chair.getByTestId('quorum-denominator').fill('4');
  await chair.getByTestId('total-delegates').fill('29');
  await chair.getByTestId('settings-save').click();
  await expect(hall.getByTestId('quorum')).toContainText('Có mặt 29/29');
  await expect(chair.getByTestId('session-settings')).toContainText('Cần có mặt 3/4 của 29 đại biểu (ít nhất 22)');
  await chair.getByTestId('total-delegates').fill('0');
  await chair.getByTestId('settings-save').click();
  await expect(chair.getByTestId('session-settings').getByRole('alert')).toHaveText('Số đại biểu là số nguyên từ 1 đến 10000, hoặc để trống.');
  await shot(chair, 'notices-chair-settings');
});
