// Voting in Chromium against a real collab-server with the demo published: the chair (d01) in the console,
// three delegates (d03, d05, d07) on the meeting home and the hall screen, each in its own browser context.
// An open vote from creation to the announced result in Vietnamese on the hall screen; a re-vote linked to it;
// a secret election counted by the Ban kiểm phiếu on their own devices; a paper-ballot poll entered by two
// counters whose entries first disagree on one ballot.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { startDemoServer, type DemoServer } from './support/demoServer.ts';

const SCREENS = path.resolve(import.meta.dirname, '../../artifacts/screens');
const README = path.resolve(import.meta.dirname, '../../artifacts/readme');
const ITEM = '2.4';
const QUESTION = 'Biểu quyết thông qua Nghị quyết về nhiệm vụ phát triển kinh tế - xã hội năm 2027';

test.describe.configure({ mode: 'serial' });

let demo: DemoServer;
const contexts: BrowserContext[] = [];
let chair: Page;
let d03: Page;
let d05: Page;
let d07: Page;
let hall: Page;

async function shot(p: Page, name: string, readme = false): Promise<void> {
  const file = path.join(SCREENS, `${name}.png`);
  await p.screenshot({ path: file });
  if (readme) copyFileSync(file, path.join(README, `${name}.png`));
}

async function shotOf(l: Locator, name: string, readme = false): Promise<void> {
  const file = path.join(SCREENS, `${name}.png`);
  await l.screenshot({ path: file });
  if (readme) copyFileSync(file, path.join(README, `${name}.png`));
}

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
  await expect(p.getByTestId('live-status').first()).toHaveAttribute('data-status', 'online');
}

const voting = () => chair.getByTestId('chair-voting');
const card = () => voting().getByTestId('poll-card');

/** "Các lần biểu quyết trước" is folded away by default; opened once, it stays open. */
async function openPast(): Promise<void> {
  const box = voting().getByTestId('past-box');
  if (!(await box.evaluate((e) => (e as HTMLDetailsElement).open))) await box.locator(':scope > summary').click();
}

/** The delegate presses a choice on the open poll's ballot and confirms it. */
async function castOpen(p: Page, label: string): Promise<void> {
  const ballot = p.getByTestId('ballot');
  await expect(ballot).toHaveAttribute('data-phase', 'choosing');
  await ballot.getByRole('button', { name: label, exact: true }).click();
  await ballot.getByTestId('ballot-confirm').click();
  await expect(ballot.getByTestId('ballot-voted')).toContainText('Bạn đã biểu quyết');
}

/** Closes what the ballot card shows after a vote (it covers the page until dismissed). */
async function dismissBallot(p: Page): Promise<void> {
  await expect(async () => {
    const dismiss = p.getByTestId('ballot-dismiss');
    if (await dismiss.isVisible()) await dismiss.click();
    await expect(p.getByTestId('ballot-overlay')).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
}

/** The chair opens the draft; on the console their own ballot waits as the chip, not over the console. */
async function openAsChair(electronic = true): Promise<void> {
  await card().getByTestId('poll-open').click();
  await expect(card()).toHaveAttribute('data-status', 'open');
  if (!electronic) return;
  await expect(chair.getByTestId('ballot-chip')).toBeVisible();
  await expect(chair.getByTestId('ballot-minimize')).toHaveCount(0);
}

/** The chair fills the form prefilled from the current item and creates the poll (a draft). */
async function createPoll(fill: (form: Locator) => Promise<void>): Promise<void> {
  await voting().getByTestId('poll-new').click();
  const form = voting().getByTestId('poll-form');
  await expect(form.getByTestId('poll-question')).toHaveValue(QUESTION);
  await fill(form);
  await form.getByTestId('poll-create').click();
  await expect(card()).toHaveAttribute('data-status', 'draft');
}

test.beforeAll(async ({ browser }) => {
  // Five members download the demo pack on a shared two-core machine.
  test.setTimeout(300_000);
  mkdirSync(SCREENS, { recursive: true });
  mkdirSync(README, { recursive: true });
  demo = await startDemoServer();
  chair = await open(browser, 'd01', { width: 1366, height: 900 });
  d03 = await open(browser, 'd03', { width: 1280, height: 900 });
  d05 = await open(browser, 'd05', { width: 1280, height: 900 });
  d07 = await open(browser, 'd07', { width: 1024, height: 768 });
  hall = await open(browser, 'hall', { width: 1920, height: 1080 });
  await Promise.all([joined(chair), joined(d03), joined(d05), joined(d07)]);
  await expect(hall.getByTestId('hall-screen')).toBeVisible({ timeout: 60_000 });
});

test.afterAll(async () => {
  for (const c of contexts) await c.close();
  await demo?.cleanup();
});

test('the chair cannot open a poll without quorum; after attendance the console is ready on item 2.4', async () => {
  await chair.getByTestId('open-chair-console').click();
  await expect(voting()).toBeVisible();
  // No current item: "Tạo biểu quyết" is disabled and says why.
  await expect(voting().getByTestId('poll-new')).toBeDisabled();
  await expect(voting()).toContainText('Chưa có nội dung đang thảo luận');
  await chair.locator(`[data-testid="console-item"][data-item-id="${ITEM}"]`).getByRole('button', { name: /Chuyển đến/ }).click();
  await expect(chair.locator('[data-testid="console-item"][aria-current="step"]')).toHaveAttribute('data-item-id', ITEM);

  await createPoll(async () => undefined);
  await expect(card().getByTestId('poll-open')).toBeDisabled();
  await expect(card().getByTestId('poll-why')).toContainText('Chưa đủ số đại biểu có mặt (có mặt 0/30, cần 20)');
  // The draft is cancelled with a reason: it stays in the list, nothing is deleted.
  await card().getByTestId('poll-cancel').click();
  await card().getByTestId('poll-cancel-reason').fill('Chưa điểm danh');
  await card().getByRole('button', { name: 'Hủy biểu quyết' }).click();
  await expect(voting().locator('[data-testid="past-poll"][data-status="cancelled"]')).toContainText('Đã hủy: Chưa điểm danh');

  // Two check in themselves; the chair marks the rest present (d07's tablet shows the one-line live bar).
  for (const p of [d03, d05]) await p.getByRole('button', { name: 'Có mặt tại hội trường' }).click();
  await expect(chair.locator('[data-testid="attendance-row"][data-delegate-id="d05"]')).toHaveAttribute('data-status', 'present-hall');
  // The server's command budget (a burst of 20, then 5 a second) may stop the run part way (RATE_LIMITED):
  // the chair presses the button again for those still left, as they would.
  await expect(async () => {
    const rest = chair.getByTestId('mark-rest');
    if ((await rest.count()) === 1 && (await rest.isEnabled())) {
      await rest.click();
      await chair.getByTestId('mark-rest-yes').click();
    }
    await expect(chair.getByTestId('quorum').first()).toContainText('Có mặt 30/30', { timeout: 5000 });
  }).toPass({ timeout: 90_000 });
  await expect(hall.getByTestId('quorum')).toContainText('Có mặt 30/30');
});

test('an open vote: created from the item, opened with N frozen, followed live, closed and announced on the hall screen', async () => {
  await createPoll(async () => undefined);
  await expect(card()).toContainText('Điều kiện: quá nửa tổng số đại biểu');
  await openAsChair();
  await expect(card().getByTestId('poll-frozen')).toContainText('tổng số đại biểu N = 30 · có mặt 30 · được biểu quyết 30');
  await expect(card().getByTestId('poll-frozen')).toContainText('Đủ số đại biểu');
  await expect(card().getByTestId('poll-progress')).toContainText('0 / 30 đại biểu đã biểu quyết');
  await expect(card().getByTestId('not-voted')).toHaveAttribute('data-count', '30');
  // Virtualised: 30 wait, only the rows in view (and a few more) are in the DOM; scrolling brings the others.
  await expect(card().getByTestId('not-voted-row').first()).toBeVisible();
  expect(await card().getByTestId('not-voted-row').count()).toBeLessThan(30);
  await card().getByTestId('not-voted-scroll').focus();
  await chair.keyboard.press('End');
  await expect(card().locator('[data-testid="not-voted-row"][data-delegate-id="d30"]')).toBeVisible();
  await chair.keyboard.press('Home');
  await card().getByTestId('not-voted-scroll').blur();
  await expect(hall.getByTestId('hall-poll-question')).toContainText(QUESTION);

  await castOpen(d03, 'Tán thành');
  await expect(card().getByTestId('poll-progress')).toContainText('1 / 30 đại biểu đã biểu quyết');
  await expect(card().locator('[data-testid="not-voted-row"][data-delegate-id="d03"]')).toHaveCount(0);
  await expect(card().getByTestId('not-voted')).toHaveAttribute('data-count', '29');
  await castOpen(d05, 'Tán thành');
  await castOpen(d07, 'Không tán thành');
  await expect(card().getByTestId('poll-progress')).toContainText('3 / 30 đại biểu đã biểu quyết');
  await expect(hall.getByTestId('hall-poll-progress')).toHaveAttribute('data-cast', '3');
  await shot(chair, 'voting-chair-open');
  await shotOf(voting(), 'voting-chair-panel-open', true);

  await card().getByTestId('poll-close').click();
  await expect(card()).toHaveAttribute('data-status', 'counted');
  await expect(card().getByTestId('poll-verdict')).toHaveText('Không thông qua');
  await card().getByTestId('poll-show-names').check();
  await card().getByTestId('poll-announce').click();
  const done = voting().locator('[data-testid="past-poll"][data-status="announced"]');
  await expect(done).toHaveCount(1);
  await expect(done.getByTestId('poll-verdict').first()).toHaveText('Không thông qua');

  const result = hall.getByTestId('hall-poll-result');
  await expect(result).toBeVisible();
  await expect(hall.getByTestId('hall-poll-wording').first()).toContainText(
    'Có 3 đại biểu tham gia biểu quyết (bằng 10,00% tổng số đại biểu); trong đó, có 2 đại biểu tán thành (bằng 6,67% tổng số đại biểu)',
  );
  await expect(hall.getByTestId('hall-poll-verdict')).toHaveAttribute('data-verdict', 'failed');
  await expect(hall.getByTestId('hall-poll-names')).toContainText('Trần Minh Đức');
  await shot(hall, 'voting-hall-result-open', true);
  for (const p of [d03, d05, d07]) await dismissBallot(p);
});

test('a re-vote: a new poll linked to the old one, prefilled, by more than half of the ballots collected', async () => {
  await openPast();
  const past = voting().locator('[data-testid="past-poll"][data-status="announced"]');
  await past.getByTestId('past-revote').click();
  const form = voting().getByTestId('poll-form');
  await expect(form).toContainText(`Biểu quyết lại của: ${QUESTION}`);
  await expect(form.getByTestId('poll-question')).toHaveValue(QUESTION);
  await form.getByTestId('rule-more-than-half-collected').check();
  await form.getByTestId('poll-create').click();
  await expect(card()).toHaveAttribute('data-status', 'draft');
  await expect(card()).toContainText('Biểu quyết lại của lần trước');
  await openAsChair();
  await castOpen(d03, 'Tán thành');
  await castOpen(d05, 'Tán thành');
  await castOpen(d07, 'Không biểu quyết');
  await expect(card().getByTestId('poll-progress')).toContainText('3 / 30');
  await card().getByTestId('poll-close').click();
  await expect(card().getByTestId('poll-verdict')).toHaveText('Thông qua');
  await card().getByTestId('poll-announce').click();
  await expect(hall.getByTestId('hall-poll-verdict')).toHaveAttribute('data-verdict', 'passed');
  await expect(hall.getByTestId('hall-poll-result')).toContainText('Thông qua');
  await expect(hall.getByTestId('hall-poll-names')).toHaveCount(0);
  await expect(voting().locator('[data-testid="past-poll"]').filter({ hasText: 'Đã biểu quyết lại' })).toHaveCount(1);
  await shot(hall, 'voting-hall-result-revote', true);
  await openPast();
  await expect(voting().getByTestId('past-polls')).toBeVisible();
  await shotOf(voting(), 'voting-chair-past', true);
  // The results of the session as CSV (the minutes' export): both announced polls, in Vietnamese.
  const [download] = await Promise.all([chair.waitForEvent('download'), voting().getByTestId('session-exports').getByTestId('export-csv').click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv).toContain(QUESTION);
  expect(csv).toContain('Không thông qua');
  expect(csv).toContain('Thông qua');
  for (const p of [d03, d05, d07]) await dismissBallot(p);
});

test('a secret election: the Ban kiểm phiếu register keys on their devices, count in turn, the result is announced', async () => {
  await createPoll(async (form) => {
    await form.getByTestId('kind-election').check();
    await form.getByTestId('poll-question').fill('Bầu bổ sung Ủy viên Ủy ban nhân dân xã');
    await form.getByTestId('poll-people').fill('Lò Văn Piếng, Trưởng phòng Tài chính - Kế hoạch\nLý Thị Sua, Bác sĩ');
    await form.getByTestId('poll-seats').fill('1');
    // Three of thirty vote in this test: elected by more than half of the ballots collected (a custom rule).
    await form.getByTestId('rule-more-than-half-collected').check();
    await form.locator('[data-testid="counter-pick"][data-delegate-id="d03"]').check();
    await form.locator('[data-testid="counter-pick"][data-delegate-id="d05"]').check();
    await expect(form).toContainText('Thứ tự: 1. Vàng A Chư, 2. Sùng A Páo');
    await shotOf(form, 'voting-chair-form-election', true);
  });
  // Each counter's device sees the draft naming them and registers its key by itself.
  for (const p of [d03, d05]) await expect(p.getByTestId('counter-key')).toHaveAttribute('data-state', 'ready');
  await expect(card().locator('[data-testid="poll-counter"][data-key="ready"]')).toHaveCount(2);
  await shotOf(card(), 'voting-chair-secret-draft');
  await openAsChair();
  await expect(card()).toContainText('Bỏ phiếu kín: chỉ hiện số người đã bỏ phiếu');
  await expect(card().getByTestId('not-voted')).toHaveCount(0);

  for (const [p, candidate] of [
    [d03, 'p1'],
    [d05, 'p1'],
    [d07, 'p2'],
  ] as const) {
    const ballot = p.getByTestId('ballot');
    await ballot.locator(`[data-testid="ballot-candidate"][data-candidate-id="${candidate}"]`).click();
    await ballot.getByTestId('ballot-next').click();
    await ballot.getByTestId('ballot-confirm').click();
    await expect(ballot.getByTestId('ballot-receipt')).toContainText(/[A-Z2-9]{4}-[A-Z2-9]{4}/);
  }
  await expect(card().getByTestId('poll-progress')).toContainText('3 / 30');
  await card().getByTestId('poll-close').click();
  await expect(card()).toHaveAttribute('data-status', 'tallying');
  await expect(card().getByTestId('poll-announce')).toBeDisabled();
  await expect(card().getByTestId('poll-why')).toContainText('Chưa có kết quả: chờ kiểm phiếu xong.');

  for (const p of [d03, d05]) await dismissBallot(p);
  await expect(d05.getByTestId('counter-stage')).toHaveAttribute('data-state', 'wait');
  await expect(d03.getByTestId('counter-stage')).toHaveAttribute('data-state', 'mine');
  await shotOf(d03.getByTestId('counter-desk'), 'voting-counter-turn', true);
  await d03.getByTestId('counter-run').click();
  await expect(d03.getByTestId('counter-stage')).toHaveAttribute('data-state', 'done');
  // d05's device sees its turn come without a reload.
  await expect(d05.getByTestId('counter-stage')).toHaveAttribute('data-state', 'mine');
  await d05.getByTestId('counter-run').click();
  await expect(card()).toHaveAttribute('data-status', 'counted');
  await expect(card().getByTestId('poll-wording').first()).toContainText('Số phiếu phát ra');
  await card().getByTestId('poll-announce').click();
  await expect(hall.getByTestId('hall-poll-result')).toContainText('Lò Văn Piếng');
  await expect(hall.getByTestId('hall-poll-wording').first()).toContainText('Lò Văn Piếng, Trưởng phòng Tài chính - Kế hoạch: 2 phiếu đồng ý (bằng 66,67% số phiếu thu về) → Trúng cử');
  await shot(hall, 'voting-hall-result-election', true);
});

test('a paper-ballot poll: two counters enter the ballots, a disagreement is listed and fixed, then the result', async () => {
  await createPoll(async (form) => {
    await form.getByTestId('mode-paper').check();
    await form.locator('[data-testid="counter-pick"][data-delegate-id="d03"]').check();
    await form.locator('[data-testid="counter-pick"][data-delegate-id="d07"]').check();
  });
  await openAsChair(false);
  await expect(d03.getByTestId('paper-desk')).toHaveCount(0);
  await card().getByTestId('poll-close').click();
  await expect(card()).toHaveAttribute('data-status', 'tallying');
  for (const p of [d03, d07]) await dismissBallot(p);

  const enter = async (p: Page, codes: readonly string[]) => {
    const desk = p.getByTestId('paper-desk');
    await expect(desk).toBeVisible();
    const code = desk.getByTestId('paper-code');
    for (const c of codes) {
      await code.fill(c);
      await code.press('Enter');
    }
    await expect(desk.getByTestId('paper-totals')).toHaveAttribute('data-saved', String(codes.length));
  };
  // 1 = tán thành, 2 = không tán thành, 3 = không biểu quyết, 0 = phiếu không hợp lệ; the number goes up by itself.
  await enter(d03, ['1', '1', '2', '1', '3', '0']);
  await enter(d07, ['1', '1', '2', '2', '3', '0']);
  await expect(card().locator('[data-testid="poll-counter"][data-delegate-id="d07"]')).toContainText('đã nhập 6 phiếu');
  await shotOf(card(), 'voting-chair-paper-tallying');
  await d03.getByTestId('paper-issued').fill('6');
  await d03.getByTestId('paper-finish').click();
  await expect(d03.getByTestId('paper-finished')).toBeVisible();
  await shotOf(d03.getByTestId('counter-desk'), 'voting-paper-entry', true);
  await d07.getByTestId('paper-issued').fill('6');
  await d07.getByTestId('paper-finish').click();
  await expect(d07.getByTestId('paper-disagree-no')).toHaveText(['4']);
  await shotOf(d07.getByTestId('counter-desk'), 'voting-paper-disagree', true);
  // The counter re-reads ballot 4 and enters it again: the number field takes any ballot.
  await d07.getByTestId('paper-no').fill('4');
  await d07.getByTestId('paper-no').press('Enter');
  await expect(d07.getByTestId('paper-code')).toBeFocused();
  await d07.keyboard.type('1');
  await d07.keyboard.press('Enter');
  await expect(d07.locator('[data-testid="paper-log-row"][data-ballot="4"]')).toHaveAttribute('data-state', 'saved');
  await d07.getByTestId('paper-finish').click();
  await expect(card()).toHaveAttribute('data-status', 'counted');
  await expect(card().getByTestId('poll-wording').first()).toContainText('có 3 đại biểu tán thành');
  await expect(card().getByTestId('poll-verdict')).toHaveText('Không thông qua');
  await card().getByTestId('poll-announce').click();
  const done = voting().locator('[data-testid="past-poll"][data-status="announced"]').filter({ hasText: 'Phiếu giấy' });
  await expect(done).toHaveCount(1);
  await expect(done.getByTestId('poll-wording').first()).toContainText('Có 5 đại biểu tham gia biểu quyết');
});

test('the hall screen shows the announced paper-ballot result in the legal wording', async () => {
  await expect(hall.getByTestId('hall-poll-wording').first()).toContainText('có 3 đại biểu tán thành');
  await expect(hall.getByTestId('hall-poll-verdict')).toHaveAttribute('data-verdict', 'failed');
});
