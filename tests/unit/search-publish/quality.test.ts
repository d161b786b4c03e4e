// Text-layer quality and legacy encodings: syllable statistics, TCVN3 (.VnTime) and VNI (VNI-Times) samples
// made by encoding known Vietnamese text with the tables, as real PDFs read back by pdf.js.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTcvn3, decodeVni, encodeTcvn3, encodeVni, isCapitalsFont, isVietnameseSyllable, judgeText, legacyEncodingOfFont, textQuality } from '../../../common/search/quality.ts';
import { extractPages } from '../../../main/services/publish/pageText.ts';
import { makeLegacyPdf, makeScannedPdf, makeTextPdf } from './scanned.ts';

const VIETNAMESE = [
  'Báo cáo tình hình kinh tế - xã hội năm 2026 của huyện Nậm Pồ,',
  'phương hướng, nhiệm vụ phát triển năm 2027; đường giao thông',
  'Nậm Nhừ được ưu tiên bố trí vốn đầu tư công trung hạn.',
  'Hội đồng nhân dân quyết nghị: thông qua dự toán ngân sách,',
  'khuyến khích hợp tác xã nuôi thủy sản.',
];
const TEXT = VIETNAMESE.join('\n');
const DEMO = path.resolve(import.meta.dirname, '../../../resources/demo-meeting');
const CORPUS = path.join(import.meta.dirname, 'corpus');

describe('Vietnamese syllables', () => {
  it('accepts real syllables with one tone and refuses the rest', () => {
    for (const w of ['nghiêng', 'khuyến', 'quyết', 'gì', 'giữa', 'đường', 'ươm', 'tuyển', 'NGHỊ', 'Ủy', 'thủy', 'oải', 'khuya']) expect(isVietnameseSyllable(w), w).toBe(true);
    for (const w of ['page', 'HĐND', 'strength', 'B¸o', 'qúyết', 'ngàá', 'xyz']) expect(isVietnameseSyllable(w), w).toBe(false);
  });

  it('measures the share of valid syllables; digits and punctuation do not count', () => {
    expect(textQuality(TEXT).share).toBe(1);
    const q = textQuality('Số: 15/NQ-HĐND, ngày 20 tháng 11 năm 2026 — UBND huyện');
    // Số, ngày, tháng, năm, huyện are syllables, UBND is not; "15/NQ-HĐND" has digits and is left out.
    expect(q.words).toBe(6);
    expect(q.syllables).toBe(5);
  });
});

describe('legacy encodings', () => {
  it('round-trips TCVN3 and VNI through the tables', () => {
    expect(decodeVni(encodeVni(TEXT))).toBe(TEXT);
    // TCVN3 has one byte per lowercase letter: capitals with tones are written with the lowercase byte.
    const lower = TEXT.toLowerCase();
    expect(decodeTcvn3(encodeTcvn3(lower))).toBe(lower);
    expect(encodeTcvn3('Báo cáo')).toBe('B¸o c¸o');
    expect(encodeVni('Báo cáo')).toBe('Baùo caùo');
  });

  it('recognises legacy fonts by name', () => {
    expect(['.VnTime', 'ABCDEF+.VnTimeH', '.VnArial', 'VNI-Times', 'VNI-Helve-Bold', 'NotoSans-Regular', 'TimesNewRomanPSMT'].map(legacyEncodingOfFont)).toEqual(['tcvn3', 'tcvn3', 'tcvn3', 'vni', 'vni', undefined, undefined]);
    expect(isCapitalsFont('.VnTimeH')).toBe(true);
    expect(isCapitalsFont('.VnTime')).toBe(false);
  });

  it('upper-cases the text of a TCVN3 capitals font (.VnTimeH), and sends an unconvertible legacy font to OCR', () => {
    const heading = 'ủy ban nhân dân huyện nậm pồ quyết định phê duyệt dự toán ngân sách';
    expect(judgeText(encodeTcvn3(heading), ['ABCDEF+.VnTimeH'])).toMatchObject({ kind: 'converted', encoding: 'tcvn3', text: heading.toUpperCase() });
    expect(judgeText('Qv wxz jkq pfw zzv kqx vvw qqp xxf jjw', ['.VnTime'])).toMatchObject({ kind: 'unusable', reason: 'mojibake' });
  });

  it('converts by statistics alone when the font name says nothing', () => {
    const tcvn = judgeText(encodeTcvn3(TEXT));
    expect(tcvn).toMatchObject({ kind: 'converted', encoding: 'tcvn3' });
    expect(tcvn.kind === 'converted' && tcvn.text.toLowerCase()).toBe(TEXT.toLowerCase());
    const vni = judgeText(encodeVni(TEXT));
    expect(vni).toMatchObject({ kind: 'converted', encoding: 'vni', text: TEXT });
    expect(judgeText(TEXT)).toMatchObject({ kind: 'good' });
    expect(judgeText('Minutes of the meeting of the council, approved unanimously.')).toMatchObject({ kind: 'good' });
  });

  it('reads a .VnTime and a VNI-Times PDF back as Unicode (pdf.js text layer → table)', async () => {
    const vni = await extractPages(await makeLegacyPdf(VIETNAMESE.map(encodeVni), 'VNI-Times'));
    expect(vni).toEqual([expect.objectContaining({ page: 1, kind: 'converted', encoding: 'vni', text: TEXT })]);
    const tcvn = await extractPages(await makeLegacyPdf(VIETNAMESE.map(encodeTcvn3), '.VnTime'));
    expect(tcvn[0]).toMatchObject({ kind: 'converted', encoding: 'tcvn3' });
    // The capitals lost to TCVN3's lowercase bytes are all that differs (Nậm Nhừ → nậm nhừ etc. for toned capitals).
    expect(tcvn[0]?.text.toLowerCase()).toBe(TEXT.toLowerCase());
  });
});

describe('extraction of real PDFs', () => {
  it("keeps every demo meeting page's text layer as it is", async () => {
    for (const file of ['noi-quy-ky-hop.pdf', 'phu-luc/phu-luc-du-toan-ngan-sach-2027.pdf', 'bao-cao/bao-cao-kinh-te-xa-hoi-2026.pdf']) {
      const pages = await extractPages(new Uint8Array(readFileSync(path.join(DEMO, file))));
      expect(pages.length).toBeGreaterThan(0);
      for (const p of pages) expect(p.kind, `${file} page ${p.page}`).toBe('pdf');
    }
    const rules = await extractPages(new Uint8Array(readFileSync(path.join(DEMO, 'noi-quy-ky-hop.pdf'))));
    expect(rules[0]?.text).toContain('Tài liệu mật chỉ được đọc trên thiết bị của đại biểu có tên');
  });

  it('sends a page with no text layer, and a picture under a short caption, to OCR', async () => {
    const scan = await extractPages(await makeScannedPdf(await makeTextPdf([VIETNAMESE])));
    expect(scan).toEqual([{ page: 1, kind: 'needs-ocr', reason: 'no-text', text: '' }]);
    const picture = await extractPages(new Uint8Array(readFileSync(path.join(CORPUS, 'alphatrans.pdf'))));
    expect(picture[0]).toMatchObject({ kind: 'needs-ocr', reason: 'scan' });
  });

  it('keeps a symbol font as it is, refuses a text layer of mojibake, and fails on a broken file', async () => {
    const dingbats = await extractPages(new Uint8Array(readFileSync(path.join(CORPUS, 'ZapfDingbats.pdf'))));
    expect(dingbats.map((p) => p.kind)).toEqual(dingbats.map(() => 'pdf'));
    const cjk = await extractPages(new Uint8Array(readFileSync(path.join(CORPUS, '90ms_rksj_h_sample.pdf'))));
    expect(cjk[0]?.kind).toBe('needs-ocr');
    await expect(extractPages(new Uint8Array(readFileSync(path.join(CORPUS, 'REDHAT-1531897-0.pdf'))))).rejects.toThrow();
  });
});
