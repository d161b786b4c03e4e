// The device lease in the browser (common/device/lease.ts), with the page's clock moved forward: the demo
// pack sets no lease, so the default applies (3 days for tài liệu mật). A reader of the confidential
// document, away from the server, sees the warning, then the confidential document deleted from the device,
// and once the server answers again downloads it again.
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startDemoServer, type DemoServer } from './support/demoServer.ts';

const SCREENS = path.resolve(import.meta.dirname, '../../artifacts/screens');
const H = 3_600_000;
const API_CALLS = /\/api\//;
const SYNC_SOCKETS = /\/sync\//;
const SECRET_DOC = 'Tờ trình về việc miễn nhiệm và bầu bổ sung chức danh Ủy viên UBND xã';

// Its own context, closed in the test: tracing off, as in app.spec.ts (the trace files of such contexts fail to copy).
test.use({ trace: 'off' });

let demo: DemoServer;
test.beforeAll(async () => {
  demo = await startDemoServer();
});
test.afterAll(async () => {
  await demo?.cleanup();
});

/** The app starts again (a reload): the lease is checked at the start. The page's fake clock stays. */
async function restart(p: Page): Promise<void> {
  await p.reload();
  await expect(p.getByTestId('meeting-state')).toBeVisible();
}

test('a warning, then the confidential document deleted from the device, then downloaded again', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  try {
    const p = await context.newPage();
    const t0 = Date.now();
    await p.clock.install({ time: t0 });
    await p.goto(demo.link('d02'));
    await expect(p.getByTestId('preview-who')).toHaveText('Đại biểu Giàng Thị Mai, Tổ 1');
    await p.getByRole('button', { name: 'Tải về' }).click();
    await expect(p.getByTestId('meeting-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect(p.getByTestId('lease-banner')).toHaveCount(0);

    // The server out of reach — its API refused and its live socket closed: otherwise the app's update check or the
    // live session reaches it, and any contact restarts the lease (as it should).
    let offline = true;
    await context.routeWebSocket(SYNC_SOCKETS, (ws) => {
      if (offline) void ws.close({ code: 1001, reason: 'offline' });
      else ws.connectToServer();
    });
    await context.route(API_CALLS, (r) => r.abort('internetdisconnected'));
    await p.clock.setSystemTime(t0 + 60 * H);
    await restart(p);
    const warn = p.getByTestId('lease-banner');
    await expect(warn).toHaveAttribute('data-lease', 'warn');
    await expect(warn).toContainText('Thiết bị chưa kết nối máy chủ từ');
    await expect(warn).toContainText('Tài liệu mật sẽ bị xóa khỏi thiết bị lúc');
    await expect(p.getByTestId('document').filter({ hasText: SECRET_DOC })).toHaveCount(1);
    await p.screenshot({ path: path.join(SCREENS, 'lease-warning.png') });

    await p.clock.setSystemTime(t0 + 73 * H);
    await restart(p);
    const shredded = p.getByTestId('lease-shredded');
    await expect(shredded).toContainText('Đã xóa tài liệu mật khỏi thiết bị vì quá thời hạn không kết nối (72 giờ)');
    await expect(p.getByTestId('document').filter({ hasText: SECRET_DOC })).toHaveCount(0);
    await expect(p.getByTestId('meeting-state')).toHaveAttribute('data-state', 'ready');
    await p.screenshot({ path: path.join(SCREENS, 'lease-shredded.png') });

    await context.unroute(API_CALLS);
    offline = false;
    await shredded.getByRole('button', { name: 'Tải về lại' }).click();
    await expect(p.getByTestId('document').filter({ hasText: SECRET_DOC })).toHaveCount(1, { timeout: 60_000 });
    await expect(p.getByTestId('lease-shredded')).toHaveCount(0);
    await expect(p.getByTestId('lease-banner')).toHaveCount(0);
  } finally {
    await context.close();
  }
});
