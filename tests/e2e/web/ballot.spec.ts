// The delegate's ballot and the hall screen's poll (issue 7), in Chromium against a real collab-server with the
// demo published. The chair's side is driven over HTTP with the chair's own token (attendance, the current item,
// createPoll / openPoll / closePoll / announcePoll), so this spec does not depend on the chair's console; a
// few delegates vote over HTTP too, with their own tokens. In the browsers: a delegate on a phone (390×844,
// touch), one reading a document in the viewer, one on a laptop, and the hall screen (1920×1080).
//
// The ballot comes to the front on the phone and over the viewer; a half-made choice survives another
// delegate's vote; a vote with its confirmation gives "Bạn đã biểu quyết"; a delegate offline mid-vote keeps the
// choice, the ballot waits and is sent after reconnecting, and the card says the server has it; a ballot that
// waits offline while the poll closes is dropped with "Biểu quyết đã kết thúc"; the hall screen shows
// "x / N đã biểu quyết" and then the announced result in Vietnamese.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { AUDIT_KEY_PATH } from '../../../common/live/audit.ts';
import { LIVE_API } from '../../../common/live/wire.ts';
import type { PollDefinition } from '../../../common/voting/choices.ts';
import { ensureCounterKey, memoryRecords, runMyStage, type SecretDeps } from '../../../common/voting/secretClient.ts';
import type { Poll } from '../../../common/voting/state.ts';
import { deriveCredentials, parseInvitationLink } from '../../../common/pack/invite.ts';
import { startDemoServer, type DemoServer } from './support/demoServer.ts';

const SCREENS = path.resolve(import.meta.dirname, '../../artifacts/screens');
const README = path.resolve(import.meta.dirname, '../../artifacts/readme');
const PROGRAMME = 'Chương trình kỳ họp thứ Hai';
const QUESTION = 'Thông qua Nghị quyết về dự toán thu, chi ngân sách địa phương năm 2027';
const ITEM = '3.3';
const POLL = 'p-du-toan-2027';
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 768 };
/** Sixteen delegates who vote "Tán thành" over HTTP while the browsers vote. */
const HTTP_YES = Array.from({ length: 16 }, (_, i) => `d${String(i + 10).padStart(2, '0')}`);

const ELECTION = 'p-bau-uy-vien';
const ELECTION_DEF: PollDefinition = {
  kind: 'election',
  question: 'Bầu bổ sung Ủy viên Ủy ban nhân dân xã nhiệm kỳ 2026–2031',
  itemId: '5',
  rule: { kind: 'more-than-half' },
  seats: 1,
  secret: true,
  candidates: [
    { id: 'c-hoa', name: 'Lường Văn Hòa', position: 'Trưởng phòng Nội vụ' },
    { id: 'c-lan', name: 'Tòng Thị Lan', position: 'Phó Trưởng phòng Tài chính - Kế hoạch' },
  ],
};
/** The Ban kiểm phiếu of the election: one counter, whose device (here: this test, in Node) keeps the key. */
const COUNTER = 'd02';

test.describe.configure({ mode: 'serial' });

let demo: DemoServer;
const contexts: BrowserContext[] = [];
let phone: Page; // d05 Sùng A Páo
let reader: Page; // d07 Trần Minh Đức, in the viewer
let laptop: Page; // d03 Vàng A Chư
let hall: Page;
let commandNo = 0;

const shot = async (p: Page, name: string, readme = false) => {
  const file = path.join(SCREENS, `${name}.png`);
  await p.screenshot({ path: file });
  if (readme) copyFileSync(file, path.join(README, `${name}.png`));
};

async function tokenOf(id: string): Promise<string> {
  return (await deriveCredentials(parseInvitationLink(demo.link(id)))).authToken;
}

/** POSTs a command as `id` (the chair d01, or a delegate) and returns the answer; a refusal fails the test. */
async function command(id: string, body: Readonly<Record<string, unknown>>): Promise<unknown> {
  const res = await fetch(`${demo.url}${LIVE_API.commands(demo.meetingId)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenOf(id)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: `e2e-ballot-${++commandNo}`, ...body }),
  });
  const answer = (await res.json()) as { ok?: boolean; value?: unknown; error?: unknown };
  expect(res.status, `${String(body['type'])} by ${id}: ${JSON.stringify(answer)}`).toBe(200);
  return answer.value;
}

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

/** The ballot is what the user sees at the middle of the screen (it came to the front), wholly in view. */
async function inFront(p: Page): Promise<void> {
  const size = p.viewportSize();
  if (!size) throw new Error('no viewport');
  const front = await p.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid="ballot-overlay"]') !== null, { x: size.width / 2, y: size.height / 2 });
  expect(front).toBe(true);
  const box = await p.getByTestId('ballot').boundingBox();
  expect(box).toBeTruthy();
  if (!box) return;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(size.height);
  expect(box.x + box.width).toBeLessThanOrEqual(size.width);
}

const ballot = (p: Page) => p.getByTestId('ballot');
const choice = (p: Page, c: 'yes' | 'no' | 'abstain') => p.locator(`[data-testid="ballot-choice"][data-choice="${c}"]`);

test.beforeAll(async ({ browser }) => {
  mkdirSync(SCREENS, { recursive: true });
  mkdirSync(README, { recursive: true });
  demo = await startDemoServer();
  phone = await open(browser, 'd05', PHONE, true);
  reader = await open(browser, 'd07', LAPTOP);
  laptop = await open(browser, 'd03', LAPTOP);
  hall = await open(browser, 'hall', { width: 1920, height: 1080 });
  await Promise.all([joined(phone), joined(reader), joined(laptop)]);
  await expect(hall.getByTestId('hall-screen')).toBeVisible({ timeout: 60_000 });
  await reader.getByRole('link', { name: new RegExp(PROGRAMME) }).first().click();
  await expect(reader.getByTestId('viewer-title')).toHaveText(PROGRAMME);

  // Everyone but d09 checks in (each with their own token: the chair's command budget is for the chair);
  // then the chair sets the item and prepares the poll (N = 30; 29 present ≥ the quorum of 20).
  for (let i = 1; i <= 30; i++) {
    const id = `d${String(i).padStart(2, '0')}`;
    if (id !== 'd09') await command(id, { type: 'checkIn', mode: 'present-hall' });
  }
  await command('d01', { type: 'setCurrentItem', itemId: ITEM });
  await command('d01', { type: 'createPoll', pollId: POLL, definition: { kind: 'open', question: QUESTION, itemId: ITEM, countdownSec: 900 } });
});

test.afterAll(async () => {
  for (const c of contexts) await c.close();
  await demo?.cleanup();
});

test('the poll opens: the ballot comes to the front on the phone, over the viewer and on the laptop; the hall shows 0 / 30', async () => {
  await command('d01', { type: 'openPoll', pollId: POLL });
  for (const p of [phone, reader, laptop]) {
    await expect(ballot(p)).toHaveAttribute('data-phase', 'choosing');
    await expect(p.getByTestId('ballot-question')).toHaveText(QUESTION);
    await expect(p.getByTestId('ballot-item')).toContainText('3.3. Biểu quyết thông qua Nghị quyết về dự toán ngân sách năm 2027');
    await expect(p.getByTestId('ballot-countdown')).toHaveText(/^Còn 1[45]:\d\d$/);
    await expect(choice(p, 'yes')).toHaveText(/Tán thành/);
    await expect(choice(p, 'no')).toHaveText(/Không tán thành/);
    await expect(choice(p, 'abstain')).toHaveText(/Không biểu quyết/);
    await inFront(p);
  }
  // The document the item is about (the draft resolution voted on); the reader is still in the document underneath.
  await expect(reader.getByTestId('ballot-document').first()).toContainText('Dự thảo Nghị quyết về dự toán ngân sách');
  await expect(reader.getByTestId('viewer-title')).toHaveText(PROGRAMME);
  // Large touch targets on the phone, nothing sideways.
  for (const c of ['yes', 'no', 'abstain'] as const) expect((await choice(phone, c).boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(48);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await expect(hall.getByTestId('hall-poll-question')).toHaveText(QUESTION);
  await expect(hall.getByTestId('hall-poll-progress')).toContainText('0 / 30 đã biểu quyết');
  await expect(hall.getByTestId('hall-poll-countdown')).toContainText(/1[45]:\d\d/);
  await shot(phone, 'ballot-phone-choices', true);
  await shot(reader, 'ballot-laptop-viewer', true);
  await shot(hall, 'ballot-hall-progress', true);
});

test("a half-made choice survives another delegate's vote; confirming gives 'Bạn đã biểu quyết'", async () => {
  await choice(phone, 'yes').tap();
  await expect(ballot(phone)).toHaveAttribute('data-phase', 'confirming');
  await expect(phone.getByTestId('ballot-summary')).toHaveText('Tán thành');
  await expect(phone.getByTestId('ballot-confirm')).toHaveText('Xác nhận biểu quyết');

  await command('d02', { type: 'castBallot', pollId: POLL, choice: 'no' });
  await expect(hall.getByTestId('hall-poll-progress')).toHaveAttribute('data-cast', '1');
  await expect(hall.getByTestId('hall-poll-progress')).toContainText('1 / 30 đã biểu quyết');
  // The progress reached the phone too (same doc); the choice and the step are untouched.
  await expect(ballot(phone)).toHaveAttribute('data-phase', 'confirming');
  await expect(phone.getByTestId('ballot-summary')).toHaveText('Tán thành');
  await inFront(phone);
  await shot(phone, 'ballot-phone-confirm', true);

  await phone.getByTestId('ballot-confirm').tap();
  await expect(phone.getByTestId('ballot-voted')).toHaveText(/Bạn đã biểu quyết/);
  await expect(phone.getByTestId('ballot-server')).toHaveAttribute('data-has', 'yes');
  await expect(hall.getByTestId('hall-poll-progress')).toContainText('2 / 30 đã biểu quyết');
  await shot(phone, 'ballot-phone-voted', true);
  // "Đóng" folds it to a chip; the phone is usable again.
  await phone.getByTestId('ballot-dismiss').tap();
  await expect(phone.getByTestId('ballot-chip')).toContainText('Bạn đã biểu quyết');
  await expect(phone.getByTestId('ballot')).toHaveCount(0);
});

test('keyboard: 1 picks, Escape goes back, Enter confirms; offline mid-vote the ballot waits, then the server has it', async () => {
  await reader.keyboard.press('1');
  await expect(ballot(reader)).toHaveAttribute('data-phase', 'confirming');
  await expect(reader.getByTestId('ballot-confirm')).toBeFocused();
  await reader.keyboard.press('Escape');
  await expect(ballot(reader)).toHaveAttribute('data-phase', 'choosing');
  await reader.keyboard.press('1');
  await expect(reader.getByTestId('ballot-summary')).toHaveText('Tán thành');
  // Tab stays in the card: from "Xác nhận biểu quyết" (the last control) round to the first, and back.
  await expect(reader.getByTestId('ballot-confirm')).toBeFocused();
  await reader.keyboard.press('Tab');
  await expect(reader.getByTestId('ballot-minimize')).toBeFocused();
  await reader.keyboard.press('Shift+Tab');
  await expect(reader.getByTestId('ballot-confirm')).toBeFocused();
  await shot(reader, 'ballot-laptop-confirm', true);

  const context = reader.context();
  await context.setOffline(true);
  await expect(reader.getByTestId('live-status').first()).toHaveAttribute('data-status', 'offline');
  await expect(reader.getByTestId('ballot-offline')).toBeVisible();
  await expect(reader.getByTestId('ballot-summary')).toHaveText('Tán thành');
  await expect(reader.getByTestId('ballot-confirm')).toBeFocused();
  await reader.keyboard.press('Enter');
  await expect(ballot(reader)).toHaveAttribute('data-phase', 'waiting');
  await expect(reader.getByTestId('ballot-waiting')).toContainText('sẽ được gửi ngay khi có mạng, nếu biểu quyết vẫn còn mở');
  await shot(reader, 'ballot-laptop-offline-waiting');
  // Meanwhile sixteen delegates vote; the hall never shows a lower count after a higher one.
  for (const id of HTTP_YES) await command(id, { type: 'castBallot', pollId: POLL, choice: 'yes' });
  await expect(hall.getByTestId('hall-poll-progress')).toContainText('18 / 30 đã biểu quyết');

  await context.setOffline(false);
  await expect(reader.getByTestId('live-status').first()).toHaveAttribute('data-status', 'online', { timeout: 30_000 });
  await expect(reader.getByTestId('ballot-voted')).toHaveText(/Bạn đã biểu quyết/);
  await expect(reader.getByTestId('ballot-server')).toHaveAttribute('data-has', 'yes');
  await expect(reader.getByTestId('ballot-server')).toHaveText('Máy chủ đã ghi nhận phiếu của bạn ✓');
  await expect(hall.getByTestId('hall-poll-progress')).toContainText('19 / 30 đã biểu quyết');
  // A retry of the same ballot is the same answer, never a second vote (the count stays 19).
  await expect(hall.getByTestId('hall-poll-progress')).toHaveAttribute('data-cast', '19');
});

test('a ballot waiting offline while the poll closes is dropped: "Biểu quyết đã kết thúc", the choice kept, not recorded', async () => {
  await choice(laptop, 'no').click();
  await expect(laptop.getByTestId('ballot-summary')).toHaveText('Không tán thành');
  const context = laptop.context();
  await context.setOffline(true);
  await expect(laptop.getByTestId('live-status').first()).toHaveAttribute('data-status', 'offline');
  await laptop.getByTestId('ballot-confirm').click();
  await expect(ballot(laptop)).toHaveAttribute('data-phase', 'waiting');

  await command('d01', { type: 'closePoll', pollId: POLL });
  await expect(hall.getByTestId('hall-poll')).toHaveAttribute('data-status', /counted|closed/);
  await expect(hall.getByTestId('hall-poll-progress')).toContainText('19 / 30 đã biểu quyết');

  await context.setOffline(false);
  await expect(laptop.getByTestId('live-status').first()).toHaveAttribute('data-status', 'online', { timeout: 30_000 });
  await expect(ballot(laptop)).toHaveAttribute('data-phase', 'dropped');
  await expect(laptop.getByTestId('ballot-closed')).toHaveText('Biểu quyết đã kết thúc');
  await expect(laptop.getByTestId('ballot-dropped')).toContainText('phiếu của bạn không được ghi nhận');
  await expect(laptop.getByTestId('ballot-kept')).toContainText('Không tán thành');
  await shot(laptop, 'ballot-laptop-closed', true);
  await laptop.getByTestId('ballot-dismiss').click();
  await expect(laptop.getByTestId('ballot-overlay')).toHaveCount(0);
  // The voters who voted from this poll's open screen: nothing left on their screens after the close.
  await expect(reader.getByTestId('ballot-overlay')).toHaveCount(0);
  await expect(phone.getByTestId('ballot-chip')).toHaveCount(0);
});

test('the hall screen shows the announced result in the legal wording, with Thông qua and the base beside each percentage', async () => {
  await command('d01', { type: 'announcePoll', pollId: POLL, showNames: true });
  const result = hall.getByTestId('hall-poll-result');
  await expect(hall.getByTestId('hall-poll')).toHaveAttribute('data-status', 'announced');
  await expect(hall.getByTestId('hall-poll-verdict')).toHaveText('Thông qua');
  await expect(hall.getByTestId('hall-poll-verdict')).toHaveAttribute('data-verdict', 'passed');
  await expect(hall.getByTestId('hall-poll-wording')).toContainText(
    'Có 19 đại biểu tham gia biểu quyết (bằng 63,33% tổng số đại biểu); trong đó, có 18 đại biểu tán thành (bằng 60,00% tổng số đại biểu), có 1 đại biểu không tán thành (bằng 3,33%), có 0 đại biểu không biểu quyết (bằng 0,00%). → Thông qua',
  );
  await expect(hall.getByTestId('hall-poll-rule')).toHaveText('Điều kiện: quá nửa tổng số đại biểu (ít nhất 16/30)');
  const tile = (c: string) => result.locator(`[data-testid="hall-poll-tile"][data-choice="${c}"]`);
  await expect(tile('yes')).toHaveAttribute('data-count', '18');
  await expect(tile('yes')).toContainText('60,00% tổng số đại biểu (30)');
  await expect(tile('no')).toContainText('3,33% tổng số đại biểu (30)');
  // Names per choice, because the chair chose so: the dropped ballot of Vàng A Chư (d03) is nowhere.
  const names = hall.getByTestId('hall-poll-names');
  await expect(names.locator('[data-choice="yes"]')).toContainText('Sùng A Páo');
  await expect(names.locator('[data-choice="yes"]')).toContainText('Trần Minh Đức');
  await expect(names.locator('[data-choice="no"]')).toContainText('Giàng Thị Mai');
  await expect(names).not.toContainText('Vàng A Chư');
  // Readable from the back: the verdict is big.
  const size = await hall.getByTestId('hall-poll-verdict').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(64);
  expect(await hall.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1080);
  await shot(hall, 'ballot-hall-result', true);
});

/** The counter's device, in Node: H2's client over the real server, the private key in memory records. */
async function counterDeps(): Promise<SecretDeps> {
  const key = (await (await fetch(`${demo.url}${AUDIT_KEY_PATH}`)).json()) as { value: { publicKey: string } };
  return { fetch: (u, i) => fetch(u, i), server: demo.url, token: await tokenOf(COUNTER), meetingId: demo.meetingId, delegateId: COUNTER, records: counterRecords, auditPublicKey: key.value.publicKey };
}
const counterRecords = memoryRecords();
const electionPoll = (counterKeys: Readonly<Record<string, string>> = {}, status: Poll['status'] = 'draft'): Poll => ({
  id: ELECTION,
  definition: ELECTION_DEF,
  mode: 'electronic',
  status,
  createdAt: 0,
  counters: [COUNTER],
  counterKeys,
});
let counterKey = '';

test('a secret election: candidates with checkboxes, at most K, the confirmation, then the receipt "Mã phiếu của bạn"', async () => {
  await command('d01', { type: 'setCurrentItem', itemId: '5' });
  await command('d01', { type: 'createPoll', pollId: ELECTION, definition: ELECTION_DEF, counters: [COUNTER] });
  const key = await ensureCounterKey(await counterDeps(), electionPoll());
  expect(key.ok).toBe(true);
  if (key.ok) counterKey = key.value.publicKey;
  await command('d01', { type: 'openPoll', pollId: ELECTION });

  await expect(ballot(phone)).toHaveAttribute('data-phase', 'choosing');
  await expect(phone.getByTestId('ballot-question')).toHaveText(ELECTION_DEF.question);
  await expect(ballot(phone)).toContainText('Bầu cử (bỏ phiếu kín)');
  const hoa = phone.locator('[data-testid="ballot-candidate"][data-candidate-id="c-hoa"]');
  const lan = phone.locator('[data-testid="ballot-candidate"][data-candidate-id="c-lan"]');
  await hoa.tap();
  await expect(phone.getByTestId('ballot-marked')).toHaveText('Đã đủ 1 người: bỏ bớt một người trước khi chọn người khác');
  await expect(lan.getByRole('checkbox')).toBeDisabled();
  expect((await hoa.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(48);
  await shot(phone, 'ballot-phone-election', true);
  await phone.getByTestId('ballot-next').tap();
  await expect(phone.getByTestId('ballot-summary')).toHaveText('Lường Văn Hòa: Đồng ý');
  await phone.getByTestId('ballot-confirm').tap();
  await expect(phone.getByTestId('ballot-voted')).toHaveText(/Bạn đã biểu quyết/);
  await expect(phone.getByTestId('ballot-receipt')).toContainText(/Mã phiếu của bạn: [A-Z2-9]{4}-[A-Z2-9]{4}/);
  await expect(phone.getByTestId('ballot-server')).toHaveAttribute('data-has', 'yes');
  await shot(phone, 'ballot-phone-receipt', true);
  await expect(hall.getByTestId('hall-poll-progress')).toContainText('1 / 30 đã biểu quyết');
  // On the hall during a secret poll: only the count.
  await expect(hall.getByTestId('hall-poll')).not.toContainText('Lường Văn Hòa');
});

test('after the close the device finds its ballot in the box, after the count in the result; the hall names the elected', async () => {
  for (const id of HTTP_YES) {
    // Sixteen more ballots, sealed in Node with the same client (their own tokens), all for Tòng Thị Lan.
    const { castSecret } = await import('../../../common/voting/secretClient.ts');
    const deps = { ...(await counterDeps()), token: await tokenOf(id), delegateId: id, records: memoryRecords() };
    const cast = await castSecret(deps, electionPoll({ [COUNTER]: counterKey }, 'open'), ['c-lan']);
    expect(cast.ok, JSON.stringify(cast)).toBe(true);
  }
  await expect(hall.getByTestId('hall-poll-progress')).toContainText('17 / 30 đã biểu quyết');
  await command('d01', { type: 'closePoll', pollId: ELECTION });
  await expect(phone.getByTestId('ballot-in-box')).toHaveText('Phiếu của bạn có trong hòm phiếu ✓');

  const stage = await runMyStage(await counterDeps(), electionPoll({ [COUNTER]: counterKey }, 'tallying'));
  expect(stage.ok, JSON.stringify(stage)).toBe(true);
  await expect(phone.getByTestId('ballot-in-result')).toHaveText('Phiếu của bạn có trong kết quả công bố ✓');
  await command('d01', { type: 'announcePoll', pollId: ELECTION });
  await expect(hall.getByTestId('hall-poll-verdict')).toHaveText('Trúng cử: Tòng Thị Lan');
  await expect(hall.locator('[data-testid="hall-poll-candidate"][data-outcome="elected"]')).toContainText('16 · 53,33% tổng số đại biểu (30)');
  await expect(hall.getByTestId('hall-poll-wording')).toContainText('Số phiếu phát ra');
  await shot(hall, 'ballot-hall-election', true);
  await shot(phone, 'ballot-phone-in-result');
});
