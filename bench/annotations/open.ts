// Annotations open benchmark (issue 8): a 300-page PDF (bench/viewer/generatePdf.ts) opened in the app's
// PdfViewer in real Chromium, without the annotation layer, with the layer and no marks, and with 1,000 marks
// (highlights, pen strokes, notes) in the book; time from mounting the viewer (worker warm, bytes at hand, as
// when the app is running) until page 1 and every mark on it are drawn. Several runs, p50 and p95. Figures only;
// nothing here passes or fails on a time.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { build } from 'vite';
import { chromiumLaunchOptions } from '../../tests/e2e/chromium.ts';
import { generateTestPdf } from '../viewer/generatePdf.ts';
import { startHarnessServer } from '../viewer/server.ts';
import { percentile, type BenchRow } from '../table.ts';

const PAGES = 300;
const MARKS = 1_000;
const RUNS = 11;
const WAIT_LIMIT_MS = 60_000;
const VIEWPORT = { width: 1280, height: 900 };
const GROUP = 'annotations-open';
const HARNESS = fileURLToPath(new URL('./openHarness/', import.meta.url));

interface Case {
  readonly name: string;
  readonly marks: number;
  readonly layer: boolean;
}

const CASES: readonly Case[] = [
  { name: 'no annotation layer', marks: 0, layer: false },
  { name: 'layer, 0 marks', marks: 0, layer: true },
  { name: `layer, ${MARKS} marks`, marks: MARKS, layer: true },
];

const round = (n: number) => Math.round(n * 10) / 10;

async function openOnce(browser: Browser, base: string, c: Case): Promise<{ ms: number; onPage1: number }> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${base}/open.html?file=/files/book.pdf&pages=${PAGES}&marks=${c.marks}&layer=${c.layer ? 1 : 0}`);
  await page.waitForFunction(() => typeof window.__open === 'function', undefined, { timeout: WAIT_LIMIT_MS });
  await page.evaluate(() => window.__open?.());
  await page.waitForFunction(() => window.__openDone !== undefined, undefined, { timeout: WAIT_LIMIT_MS, polling: 'raf' });
  const r = await page.evaluate(() => ({ ms: window.__openDone ?? Number.NaN, onPage1: window.__marksOnPage1 ?? 0 }));
  await context.close();
  return r;
}

export async function runAnnotationsOpenBench(): Promise<BenchRow[]> {
  await build({ configFile: join(HARNESS, 'vite.config.ts') });
  const dir = await mkdtemp(join(tmpdir(), 'council-bench-annotations-'));
  const pdf = join(dir, 'book.pdf');
  await writeFile(pdf, await generateTestPdf(PAGES));
  const server = await startHarnessServer(new Map([['book.pdf', pdf]]), join(HARNESS, 'dist'));
  const browser = await chromium.launch(chromiumLaunchOptions());
  const rows: BenchRow[] = [];
  try {
    // One unmeasured open warms the HTTP cache and Chromium's code caches for every case alike.
    await openOnce(browser, server.url, CASES[0] as Case);
    // Round-robin over the cases, so a slower moment of a shared machine falls on every case alike.
    const times = CASES.map(() => [] as number[]);
    const onPage1 = CASES.map(() => 0);
    for (let run = 0; run < RUNS; run++) {
      for (const [i, c] of CASES.entries()) {
        const r = await openOnce(browser, server.url, c);
        times[i]?.push(r.ms);
        onPage1[i] = r.onPage1;
      }
    }
    for (const [i, c] of CASES.entries()) {
      const note = `${PAGES} pages, ${RUNS} runs${c.marks > 0 ? `, ${onPage1[i] ?? 0} marks drawn on page 1` : ''}`;
      const t = times[i] ?? [];
      rows.push({ group: GROUP, name: `open to page 1 drawn, ${c.name} (p50)`, value: round(percentile(t, 50)), unit: 'ms', note });
      rows.push({ group: GROUP, name: `open to page 1 drawn, ${c.name} (p95)`, value: round(percentile(t, 95)), unit: 'ms', note });
    }
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { formatTable } = await import('../table.ts');
  console.log(formatTable(await runAnnotationsOpenBench()));
}
