// Search benchmark (issue 9): 5,000 Vietnamese pages. Our sharded index against a brute-force scan of the
// folded page texts and against SQLite FTS5 over the same text, in the same run: build time, size against the
// text, query latency p50/p95 in Node and in Chromium, normally and with the CPU throttled ×4 (a phone-class
// CPU, CDP Emulation.setCPUThrottlingRate). Figures only; nothing here passes or fails on a time.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../tests/e2e/chromium.ts';
import { bruteForceScan, scanPatterns, type ScanPage } from '../../common/search/bruteForce.ts';
import { searchShards, type LoadedShard } from '../../common/search/engine.ts';
import { parseQuery } from '../../common/search/query.ts';
import { buildShard, shardToBytes } from '../../common/search/shard.ts';
import { foldVietnamese } from '../../common/text/fold.ts';
import { percentile, type BenchRow } from '../table.ts';
import { BENCH_QUERIES, demoSentences, generateCorpus, type BenchDoc } from './corpus.ts';

const PAGES = 5_000;
const ROUNDS = 3;
const GROUP = 'search';
const round1 = (n: number): number => Math.round(n * 10) / 10;
const mb = (bytes: number): number => Math.round((bytes / 1e6) * 100) / 100;

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

function latencies(fn: (q: string) => unknown): number[] {
  const out: number[] = [];
  for (let r = 0; r < ROUNDS; r++) for (const q of BENCH_QUERIES) out.push(timed(() => fn(q)).ms);
  return out;
}

const p = (xs: readonly number[]): string => `p50 ${round1(percentile(xs, 50))} / p95 ${round1(percentile(xs, 95))} ms`;

/** FTS5 query syntax for our grammar: folded words, phrases in quotes, the last word typed as a prefix. */
function ftsQuery(q: string): string | undefined {
  const units = parseQuery(q).units;
  if (units.length === 0) return undefined;
  return units.map((u) => `"${u.words.map((w) => w.folded).join(' ')}"${u.words.at(-1)?.prefix ? ' *' : ''}`).join(' AND ');
}

interface Fts {
  readonly buildMs: number;
  readonly bytes: number;
  readonly latencies: number[];
  /** Queries whose page set differs from the brute-force scan. */
  readonly misses: number;
  /** "dong y" on the raw text with remove_diacritics 2: pages found (đ is not folded by FTS5). */
  readonly rawDongY: number;
  close(): void;
}

function fts5(docs: readonly BenchDoc[], expected: ReadonlyMap<string, Set<string>>): Fts {
  const dir = mkdtempSync(join(tmpdir(), 'council-fts5-'));
  const db = new Database(join(dir, 'fts.sqlite'));
  db.pragma('journal_mode = OFF');
  db.exec(`CREATE VIRTUAL TABLE pages USING fts5(doc UNINDEXED, page UNINDEXED, body, tokenize = "unicode61 remove_diacritics 2");
           CREATE VIRTUAL TABLE raw USING fts5(doc UNINDEXED, page UNINDEXED, body, tokenize = "unicode61 remove_diacritics 2");`);
  const insert = db.prepare('INSERT INTO pages (doc, page, body) VALUES (?, ?, ?)');
  const insertRaw = db.prepare('INSERT INTO raw (doc, page, body) VALUES (?, ?, ?)');
  const built = timed(() =>
    db.transaction(() => {
      for (const d of docs) for (const pg of d.pages) insert.run(d.documentId, pg.page, foldVietnamese(pg.text));
    })(),
  );
  db.transaction(() => {
    for (const d of docs) for (const pg of d.pages) insertRaw.run(d.documentId, pg.page, pg.text);
  })();
  db.exec("INSERT INTO pages(pages) VALUES('optimize')");
  const select = db.prepare('SELECT doc, page FROM pages WHERE pages MATCH ?');
  const run = (q: string): Set<string> => {
    const m = ftsQuery(q);
    return new Set(m === undefined ? [] : (select.all(m) as { doc: string; page: number }[]).map((r) => `${r.doc}#${r.page}`));
  };
  let misses = 0;
  for (const q of BENCH_QUERIES) {
    const got = run(q);
    const want = expected.get(q)!;
    if (got.size !== want.size || [...want].some((k) => !got.has(k))) misses++;
  }
  const rawDongY = (db.prepare('SELECT count(*) AS n FROM raw WHERE raw MATCH ?').get('"dong y"') as { n: number }).n;
  db.exec('DROP TABLE raw');
  db.exec('VACUUM');
  const bytes = statSync(join(dir, 'fts.sqlite')).size;
  return {
    buildMs: built.ms,
    bytes,
    latencies: latencies(run),
    misses,
    rawDongY,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function bundle(): Promise<string> {
  const out = await build({ entryPoints: [join(import.meta.dirname, 'browserEntry.ts')], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'silent' });
  return out.outputFiles[0]!.text;
}

interface BrowserFigures {
  readonly buildMs: number;
  readonly loadMs: number;
  readonly byRate: Map<number, { ours: number[]; scan: number[] }>;
}

type Api = {
  build(docs: BenchDoc[]): { ms: number; bytes: number };
  load(): number;
  prepareScan(): number;
  query(q: string): { ms: number; pages: number };
  scan(q: string): { ms: number; pages: number };
};

async function inChromium(docs: readonly BenchDoc[]): Promise<BrowserFigures> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><meta charset="utf-8"><title>search bench</title>');
    await page.addScriptTag({ content: await bundle() });
    const built = await page.evaluate((d) => (globalThis as unknown as { __search: Api }).__search.build(d).ms, docs as BenchDoc[]);
    const loadMs = await page.evaluate(() => (globalThis as unknown as { __search: Api }).__search.load());
    await page.evaluate(() => (globalThis as unknown as { __search: Api }).__search.prepareScan());
    const cdp = await page.context().newCDPSession(page);
    const byRate = new Map<number, { ours: number[]; scan: number[] }>();
    for (const rate of [1, 4]) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      const r = await page.evaluate(
        ({ queries, rounds }) => {
          const api = (globalThis as unknown as { __search: Api }).__search;
          const ours: number[] = [];
          const scan: number[] = [];
          for (let i = 0; i < rounds; i++) for (const q of queries) {
            ours.push(api.query(q).ms);
            scan.push(api.scan(q).ms);
          }
          return { ours, scan };
        },
        { queries: [...BENCH_QUERIES], rounds: ROUNDS },
      );
      byRate.set(rate, r);
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    return { buildMs: built, loadMs, byRate };
  } finally {
    await browser.close();
  }
}

export async function runSearchBench(): Promise<BenchRow[]> {
  const docs = generateCorpus(await demoSentences(), PAGES);
  const pages: ScanPage[] = docs.flatMap((d) => d.pages.map((pg) => ({ documentId: d.documentId, page: pg.page, text: pg.text })));
  const textBytes = pages.reduce((n, pg) => n + Buffer.byteLength(pg.text), 0);

  const ours = timed(() => docs.map((d) => buildShard({ documentId: d.documentId, title: d.documentId, confidential: false, version: 'bench' }, d.pages)));
  const loaded: LoadedShard[] = ours.value.map((shard) => ({ meetingId: 'bench', meetingTitle: 'Bench', shard }));
  const stored = ours.value.map(shardToBytes);
  const jsonBytes = stored.reduce((n, b) => n + b.length, 0);
  const gzBytes = stored.reduce((n, b) => n + gzipSync(b).length, 0);
  const textGz = gzipSync(Buffer.from(pages.map((pg) => pg.text).join('\n'))).length;

  const expected = new Map(BENCH_QUERIES.map((q) => [q, bruteForceScan(pages, q)]));
  let recallMisses = 0;
  for (const q of BENCH_QUERIES) {
    const r = searchShards(loaded, q, { limit: 0, repair: false });
    const got = new Set(r.documents.flatMap((d) => d.pages.map((pg) => `${d.documentId}#${pg.page}`)));
    const want = expected.get(q)!;
    if (got.size !== want.size || [...want].some((k) => !got.has(k))) recallMisses++;
  }
  const oursNode = latencies((q) => searchShards(loaded, q, { limit: 20 }));
  const folded = timed(() => pages.map((pg) => foldVietnamese(pg.text)));
  const scanNode = latencies((q) => {
    const pats = scanPatterns(q);
    return folded.value.filter((t) => pats.length > 0 && pats.every((re) => re.test(t))).length;
  });
  const fts = fts5(docs, expected);
  const browser = await inChromium(docs);
  fts.close();

  const rows: BenchRow[] = [
    { group: GROUP, name: `pages / documents / text`, value: PAGES, unit: 'pages', note: `${docs.length} documents, ${mb(textBytes)} MB of UTF-8 text, ${BENCH_QUERIES.length} queries × ${ROUNDS}` },
    { group: GROUP, name: 'index build, Node (ours, 1 shard per document)', value: Math.round(ours.ms), unit: 'ms', baseline: `FTS5 insert ${Math.round(fts.buildMs)} ms; scan: fold all pages ${Math.round(folded.ms)} ms` },
    { group: GROUP, name: 'index build, Chromium (ours)', value: Math.round(browser.buildMs), unit: 'ms', note: `loading the stored shards (decode) ${Math.round(browser.loadMs)} ms` },
    { group: GROUP, name: 'stored index size (ours, incl. page texts)', value: mb(jsonBytes), unit: 'MB', baseline: `FTS5 db ${mb(fts.bytes)} MB (incl. text)`, note: `text ${mb(textBytes)} MB (gzip ${mb(textGz)}); shards ×${round1(jsonBytes / textBytes)} of text, postings ×${round1((jsonBytes - textBytes) / textBytes)}; gzip ${mb(gzBytes)} MB` },
    { group: GROUP, name: 'recall vs brute-force scan (ours)', value: BENCH_QUERIES.length - recallMisses, unit: `/ ${BENCH_QUERIES.length} queries equal`, baseline: `FTS5 ${BENCH_QUERIES.length - fts.misses} / ${BENCH_QUERIES.length}` , note: `FTS5 remove_diacritics 2 on raw text: "dong y" ${fts.rawDongY} pages vs ${expected.get('dong y')?.size ?? 0} (đ not folded)` },
    { group: GROUP, name: 'query p95, Node (ours)', value: round1(percentile(oursNode, 95)), unit: 'ms', baseline: `scan ${p(scanNode)}; FTS5 ${p(fts.latencies)}`, note: `ours ${p(oursNode)}` },
  ];
  for (const [rate, r] of browser.byRate) {
    rows.push({
      group: GROUP,
      name: `query p95, Chromium${rate === 1 ? '' : ` CPU ×${rate}`} (ours)`,
      value: round1(percentile(r.ours, 95)),
      unit: 'ms',
      baseline: `scan ${p(r.scan)}`,
      note: `ours ${p(r.ours)}; max ${round1(Math.max(...r.ours))} ms${rate === 4 ? '; goal p95 < 100 ms' : ''}`,
    });
  }
  return rows;
}
