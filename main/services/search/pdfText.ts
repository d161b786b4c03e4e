// Page texts from a PDF's own text layer with pdf.js (legacy build for Node, eval off): the device's fallback
// for a pack published before page texts travelled in it (format 1), and the tests' and benchmark's source.
// Items are joined as the viewer joins them (renderer/viewer/findText.ts buildPageText), so offsets agree.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { DocumentText, PageText } from '../../../common/search/documentText.ts';

interface ItemLike {
  readonly str?: string;
  readonly hasEOL?: boolean;
}

export function joinItems(items: readonly ItemLike[]): string {
  let text = '';
  for (const item of items) {
    if (typeof item.str !== 'string') continue;
    text += item.str;
    if (item.hasEOL === true) text += ' ';
  }
  return text.normalize('NFC');
}

export async function pdfPageTexts(bytes: Uint8Array): Promise<PageText[]> {
  const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  try {
    const doc = await task.promise;
    const pages: PageText[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const text = joinItems(content.items as ItemLike[]);
      pages.push({ page: n, text, source: text.trim() === '' ? 'none' : 'pdf' });
      page.cleanup();
    }
    return pages;
  } finally {
    await task.destroy();
  }
}

export async function pdfDocumentText(documentId: string, bytes: Uint8Array): Promise<DocumentText> {
  return { version: 1, documentId, pages: await pdfPageTexts(bytes) };
}
