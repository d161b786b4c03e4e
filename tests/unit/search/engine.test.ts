// The search engine over the demo meeting's real page texts: recall against a brute-force scan, ranking,
// Telex/VNI repair, phrases, prefixes, snippets, and the shard's stored forms.
import { beforeAll, describe, expect, it } from 'vitest';
import { bruteForceScan } from '../../../common/search/bruteForce.ts';
import { searchShards, type LoadedShard } from '../../../common/search/engine.ts';
import { openShard, sealShard } from '../../../common/search/seal.ts';
import { buildShard, shardFromBytes, shardToBytes } from '../../../common/search/shard.ts';
import { repairTelex } from '../../../common/search/telex.ts';
import type { SearchResults } from '../../../common/search/types.ts';
import { demoDocs, loaded, scanPages, type DemoDoc } from './demoTexts.ts';

let docs: DemoDoc[];
let shards: LoadedShard[];

beforeAll(async () => {
  docs = await demoDocs();
  shards = loaded(docs);
}, 60_000);

const found = (r: Pick<SearchResults, 'documents'>): Set<string> => new Set(r.documents.flatMap((d) => d.pages.map((p) => `${d.documentId}#${p.page}`)));

/** With and without marks, đ, phrases (quoted and written together), prefixes while typing, numbers, case. */
const QUERIES = [
  'dong', 'đồng', 'Đồng', 'dong y', 'đồng ý', '"dong y"', 'nghi quyet', 'nghị quyết', '"nghị quyết"', 'NGHỊ QUYẾT',
  'ngan sach', 'ngân sách', '"du toan ngan sach"', 'dự toán ngân sách 2027', 'hdnd', 'HĐND', 'NQ-HĐND', 'ubnd xa',
  'dau tu cong', 'đầu tư công', 'kien nghi cu tri', 'cử tri', 'nam po', 'Nậm Pồ', 'duong', 'đường', 'đ', 'd',
  'nghi quy', 'ngân s', 'kinh t', '"kinh tế xã h', 'tong hop', 'xa', 'xã hội', 'giao duc', 'y te', 'thuy loi', 'thủy lợi', 'thuỷ',
  '2027', '2026', 'truong', 'trường học', 'mien nhiem', 'bầu bổ sung', 'uy vien', 'zzzz', 'quyết nghị',
];

describe('recall: the index finds exactly the pages a brute-force scan of the page texts finds', () => {
  it.each(QUERIES)('%s', (query) => {
    const expected = bruteForceScan(scanPages(docs), query);
    const got = found(searchShards(shards, query, { repair: false, limit: 0 }));
    expect([...got].sort()).toEqual([...expected].sort());
  });

  it('is not vacuous: the queries find pages, across documents, and one finds none', () => {
    const count = (q: string) => bruteForceScan(scanPages(docs), q).size;
    const empty = QUERIES.filter((q) => count(q) === 0);
    expect(empty.sort()).toEqual(['"dong y"', 'zzzz']);
    expect(count('ngân s')).toBeGreaterThan(count('ngân sách') - 1);
    expect(count('nghi quyet')).toBeGreaterThan(100);
    expect(new Set(searchShards(shards, 'ngan sach', { limit: 0 }).documents.map((d) => d.documentId)).size).toBeGreaterThan(3);
  });

  it('without prefix matching, a partial word matches whole words only', () => {
    for (const q of ['nghi quy', 'ngân s', 'kinh t', 'tong ho']) {
      const r = searchShards(shards, q, { prefix: false, repair: false, limit: 0 });
      expect(found(r)).toEqual(bruteForceScan(scanPages(docs), q, false));
      expect(r.totalPages).toBeLessThan(searchShards(shards, q, { repair: false, limit: 0 }).totalPages);
    }
  });
});

describe('diacritics and ranking', () => {
  const mk = (documentId: string, text: string): LoadedShard => ({
    meetingId: 'm',
    meetingTitle: 'M',
    shard: buildShard({ documentId, title: documentId, confidential: false, version: 'v' }, [{ page: 1, text, source: 'pdf' }]),
  });
  const three = [mk('a', 'Dòng sông Nậm Nhừ chảy qua xã.'), mk('b', 'Các đại biểu đồng ý với tờ trình.'), mk('c', 'Mùa đông năm nay lạnh.')];

  it('"dong" finds đồng, dòng and đông; "đồng" finds them too but the exact form first', () => {
    expect(searchShards(three, 'dong').documents.map((d) => d.documentId).sort()).toEqual(['a', 'b', 'c']);
    const exact = searchShards(three, 'đồng');
    expect(exact.documents.map((d) => d.documentId)[0]).toBe('b');
    expect(exact.documents.length).toBe(3);
    expect(exact.documents[0]!.pages[0]!.exact).toBe(true);
    expect(exact.documents[1]!.pages[0]!.exact).toBe(false);
    expect(searchShards(three, 'đông').documents[0]!.documentId).toBe('c');
    expect(searchShards(three, 'dòng').documents[0]!.documentId).toBe('a');
  });

  it('NFD text and NFD queries match NFC ones', () => {
    const nfd = [mk('n', 'Nghị quyết về ngân sách'.normalize('NFD'))];
    expect(searchShards(nfd, 'nghị quyết').totalPages).toBe(1);
    expect(searchShards(three, 'đồng ý'.normalize('NFD')).documents[0]!.documentId).toBe('b');
  });

  it('a phrase needs the words next to each other; separate words only on the same page', () => {
    const s = [mk('p', 'ngân sách huyện và dự toán'), mk('q', 'dự toán ngân sách huyện')];
    expect(searchShards(s, '"du toan ngan sach"').documents.map((d) => d.documentId)).toEqual(['q']);
    expect(searchShards(s, 'du toan ngan sach').documents.map((d) => d.documentId).sort()).toEqual(['p', 'q']);
  });

  it('the snippet highlights each hit and the spans index the page text', () => {
    const r = searchShards(three, 'dong y');
    const page = r.documents[0]!.pages[0]!;
    const text = three.find((s) => s.shard.documentId === r.documents[0]!.documentId)!.shard.pages[0]!.text;
    expect(page.spans!.map((s) => text.slice(s.start, s.end))).toEqual(['đồng', 'ý']);
    expect(page.snippet!.highlights.map((h) => page.snippet!.text.slice(h.start, h.end))).toEqual(['đồng', 'ý']);
  });
});

describe('Telex and VNI leftovers', () => {
  it('repairs words typed without an input method', () => {
    expect(repairTelex('nghij quyeets')).toBe('nghị quyết');
    expect(repairTelex('nghi5 quye6t1')).toBe('nghị quyết');
    expect(repairTelex('ngaan sachs')).toBe('ngân sách');
    expect(repairTelex('ddaauf tuw')).toBe('đầu tư');
    expect(repairTelex('nguowif')).toBe('người');
    expect(repairTelex('vieejt nam')).toBe('việt nam');
    expect(repairTelex('nghi quyet')).toBe('nghi quyet');
    expect(repairTelex('2027')).toBe('2027');
  });

  it('a Telex query that finds nothing is run repaired, and says so', () => {
    const typed = searchShards(shards, 'nghij quyeets');
    expect(typed.repaired).toBe('nghị quyết');
    expect(found(typed)).toEqual(found(searchShards(shards, 'nghị quyết')));
    expect(typed.totalPages).toBeGreaterThan(0);
    expect(searchShards(shards, 'nghij quyeets', { repair: false }).totalPages).toBe(0);
    expect(searchShards(shards, 'nghị quyết').repaired).toBeUndefined();
  });
});

describe('the stored shard', () => {
  it('round-trips through its stored bytes and its sealed form with the same answers', async () => {
    const doc = docs.find((d) => d.pages.length > 100)!;
    const shard = shards.find((s) => s.shard.documentId === doc.documentId)!.shard;
    const again = shardFromBytes(shardToBytes(shard));
    const key = crypto.getRandomValues(new Uint8Array(32));
    const sealed = await sealShard(shard, 'meeting-1', key);
    const opened = await openShard(sealed, 'meeting-1', doc.documentId, key);
    for (const q of ['kien nghi', 'cử tri', '"tong hop"', 'duong gi']) {
      const base = searchShards([{ meetingId: 'm', meetingTitle: 'M', shard }], q);
      expect(searchShards([{ meetingId: 'm', meetingTitle: 'M', shard: again }], q)).toEqual(base);
      expect(searchShards([{ meetingId: 'm', meetingTitle: 'M', shard: opened }], q)).toEqual(base);
    }
    await expect(openShard(sealed, 'meeting-2', doc.documentId, key)).rejects.toThrow();
    await expect(openShard(sealed, 'meeting-1', doc.documentId, crypto.getRandomValues(new Uint8Array(32)))).rejects.toThrow();
    expect(Buffer.from(sealed).includes(Buffer.from('kiến nghị'))).toBe(false);
  });
});

describe('words typed together rank pages where they stand together', () => {
  it('"nghi quyet" puts "Nghị quyết" above "quyết … nghị", and the snippet shows the phrase', () => {
    const mk = (documentId: string, text: string): LoadedShard => ({
      meetingId: 'm',
      meetingTitle: 'M',
      shard: buildShard({ documentId, title: documentId, confidential: false, version: 'v' }, [{ page: 1, text, source: 'pdf' }]),
    });
    const s = [mk('apart', 'Kết quả giải quyết ý kiến, kiến nghị; đề nghị; kiến nghị về quyết định'), mk('together', `${'Mở đầu văn bản dài. '.repeat(10)}Dự thảo Nghị quyết về ngân sách`)];
    for (const q of ['nghi quyet', 'nghị quyết']) {
      const r = searchShards(s, q);
      expect(r.documents.map((d) => d.documentId)).toEqual(['together', 'apart']);
      const snip = r.documents[0]!.pages[0]!.snippet!;
      expect(snip.highlights.map((h) => snip.text.slice(h.start, h.end))).toEqual(['Nghị', 'quyết']);
    }
  });
});
