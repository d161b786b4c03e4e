// Bundled into the Chromium page of the search benchmark: our engine over stored shards, and a brute-force scan.
import { bruteForceScan, type ScanPage } from '../../common/search/bruteForce.ts';
import { searchShards, type LoadedShard } from '../../common/search/engine.ts';
import { buildShard, shardFromBytes, shardToBytes } from '../../common/search/shard.ts';
import { foldVietnamese } from '../../common/text/fold.ts';
import { scanPatterns } from '../../common/search/bruteForce.ts';

interface Doc {
  readonly documentId: string;
  readonly pages: readonly { readonly page: number; readonly text: string; readonly source: 'pdf' }[];
}

let shards: LoadedShard[] = [];
let folded: { key: string; text: string }[] = [];
let pages: ScanPage[] = [];
let stored: Uint8Array[] = [];

const api = {
  /** Builds the shards from page texts (what the device does after a download); ms. */
  build(docs: Doc[]): { ms: number; bytes: number } {
    const t0 = performance.now();
    const built = docs.map((d) => buildShard({ documentId: d.documentId, title: d.documentId, confidential: false, version: 'bench' }, d.pages));
    const ms = performance.now() - t0;
    shards = built.map((shard) => ({ meetingId: 'bench', meetingTitle: 'Bench', shard }));
    pages = docs.flatMap((d) => d.pages.map((p) => ({ documentId: d.documentId, page: p.page, text: p.text })));
    stored = built.map(shardToBytes);
    return { ms, bytes: stored.reduce((n, b) => n + b.length, 0) };
  },
  /** Loads the stored shards (the bytes as decrypted from the records); ms. */
  load(): number {
    const t0 = performance.now();
    shards = stored.map((b) => ({ meetingId: 'bench', meetingTitle: 'Bench', shard: shardFromBytes(b) }));
    return performance.now() - t0;
  },
  /** Folds every page once (a scan's best case: folded text kept in memory); ms. */
  prepareScan(): number {
    const t0 = performance.now();
    folded = pages.map((p) => ({ key: `${p.documentId}#${p.page}`, text: foldVietnamese(p.text) }));
    return performance.now() - t0;
  },
  /** One query with snippets for the first 20 pages, as the results list shows; ms and pages found. */
  query(q: string): { ms: number; pages: number } {
    const t0 = performance.now();
    const r = searchShards(shards, q, { limit: 20 });
    return { ms: performance.now() - t0, pages: r.totalPages };
  },
  scan(q: string): { ms: number; pages: number } {
    const t0 = performance.now();
    const patterns = scanPatterns(q);
    let n = 0;
    for (const p of folded) if (patterns.length > 0 && patterns.every((re) => re.test(p.text))) n++;
    return { ms: performance.now() - t0, pages: n };
  },
  /** The reference scan, folding as it goes (no cache). */
  scanCold(q: string): { ms: number; pages: number } {
    const t0 = performance.now();
    const n = bruteForceScan(pages, q).size;
    return { ms: performance.now() - t0, pages: n };
  },
};

(globalThis as unknown as { __search: typeof api }).__search = api;
