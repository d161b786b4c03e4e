// "Xuất bản có ghi chú (PDF)": the document as this device decrypts it, with the marks the book shows me on it
// (never more: a confidential document's notes reach only its readers' books), written by
// common/annotations/exportPdf.ts with Noto Sans, then handed to the browser as a download. pdf-lib and the fonts
// load on the first click only.
import type { Annotation } from '../../../common/annotations/types.ts';
import type { Lang } from '../../../common/i18n/errors.ts';
import { toErrorValue, type Result } from '../../../common/result.ts';
import { saveFile } from '../../live/records/exportResults.ts';
import type { Platform } from '../../platform/Platform.ts';
import type { ShownAnnotation } from '../bookTypes.ts';

let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

async function loadFonts(): Promise<{ regular: Uint8Array; bold: Uint8Array }> {
  const { FONT_URLS } = await import('../../live/records/fontUrls.ts');
  const get = async (url: string): Promise<Uint8Array> => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`font ${url}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
  const [regular, bold] = await Promise.all([get(FONT_URLS.regular), get(FONT_URLS.bold)]);
  return { regular, bold };
}

export interface ExportRequest {
  readonly platform: Pick<Platform, 'openDocument'>;
  readonly meetingId: string;
  readonly document: { readonly id: string; readonly title: string; readonly revision: number; readonly sha256?: string | undefined };
  /** What the book shows me (the caller passes the snapshot; the marks of other documents are left out here). */
  readonly shown: readonly ShownAnnotation[];
  readonly lang: Lang;
}

/** The marks of that document the export may write: the book's, of this document only. */
export function exportableMarks(shown: readonly ShownAnnotation[], documentId: string): Annotation[] {
  return shown.filter((s) => s.annotation.target.documentId === documentId).map((s) => s.annotation);
}

/** "to-trinh-ngan-sach-ghi-chu.pdf": the title folded to ASCII. */
export function exportFileName(title: string): string {
  const base = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base === '' ? 'tai-lieu' : base}-ghi-chu.pdf`;
}

export async function annotatedPdf(req: ExportRequest): Promise<Result<Uint8Array>> {
  try {
    const pdf = await req.platform.openDocument(req.meetingId, req.document.id);
    if (!pdf.ok) return pdf;
    fonts ??= loadFonts();
    const [{ exportAnnotatedPdf }, f] = await Promise.all([import('../../../common/annotations/exportPdf.ts'), fonts]);
    const names = new Map(req.shown.map((s) => [s.annotation.authorId, s.authorName]));
    const bytes = await exportAnnotatedPdf({
      pdf: pdf.value,
      annotations: exportableMarks(req.shown, req.document.id),
      authorName: (id) => names.get(id) ?? id,
      documentTitle: req.document.title,
      fontBytes: f.regular,
      boldFontBytes: f.bold,
      lang: req.lang,
      now: new Date().toISOString(),
      ...(req.document.sha256 === undefined ? {} : { placedOn: { revision: req.document.revision, sha256: req.document.sha256 } }),
    });
    return { ok: true, value: bytes };
  } catch (e) {
    fonts = undefined;
    return { ok: false, error: toErrorValue(e) };
  }
}

export async function downloadAnnotatedPdf(req: ExportRequest): Promise<Result<null>> {
  const r = await annotatedPdf(req);
  if (!r.ok) return r;
  saveFile(r.value as Uint8Array<ArrayBuffer>, 'application/pdf', exportFileName(req.document.title));
  return { ok: true, value: null };
}
