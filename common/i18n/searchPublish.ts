// What `council publish` says about the page texts it read (issue 9): which pages were OCRed, converted from a
// legacy font, or stay unreadable; and the labels of the reading phases. Vietnamese, then English, as the other
// CLI lines (`vi / en`). Pure data and formatting: no node:*.

/** A page named in the report. */
export interface PageRef {
  readonly file: string;
  readonly page: number;
}

export interface TextReportSummary {
  readonly pages: number;
  readonly ocrPages: readonly PageRef[];
  readonly convertedPages: readonly PageRef[];
  readonly unreadablePages: readonly PageRef[];
  readonly ocr?: { readonly recognised: number; readonly cached: number };
}

export const TEXT_PHASE_LABELS = {
  extract: { vi: 'Đọc chữ trong tài liệu', en: 'Reading text' },
  ocr: { vi: 'Nhận dạng chữ (OCR)', en: 'Recognising text (OCR)' },
} as const;

/** "a.pdf tr. 1, 3; b.pdf tr. 2" / "a.pdf p. 1, 3; b.pdf p. 2": pages grouped by file, in report order. */
export function pageList(pages: readonly PageRef[], pageWord: string): string {
  const byFile = new Map<string, number[]>();
  for (const p of pages) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p.page]);
  return [...byFile].map(([file, nums]) => `${file} ${pageWord} ${nums.join(', ')}`).join('; ');
}

/** The report's lines, each `vi / en`; the page lists are printed once (file names are not translated). */
export function textReportLines(r: TextReportSummary): string[] {
  const lines = [`Chữ trong tài liệu: ${r.pages} trang / Page texts: ${r.pages} pages`];
  if (r.ocrPages.length > 0) {
    const cache = r.ocr ? ` (${r.ocr.recognised} mới / new, ${r.ocr.cached} từ bộ nhớ đệm / cached)` : '';
    lines.push(`Đã nhận dạng chữ (OCR) ${r.ocrPages.length} trang / OCRed ${r.ocrPages.length} pages${cache}: ${pageList(r.ocrPages, 'tr.')}`);
  }
  if (r.convertedPages.length > 0) lines.push(`Đã chuyển phông TCVN3/VNI sang Unicode / Converted from TCVN3/VNI: ${pageList(r.convertedPages, 'tr.')}`);
  if (r.unreadablePages.length > 0) {
    lines.push(`Không đọc được chữ, tìm kiếm sẽ không thấy ${r.unreadablePages.length} trang / Unreadable, search will not find ${r.unreadablePages.length} pages: ${pageList(r.unreadablePages, 'tr.')}`);
  }
  return lines;
}
