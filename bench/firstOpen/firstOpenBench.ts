// First open on a hall Wi-Fi (issue 14): the bytes a delegate's browser pulls from a real `council serve`
// until the invitation (who you are, which session, "Tải về") is on screen, and for the whole first visit
// (the service worker's offline copy of the client included). Counted on the wire by a TCP proxy in front
// of the server; the baseline is the same page in the same run with `Accept-Encoding: identity`.
// Figures only; nothing here passes or fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { publishMeeting } from '../../main/services/publish/publish.ts';
import { chromiumLaunchOptions } from '../../tests/e2e/chromium.ts';
import { ensureRendererBuilt } from '../../tests/e2e/web/support/demoServer.ts';
import type { BenchRow } from '../table.ts';
import { startCountingProxy, type CountingProxy } from './countingProxy.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN_TOKEN = 'bench-first-open-admin-token-0123456789';
const GROUP = 'first open (invitation link)';
/** A busy hall Wi-Fi shared by ~30 devices: 60 kB/s each (60 000 bytes per second). */
const HALL_BYTES_PER_S = 60_000;
const SETTLE_MS = 2000;
const WAIT_LIMIT_MS = 60_000;
const PHONE = { width: 390, height: 844 };

type Mode = 'compressed' | 'identity';

interface Visit {
  readonly atVisible: number;
  readonly firstVisit: number;
  readonly fonts: readonly string[];
  /** The largest responses the page itself received before the invitation showed: "name size". */
  readonly largest: readonly string[];
}

async function startServe(dataDir: string): Promise<{ child: ChildProcess; url: URL }> {
  const child = spawn(process.execPath, ['bin/council.mjs', 'serve', '--data', dataDir, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, COUNCIL_ADMIN_TOKEN: ADMIN_TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<URL>((ok, fail) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Server ready: (http:\/\/\S+)/.exec(out);
      if (m?.[1]) ok(new URL(m[1]));
    });
    child.once('exit', (code) => fail(new Error(`council serve exited (${code}): ${out}`)));
  });
  return { child, url };
}

function kb(n: number): string {
  return `${Math.round(n / 1024)} KiB`;
}

async function waitQuiet(proxy: CountingProxy): Promise<number> {
  const start = Date.now();
  let last = proxy.bytesDown();
  let quietSince = Date.now();
  while (Date.now() - start < WAIT_LIMIT_MS) {
    await new Promise((ok) => setTimeout(ok, 250));
    const now = proxy.bytesDown();
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= SETTLE_MS) break;
  }
  return last;
}

/**
 * Runs in the page from its first script: on each frame, looks for the invitation (who you are); once it is
 * laid out, waits for the fonts it asked for and notes the wall-clock time. Visible means drawn in its font.
 */
const VISIBLE_PROBE = `(() => {
  const tick = () => {
    const who = document.querySelector('[data-testid="preview-who"]');
    if (!who || who.getBoundingClientRect().height === 0) return requestAnimationFrame(tick);
    requestAnimationFrame(() => document.fonts.ready.then(() => {
      window.__firstOpen = {
        visibleAt: performance.timeOrigin + performance.now(),
        fonts: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family + ' ' + f.weight),
      };
    }));
  };
  requestAnimationFrame(tick);
})();`;

async function visit(browser: Browser, proxy: CountingProxy, link: string, mode: Mode): Promise<Visit> {
  const context = await browser.newContext({ viewport: PHONE, ...(mode === 'identity' ? { extraHTTPHeaders: { 'accept-encoding': 'identity' } } : {}) });
  const received: { url: string; bytes: number; at: number }[] = [];
  context.on('requestfinished', (request) => {
    void request.sizes().then((s) => received.push({ url: request.url(), bytes: s.responseBodySize + s.responseHeadersSize, at: Date.now() }));
  });
  try {
    const page = await context.newPage();
    await page.addInitScript(VISIBLE_PROBE);
    proxy.reset();
    await page.goto(link);
    const probe = await page.waitForFunction(() => (window as unknown as { __firstOpen?: unknown }).__firstOpen, undefined, { timeout: WAIT_LIMIT_MS });
    const { visibleAt, fonts } = (await probe.jsonValue()) as { visibleAt: number; fonts: string[] };
    const atVisible = proxy.bytesDownUntil(visibleAt);
    await page.evaluate(() => ('serviceWorker' in navigator ? navigator.serviceWorker.ready.then(() => undefined) : undefined));
    const firstVisit = await waitQuiet(proxy);
    const largest = received
      .filter((r) => r.at <= visibleAt)
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 4)
      .map((r) => `${path.basename(new URL(r.url).pathname) || '/'} ${kb(r.bytes)}`);
    return { atVisible, firstVisit, fonts, largest };
  } finally {
    await context.close();
  }
}

function rows(c: Visit, id: Visit): BenchRow[] {
  const s = (n: number) => Math.round((n / HALL_BYTES_PER_S) * 10) / 10;
  return [
    {
      group: GROUP,
      name: 'bytes until the invitation is visible',
      value: Math.round(c.atVisible / 1024),
      unit: 'KiB',
      baseline: `identity ${kb(id.atVisible)}`,
      note: `on the wire, headers included; largest: ${c.largest.join(', ')}`,
    },
    {
      group: GROUP,
      name: 'seconds at 60 kB/s until visible',
      value: s(c.atVisible),
      unit: 's',
      baseline: `identity ${s(id.atVisible)} s`,
      note: 'a hall Wi-Fi shared by ~30 devices; bytes ÷ 60 000',
    },
    {
      group: GROUP,
      name: 'whole first visit (offline copy included)',
      value: Math.round(c.firstVisit / 1024),
      unit: 'KiB',
      baseline: `identity ${kb(id.firstVisit)}`,
      note: `until quiet ${SETTLE_MS} ms after the service worker is ready; ${s(c.firstVisit)} s at 60 kB/s (identity ${s(id.firstVisit)} s)`,
    },
    { group: GROUP, name: 'fonts loaded by the first screen', value: c.fonts.length, unit: 'fonts', note: c.fonts.join(', ') },
  ];
}

/** Other work may rebuild renderer/dist meanwhile; a run that straddles a rebuild measures nothing. */
function distStamp(): number {
  return statSync(path.join(ROOT, 'renderer/dist/index.html')).mtimeMs;
}

export async function runFirstOpenBench(): Promise<BenchRow[]> {
  ensureRendererBuilt();
  const stamp = distStamp();
  const tmp = mkdtempSync(path.join(tmpdir(), 'council-first-open-'));
  const serve = await startServe(path.join(tmp, 'server'));
  const proxy = await startCountingProxy({ host: serve.url.hostname, port: Number(serve.url.port) });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const folder = path.join(tmp, 'demo-meeting');
    cpSync(path.join(ROOT, 'resources/demo-meeting'), folder, { recursive: true });
    const published = await publishMeeting({ folder, server: proxy.url, adminToken: ADMIN_TOKEN, outDir: path.join(tmp, 'invitations') });
    const link = published.invitations.find((i) => i.id === 'd05')?.link;
    if (!link) throw new Error('no invitation for d05');
    const identity = await visit(browser, proxy, link, 'identity');
    const compressed = await visit(browser, proxy, link, 'compressed');
    if (distStamp() !== stamp) throw new Error('renderer/dist was rebuilt during the run; run it again');
    return rows(compressed, identity);
  } finally {
    await browser.close();
    await proxy.close();
    serve.child.kill();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { formatTable } = await import('../table.ts');
  console.log(formatTable(await runFirstOpenBench()));
}
