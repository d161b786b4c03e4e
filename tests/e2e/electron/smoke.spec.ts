// Electron smoke suite (Playwright _electron). Runs where an Electron binary exists; on machines without one
// (MACHINE.md) every test reports SKIPPED with the reason — it never fails there and never pretends to pass.
import { existsSync, mkdtempSync, rmSync, cpSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { startCollabServer, type CollabServer } from '../../../collab-server/server.ts';
import { publishMeeting } from '../../../main/services/publish/publish.ts';

function electronBinary(): string | undefined {
  try {
    const p: unknown = createRequire(import.meta.url)('electron');
    return typeof p === 'string' && existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const ADMIN = 'electron-smoke-admin-token-0123';

test.describe('Electron app', () => {
  test.skip(binary === undefined, 'No Electron binary on this machine (MACHINE.md)');

  let root: string;
  let server: CollabServer;
  let link: string;
  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'council-electron-'));
    const folder = path.join(root, 'meeting');
    cpSync(path.resolve('resources/demo-meeting'), folder, { recursive: true, filter: (p) => !p.includes('.council') });
    server = await startCollabServer({ dataDir: path.join(root, 'server'), port: 0, adminToken: ADMIN, log: () => undefined });
    const published = await publishMeeting({ folder, server: server.url, adminToken: ADMIN, outDir: path.join(root, 'inv') });
    link = published.invitations.find((i) => i.id === 'd05')!.link;
    const built = spawnSync(process.execPath, ['scripts/build-electron.mjs'], { stdio: 'inherit' });
    expect(built.status).toBe(0);
    app = await electron.launch({
      executablePath: binary!,
      args: ['.', `--user-data-dir=${path.join(root, 'user')}`],
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('opens one window on app://council with a strict CSP and no Node', async () => {
    expect(page.url()).toMatch(/^app:\/\/council\//);
    const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys((window as unknown as { council: object }).council).length)).toBeGreaterThan(5);
  });

  test('blocks navigation to an external URL and popups', async () => {
    const before = page.url();
    await page.evaluate(() => {
      location.href = 'https://example.org/';
    });
    await expect.poll(() => page.url()).toBe(before);
    await page.evaluate(() => window.open('https://example.org/'));
    expect(app.windows()).toHaveLength(1);
  });

  test('joins the demo meeting from a pasted link', async () => {
    await page.getByRole('textbox').first().fill(link);
    await page.getByRole('button', { name: /Xem trước|Preview|Tham gia|Join/i }).first().click();
    await expect(page.getByText('Sùng A Páo')).toBeVisible();
  });
});
