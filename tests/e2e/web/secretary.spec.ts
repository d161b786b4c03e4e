// The secretary at the door (tk01), in Chromium against a real collab-server: from the meeting home the
// secretary opens "Điểm danh tại cửa" (#/live), records d05 present in the hall, and the chair's own
// attendance board shows it. The secretary's screen offers no chair command.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startDemoServer, type DemoServer } from './support/demoServer.ts';

const SCREENS = path.resolve(import.meta.dirname, '../../artifacts/screens');

let demo: DemoServer;
const contexts: BrowserContext[] = [];

async function open(browser: Browser, id: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(demo.link(id));
  await page.getByRole('button', { name: 'Tải về' }).click();
  await expect(page.getByTestId('meeting-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('live-status').first()).toHaveAttribute('data-status', 'online');
  return page;
}

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  demo = await startDemoServer();
});

test.afterAll(async () => {
  for (const c of contexts) await c.close();
  await demo?.cleanup();
});

test('the secretary records d05 present in the hall at the door; the chair’s board shows it', async ({ browser }) => {
  const [chair, secretary] = await Promise.all([open(browser, 'd01', { width: 1366, height: 768 }), open(browser, 'tk01', { width: 1024, height: 768 })]);
  await chair.getByTestId('open-chair-console').click();
  await expect(chair.getByTestId('chair-console')).toBeVisible();

  await expect(secretary.getByTestId('open-chair-console')).toHaveCount(0);
  await secretary.getByTestId('open-secretary-desk').click();
  await expect(secretary).toHaveURL(/#\/m\/[^/]+\/live$/);
  const desk = secretary.getByTestId('secretary-desk');
  await expect(desk).toBeVisible();
  await expect(desk.getByRole('heading', { name: 'Điểm danh đại biểu' })).toBeVisible();
  await expect(desk).toContainText('Điểm danh tại cửa');
  // Only attendance: no agenda control, floor, queue, composer or settings.
  await expect(secretary.getByTestId('next-speaker')).toHaveCount(0);
  await expect(secretary.getByTestId('announce-send')).toHaveCount(0);

  const row = (p: Page, id: string) => p.locator(`[data-testid="attendance-row"][data-delegate-id="${id}"]`);
  await expect(row(chair, 'd05')).toHaveAttribute('data-status', 'none');
  await row(secretary, 'd05').getByRole('button', { name: 'Có mặt tại hội trường' }).click();
  await expect(row(secretary, 'd05')).toHaveAttribute('data-status', 'present-hall');
  await expect(secretary.getByTestId('console-error')).toHaveCount(0);
  await expect(row(chair, 'd05')).toHaveAttribute('data-status', 'present-hall');
  await expect(row(chair, 'd05')).toContainText('Có mặt tại hội trường');
  await secretary.screenshot({ path: path.join(SCREENS, 'secretary-door.png') });
});
