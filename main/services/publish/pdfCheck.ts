// Opens a PDF with pdf.js (legacy build for Node, eval off: CVE-2024-4367) to count its pages and to refuse
// files a delegate could not read: not a PDF, password-protected, or broken.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export type PdfCheck =
  | { readonly ok: true; readonly pages: number }
  | { readonly ok: false; readonly reason: 'not-pdf' | 'password' | 'broken'; readonly detail?: string };

/** Acrobat looks for the header in the first 1024 bytes; so does pdf.js. */
const HEADER_WINDOW = 1024;
const HEADER = '%PDF-';

export function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, HEADER_WINDOW));
  return head.includes(HEADER);
}

export async function checkPdf(bytes: Uint8Array): Promise<PdfCheck> {
  if (!hasPdfHeader(bytes)) return { ok: false, reason: 'not-pdf' };
  // pdf.js may transfer (detach) the buffer it is given: hand it a copy.
  const task = getDocument({
    data: bytes.slice(),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    await doc.getPage(1);
    return { ok: true, pages: doc.numPages };
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    if (name === 'PasswordException') return { ok: false, reason: 'password' };
    return { ok: false, reason: 'broken', detail: e instanceof Error ? e.message : String(e) };
  } finally {
    await task.destroy();
  }
}
