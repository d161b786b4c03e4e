// Search on a real joined device: the demo meeting published to a real collab-server on port 0, joined by a
// reader and a non-reader of its confidential document; shards in the SQLite vault; a new revision updates
// only the changed document's shard; `council search` as a child process.
import { execFile } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceSearch, SEARCH_SHARD_KIND } from '../../../common/device/search.ts';
import { openShard } from '../../../common/search/seal.ts';
import type { ShardIndex } from '../../../common/search/shard.ts';
import { documentKey } from '../../../common/pack/manifest.ts';
import { publishMeeting, type PublishResult } from '../../../main/services/publish/publish.ts';
import { joinMeeting } from '../../../main/services/join/joinMeeting.ts';
import { FileKeyProtector } from '../../../main/services/keys/FileKeyProtector.ts';
import { nodeDeviceCore } from '../../../main/services/vault/nodeCore.ts';
import { openSqliteDeviceStore } from '../../../main/services/vault/sqliteDeviceStore.ts';
import { nodeTextReader } from '../../../main/services/search/textReader.ts';
import { searchVault } from '../../../main/services/search/vaultSearch.ts';
import type { SearchResults } from '../../../common/search/types.ts';
import { startTestServer, tempDir, ADMIN_TOKEN, type TestServer } from '../join/helpers/env.ts';
import { DEMO } from './demoTexts.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../../bin/council.mjs');
const council = (...args: string[]) => run(process.execPath, [CLI, ...args], { encoding: 'utf8' });

let server: TestServer;
let root: string;
let folder: string;
let published: PublishResult;
/** Words of the confidential document found in no other document of the meeting. */
let secretWords: string[];
let secretForms: string[];

const linkOf = (id: string): string => published.invitations.find((i) => i.id === id)!.link;
const vault = (who: string): string => join(root, `vault-${who}`);


beforeAll(async () => {
  server = await startTestServer();
  root = tempDir('council-search-');
  folder = join(root, 'meeting');
  cpSync(DEMO, folder, { recursive: true, filter: (p) => !p.includes('.council') });
  published = await publishMeeting({ folder, server: server.url, adminToken: ADMIN_TOKEN, outDir: join(root, 'invitations') });
  await joinMeeting({ link: linkOf('d02'), dataDir: vault('d02') });
  await joinMeeting({ link: linkOf('d05'), dataDir: vault('d05') });
  // The words only the confidential document holds, from what the reader's device indexed (OCRed scans too).
  await searchVault(vault('d02'), 'x');
  const shards = await readerShards();
  const secretShard = shards.find((s) => s.confidential)!;
  const elsewhere = new Set(shards.filter((s) => !s.confidential).flatMap((s) => [...s.terms.keys()]));
  const secret = [...secretShard.terms.keys()].filter((t) => !elsewhere.has(t));
  secretWords = secret.filter((w) => w.length >= 4 && !/^[0-9]+$/.test(w));
  // As written in the document, long enough that random ciphertext cannot hold one by chance.
  secretForms = secret.flatMap((t) => secretShard.terms.get(t)!.forms).filter((f) => Buffer.byteLength(f) >= 5 && /[^ -~]/.test(f));
}, 180_000);

/** The reader's (d02's) stored shards, opened with the document keys. */
async function readerShards(): Promise<ShardIndex[]> {
  const store = openSqliteDeviceStore(vault('d02'));
  try {
    const core = nodeDeviceCore(store, FileKeyProtector.open(vault('d02')));
    const opened = await core.openCurrent((await store.getMeeting(published.meetingId))!);
    const records = await store.listRecords(published.meetingId, SEARCH_SHARD_KIND);
    return Promise.all(records.map((r) => openShard(r.value as Uint8Array, published.meetingId, r.key, documentKey(opened.documents.find((d) => d.id === r.key)!, opened.bundle))));
  } finally {
    store.close();
  }
}

afterAll(async () => {
  await server?.stop();
  if (process.env['KEEP_SEARCH_TEST'] === undefined) rmSync(root, { recursive: true, force: true });
  else console.log(root);
});

const pagesOf = (r: SearchResults): string[] => r.documents.flatMap((d) => d.pages.map((p) => `${d.title}#${p.page}`));

async function search(who: string, query: string): Promise<SearchResults> {
  const r = await searchVault(vault(who), query);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('search on a joined device', () => {
  it('finds a phrase typed without diacritics, grouped by document and page, with a snippet', async () => {
    const r = await search('d05', 'du toan ngan sach');
    expect(r.totalPages).toBeGreaterThan(2);
    expect(new Set(r.documents.map((d) => d.meetingId))).toEqual(new Set([published.meetingId]));
    const first = r.documents[0]!.pages[0]!;
    expect(first.snippet!.highlights.length).toBeGreaterThan(0);
    const marked = first.snippet!.highlights.map((h) => first.snippet!.text.slice(h.start, h.end).toLowerCase());
    expect(marked.some((m) => ['dự', 'toán', 'ngân', 'sách'].includes(m))).toBe(true);
    expect(r.unindexed).toBe(0);
  });

  it('finds words of the scanned decision (OCRed at publishing) on its page', async () => {
    const r = await search('d05', 'phe duyet chu truong dau tu duong nam nhu');
    const scan = r.documents.find((d) => d.title.includes('(bản chụp)'));
    expect(scan, r.documents.map((d) => d.title).join(' | ')).toBeDefined();
    expect(scan!.pages[0]!.page).toBe(1);
    expect(scan!.pages[0]!.snippet!.highlights.length).toBeGreaterThan(3);
  });

  it("keeps a confidential document's words from a non-reader: not found, not in their stored index", async () => {
    expect(secretWords.length).toBeGreaterThan(3);
    expect(secretForms.length).toBeGreaterThan(3);
    for (const w of secretWords.slice(0, 8)) {
      expect((await search('d02', w)).totalPages, `reader finds ${w}`).toBeGreaterThan(0);
      expect((await search('d05', w)).totalPages, `non-reader finds ${w}`).toBe(0);
    }
    const store = openSqliteDeviceStore(vault('d05'));
    try {
      const core = nodeDeviceCore(store, FileKeyProtector.open(vault('d05')));
      const record = (await store.getMeeting(published.meetingId))!;
      const opened = await core.openCurrent(record);
      const shards = await store.listRecords(published.meetingId, SEARCH_SHARD_KIND);
      expect(shards.map((s) => s.key).sort()).toEqual(opened.documents.map((d) => d.id).sort());
      expect(opened.manifest.sealedDocuments.length).toBe(1);
      expect(shards.map((s) => s.key)).not.toContain(opened.manifest.sealedDocuments[0]!.id);
      for (const s of shards) {
        const bytes = Buffer.from(s.value as Uint8Array);
        const entry = opened.documents.find((d) => d.id === s.key)!;
        const shard = await openShard(s.value as Uint8Array, published.meetingId, s.key, documentKey(entry, opened.bundle));
        for (const w of secretForms) expect(bytes.includes(Buffer.from(w))).toBe(false);
        for (const w of secretWords) {
          expect(shard.terms.has(w), `${s.key} holds ${w}`).toBe(false);
        }
      }
    } finally {
      store.close();
    }
    // Nor anywhere in the vault's files (shards are sealed; the reader's too).
    for (const who of ['d05', 'd02']) {
      for (const f of readdirSync(vault(who))) {
        const bytes = readFileSync(join(vault(who), f));
        for (const w of secretForms) expect(bytes.includes(Buffer.from(w)), `${who}/${f}: ${w}`).toBe(false);
      }
    }
  });

  it('updates incrementally on a new revision: only the changed document is indexed again', async () => {
    const changedFile = 'chuong-trinh.pdf';
    const replacement = readFileSync(join(folder, 'noi-quy-ky-hop.pdf'));
    const before = await search('d05', 'chương trình kỳ họp thứ hai');
    expect(pagesOf(before).length).toBeGreaterThan(0);
    writeFileSync(join(folder, changedFile), replacement);
    const second = await publishMeeting({ folder, server: server.url, adminToken: ADMIN_TOKEN, outDir: join(root, 'invitations') });
    expect(second.revision).toBe(2);
    await joinMeeting({ link: linkOf('d05'), dataDir: vault('d05') });
    const store = openSqliteDeviceStore(vault('d05'));
    try {
      const core = nodeDeviceCore(store, FileKeyProtector.open(vault('d05')));
      const reads: string[] = [];
      const reader = nodeTextReader(core);
      const search2 = new DeviceSearch(core, (m, d) => {
        reads.push(d);
        return reader(m, d);
      });
      const report = await search2.update(published.meetingId);
      expect(report.built).toBe(1);
      expect(report.kept).toBeGreaterThan(5);
      expect(reads).toHaveLength(1);
      expect(await search2.update(published.meetingId)).toMatchObject({ built: 0 });
      const after = await search2.search('noi quy ky hop', { meetingId: published.meetingId });
      const chuong = after.ok ? after.value.documents.filter((d) => d.title === 'Chương trình kỳ họp thứ Hai') : [];
      expect(chuong).toHaveLength(1);
    } finally {
      store.close();
    }
  });

  it('`council search` prints documents, pages and snippets, and --json', async () => {
    const out = await council('search', 'nghij quyeets', '--data', vault('d02'));
    expect(out.stdout).toContain('nghị quyết');
    expect(out.stdout).toMatch(/tr\. \d+/);
    const json = JSON.parse((await council('search', 'ngan sach xa', '--data', vault('d02'), '--json')).stdout) as SearchResults;
    expect(json.totalPages).toBeGreaterThan(0);
    expect(json.documents[0]!.pages[0]!.snippet!.text.length).toBeGreaterThan(10);
    const none = await council('search', 'zzzzqq', '--data', vault('d02'));
    expect(none.stdout).toContain('Không tìm thấy');
  });
});
