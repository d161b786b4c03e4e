// Why an uploaded file is refused, said so a clerk can act on it: a Word file ("hãy lưu thành PDF"), a
// password-protected or encrypted PDF, a broken one, one too large. pdf.js decides as `council publish` does
// (main/services/publish/pdfCheck.ts); the Word and /Encrypt checks come first, by the bytes.
import { MAX_UPLOAD_BYTES, type FileProblem } from '../../../common/api/console.ts';
import { consoleMessage } from '../../../common/i18n/consoleText.ts';
import { CouncilError } from '../../../common/result.ts';
import { checkPdf, hasPdfHeader } from '../publish/pdfCheck.ts';

/** The OLE2 compound file signature of .doc (and .xls, .ppt). */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

const startsWith = (bytes: Uint8Array, sig: readonly number[]): boolean => sig.every((b, i) => bytes[i] === b);

/** .doc by its OLE2 signature; .docx as a ZIP holding word/ (its first entries name [Content_Types].xml and word/…). */
export function isWordFile(bytes: Uint8Array, name: string): boolean {
  if (startsWith(bytes, OLE2)) return true;
  if (!startsWith(bytes, ZIP)) return false;
  if (/\.docx?$/i.test(name)) return true;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('word/');
}

/** A PDF with an /Encrypt dictionary: even one that opens without a password is refused (SECURITY: no DRM'd copies). */
export function hasEncryptDictionary(bytes: Uint8Array): boolean {
  return /\/Encrypt[\s/<]/.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
}

export const mib = (bytes: number): string =>
  bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

export function rejected(code: FileProblem, file: string, extra: Readonly<Record<string, string>> = {}): CouncilError {
  return new CouncilError('FILE_REJECTED', consoleMessage(code, { file, ...extra }), [code]);
}

export const tooLarge = (file: string, size: number, limit = MAX_UPLOAD_BYTES): CouncilError => rejected('FILE_TOO_LARGE', file, { size: mib(size), limit: mib(limit) });

/** The page count of an acceptable PDF; FILE_REJECTED with the reason otherwise. */
export async function acceptPdf(bytes: Uint8Array, name: string): Promise<number> {
  if (isWordFile(bytes, name)) throw rejected('FILE_WORD_DOCUMENT', name);
  if (!hasPdfHeader(bytes)) throw rejected('DOCUMENT_NOT_PDF', name);
  if (hasEncryptDictionary(bytes)) throw rejected('DOCUMENT_PASSWORD', name);
  const check = await checkPdf(bytes);
  if (check.ok) return check.pages;
  switch (check.reason) {
    case 'not-pdf':
      throw rejected('DOCUMENT_NOT_PDF', name);
    case 'password':
      throw rejected('DOCUMENT_PASSWORD', name);
    case 'broken':
      throw rejected('DOCUMENT_DAMAGED', name);
  }
}
