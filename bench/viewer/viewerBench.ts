// Viewer benchmark: our PdfViewer against pdf.js's own PDFViewer, same Chromium, same files, same run.
// Figures only; nothing here passes or fails on a time.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../tests/e2e/chromium.ts';
import { buildViewerHarness } from './build.ts';
import { generateTestPdf } from './generatePdf.ts';
import './harnessTypes.ts';
import { startHarnessServer } from './server.ts';

import type { BenchRow } from '../table.ts';

const OPEN_RUNS = 10;
const NEXT_RUNS = 10;
const WAIT_LIMIT_MS = 60_000;
const VIEWPORT = { width: 1280, height: 900 };
const BOOK = fileURLToPath(new URL('../../tests/fixtures/pdfs/latex3-interfaces.pdf', import.meta.url));

type ViewerName = 'ours' | 'reference';

interface DocCase {
  readonly group: string;
  readonly file: string;
  readonly pages: number;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

const round = (n: number) => Math.round(n * 10) / 10;

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  return context.newPage();
}

/** Waits (in the page, on animation frames) until page n is drawn; resolves with performance.now() then. */
function waitDrawnScript(): string {
  return `window.__waitDrawn = (n, limit) => new Promise((ok, fail) => {
    const start = performance.now();
    const tick = () => {
      if (window.__bench && window.__bench.isDrawn(n)) return ok(performance.now());
      if (window.__viewerStats && window.__viewerStats.openError) return fail(new Error(window.__viewerStats.openError));
      if (performance.now() - start > limit) return fail(new Error('page ' + n + ' not drawn in time'));
      requestAnimationFrame(tick);
    };
    tick();
  });`;
}

async function openAndWait(page: Page, base: string, viewer: ViewerName, file: string): Promise<number> {
  await page.addInitScript(waitDrawnScript());
  await page.goto(`${base}/${viewer}.html?file=/files/${file}`);
  // Milliseconds since navigation start (performance.now() origin) until page 1 is on screen.
  return page.evaluate((limit) => (window as unknown as { __waitDrawn(n: number, l: number): Promise<number> }).__waitDrawn(1, limit), WAIT_LIMIT_MS);
}

/** The app is already running (bundle and viewer loaded); time from "open this document" to page 1 drawn. */
async function warmOpenTimes(browser: Browser, base: string, viewer: ViewerName, file: string): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < OPEN_RUNS; run++) {
    const page = await freshPage(browser);
    await page.addInitScript(waitDrawnScript());
    await page.goto(`${base}/${viewer}.html?defer=1`);
    await page.waitForFunction(() => typeof window.__openFile === 'function');
    times.push(
      await page.evaluate(
        async ({ name, limit }) => {
          const w = window as unknown as { __waitDrawn(n: number, l: number): Promise<number> };
          const t0 = performance.now();
          window.__openFile?.(name);
          return (await w.__waitDrawn(1, limit)) - t0;
        },
        { name: `/files/${file}`, limit: WAIT_LIMIT_MS },
      ),
    );
    await page.context().close();
  }
  return times;
}

async function openTimes(browser: Browser, base: string, viewer: ViewerName, file: string): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < OPEN_RUNS; run++) {
    const page = await freshPage(browser);
    times.push(await openAndWait(page, base, viewer, file));
    await page.context().close();
  }
  return times;
}

async function nextPageTimes(browser: Browser, base: string, viewer: ViewerName, file: string, pages: number): Promise<number[]> {
  const page = await freshPage(browser);
  await openAndWait(page, base, viewer, file);
  const start = Math.min(100, Math.floor(pages / 2));
  const times = await page.evaluate(
    async ({ start, runs, limit }) => {
      const w = window as unknown as { __waitDrawn(n: number, l: number): Promise<number> };
      window.__bench?.goTo(start);
      await w.__waitDrawn(start, limit);
      const out: number[] = [];
      for (let n = start + 1; n <= start + runs; n++) {
        await new Promise((ok) => setTimeout(ok, 250)); // let each viewer pre-render as it would while reading
        const t0 = performance.now();
        window.__bench?.next();
        out.push((await w.__waitDrawn(n, limit)) - t0);
      }
      return out;
    },
    { start, runs: NEXT_RUNS, limit: WAIT_LIMIT_MS },
  );
  await page.context().close();
  return times;
}

async function pageThroughHeap(browser: Browser, base: string, viewer: ViewerName, file: string, pages: number) {
  const page = await freshPage(browser);
  await openAndWait(page, base, viewer, file);
  const elapsed = await page.evaluate(
    async ({ pages, limit }) => {
      const w = window as unknown as { __waitDrawn(n: number, l: number): Promise<number> };
      const t0 = performance.now();
      for (let n = 2; n <= pages; n++) {
        window.__bench?.next();
        await w.__waitDrawn(n, limit);
      }
      return performance.now() - t0;
    },
    { pages, limit: WAIT_LIMIT_MS },
  );
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
  const canvases = await page.evaluate(() => document.querySelectorAll('canvas').length);
  await page.context().close();
  return { heapMiB: heap / 1024 / 1024, elapsed, canvases };
}

async function benchDocument(browser: Browser, base: string, doc: DocCase): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const result: Record<ViewerName, { open: number[]; warm: number[]; next: number[]; heap: Awaited<ReturnType<typeof pageThroughHeap>> }> = {} as never;
  for (const viewer of ['ours', 'reference'] as const) {
    result[viewer] = {
      open: await openTimes(browser, base, viewer, doc.file),
      warm: await warmOpenTimes(browser, base, viewer, doc.file),
      next: await nextPageTimes(browser, base, viewer, doc.file, doc.pages),
      heap: await pageThroughHeap(browser, base, viewer, doc.file, doc.pages),
    };
  }
  const add = (name: string, unit: string, pick: (v: ViewerName) => number, note?: string) => {
    const ref = round(pick('reference'));
    rows.push({ group: doc.group, name, value: round(pick('ours')), unit, baseline: `pdf.js PDFViewer ${ref} ${unit}`, ...(note ? { note } : {}) });
  };
  add('open → first page drawn, p50', 'ms', (v) => percentile(result[v].open, 50), `${OPEN_RUNS} fresh pages; from navigation start`);
  add('open → first page drawn, p95', 'ms', (v) => percentile(result[v].open, 95));
  add('open in running app → first page, p50', 'ms', (v) => percentile(result[v].warm, 50), `${OPEN_RUNS} runs; app loaded (ours pre-starts its PDF worker, as the app does), fetch + parse + draw; goal ≤ 300 ms p95`);
  add('open in running app → first page, p95', 'ms', (v) => percentile(result[v].warm, 95));
  add('next page drawn, p50', 'ms', (v) => percentile(result[v].next, 50), `${NEXT_RUNS} steps from page ~100, 250 ms reading pause`);
  add('next page drawn, p95', 'ms', (v) => percentile(result[v].next, 95));
  add(`JS heap after paging through ${doc.pages} pages`, 'MiB', (v) => result[v].heap.heapMiB, 'CDP JSHeapUsedSize after GC; canvas backing stores are not JS heap');
  add(`time to page through ${doc.pages} pages`, 's', (v) => result[v].heap.elapsed / 1000);
  add('canvases in the DOM at the end', 'count', (v) => result[v].heap.canvases);
  return rows;
}

export async function runViewerBench(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'viewer-bench-'));
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    await writeFile(join(dir, 'doc300.pdf'), await generateTestPdf(300));
    await buildViewerHarness();
    const server = await startHarnessServer(new Map([['doc300.pdf', join(dir, 'doc300.pdf')], ['book.pdf', BOOK]]));
    try {
      return [
        ...(await benchDocument(browser, server.url, { group: 'viewer: generated 300 pages', file: 'doc300.pdf', pages: 300 })),
        ...(await benchDocument(browser, server.url, { group: 'viewer: LaTeX3 Interfaces (345 pages)', file: 'book.pdf', pages: 345 })),
      ];
    } finally {
      await server.close();
    }
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.table(await runViewerBench());
}
