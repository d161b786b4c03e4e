// What the annotated-PDF export (common/annotations/exportPdf.ts) writes in words: the summary pages' headings,
// the kind and page of each entry, "Ghi chú của …". Vietnamese first, English too. Pure data and formatting.
import type { AnnotationKind } from '../annotations/types.ts';
import type { Lang } from './errors.ts';
import { recordsDate, recordsTime } from './records.ts';

interface ExportStrings {
  readonly heading: string;
  readonly notesOf: (author: string) => string;
  readonly exportedAt: (date: string, time: string) => string;
  readonly page: (page: number) => string;
  readonly kind: Readonly<Record<AnnotationKind, string>>;
  readonly orphaned: string;
  readonly orphanedNote: string;
  readonly none: string;
  readonly summaryPage: (n: number, of: number) => string;
}

const VI: ExportStrings = {
  heading: 'Ghi chú và đánh dấu trên tài liệu',
  notesOf: (author) => `Ghi chú của ${author}`,
  exportedAt: (date, time) => `Xuất lúc ${time} ${date}`,
  page: (page) => `Trang ${page}`,
  kind: { highlight: 'Đánh dấu', ink: 'Nét vẽ', note: 'Ghi chú' },
  orphaned: 'Ghi chú cần gắn lại',
  orphanedNote: 'Đặt trên bản trước của tài liệu; không vẽ trên các trang này.',
  none: 'Không có ghi chú nào.',
  summaryPage: (n, of) => `Trang tóm tắt ${n}/${of}`,
};

const EN: ExportStrings = {
  heading: 'Notes and highlights on the document',
  notesOf: (author) => `Notes by ${author}`,
  exportedAt: (date, time) => `Exported at ${time}, ${date}`,
  page: (page) => `Page ${page}`,
  kind: { highlight: 'Highlight', ink: 'Drawing', note: 'Note' },
  orphaned: 'Notes to re-attach',
  orphanedNote: 'Placed on an earlier revision of the document; not drawn on these pages.',
  none: 'No notes.',
  summaryPage: (n, of) => `Summary page ${n}/${of}`,
};

export function annotationExportText(lang: Lang): ExportStrings {
  return lang === 'vi' ? VI : EN;
}

/** "Xuất lúc 09:05 ngày 02 tháng 12 năm 2026" / "Exported at 09:05, 2 December 2026" (Vietnam time). */
export function exportedAtLine(lang: Lang, iso: string): string {
  const ms = Date.parse(iso);
  return annotationExportText(lang).exportedAt(recordsDate(lang, ms), recordsTime(ms));
}
