// Each page's text, on the publisher's machine before encryption (the server never sees a word): pdf.js's text
// layer (legacy build for Node, eval off: CVE-2024-4367), judged by common/search/quality.ts. A page keeps its
// text layer, gets it converted from a legacy TCVN3/VNI font, or is marked for OCR (ocr.ts).
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { DOCUMENT_TEXT_VERSION, type DocumentText, type PageText } from '../../../common/search/documentText.ts';
import { judgeText, textQuality, type LegacyEncoding } from '../../../common/search/quality.ts';
import type { OcrEngine } from './ocr.ts';

/** A text layer shorter than this on a page that paints an image is probably a scan with a typed header: OCR it. */
export const SHORT_TEXT_LETTERS = 200;

export type PageExtraction =
  | { readonly page: number; readonly kind: 'pdf'; readonly text: string; readonly share: number }
  | { readonly page: number; readonly kind: 'converted'; readonly text: string; readonly encoding: LegacyEncoding; readonly share: number }
  /** `text` is what the text layer had (often nothing): kept when OCR reads less. */
  | { readonly page: number; readonly kind: 'needs-ocr'; readonly reason: 'no-text' | 'garbage' | 'mojibake' | 'scan'; readonly text: string };

const IMAGE_OPS: ReadonlySet<number> = new Set([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageXObjectRepeat, OPS.paintImageMaskXObject]);

interface TextItemLike {
  readonly str?: string;
  readonly hasEOL?: boolean;
}

/** The text layer in reading order as pdf.js gives it, one line per line, NFC, spaces collapsed. */
export async function pageTextLayer(page: PDFPageProxy): Promise<string> {
  const content = await page.getTextContent();
  const raw = (content.items as readonly TextItemLike[]).map((i) => (i.str ?? '') + (i.hasEOL ? '\n' : '')).join('');
  return tidy(raw);
}

export function tidy(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[^\S\n]+/gu, ' ')
    .replace(/ *\n */gu, '\n')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
}

/** The PDF names of the fonts a page uses and whether it paints an image (costs one operator list). */
async function fontsAndImages(page: PDFPageProxy): Promise<{ fonts: string[]; paintsImage: boolean }> {
  const ops = await page.getOperatorList();
  const fonts = new Set<string>();
  let paintsImage = false;
  ops.fnArray.forEach((fn, i) => {
    if (IMAGE_OPS.has(fn)) paintsImage = true;
    if (fn !== OPS.setFont) return;
    const ref = (ops.argsArray[i] as unknown[] | undefined)?.[0];
    if (typeof ref !== 'string') return;
    try {
      const font = page.commonObjs.get(ref) as { name?: unknown } | undefined;
      if (typeof font?.name === 'string') fonts.add(font.name);
    } catch {
      // not resolved: the statistics decide alone
    }
  });
  return { fonts: [...fonts], paintsImage };
}

/** Decides one page. */
export async function extractPage(page: PDFPageProxy): Promise<PageExtraction> {
  const n = page.pageNumber;
  const text = await pageTextLayer(page);
  const first = judgeText(text);
  // Clean, long Vietnamese text: no need to look at fonts or images.
  if (first.kind === 'good' && first.quality.share >= 0.5 && first.quality.letters >= SHORT_TEXT_LETTERS) return { page: n, kind: 'pdf', text, share: first.quality.share };
  const { fonts, paintsImage } = await fontsAndImages(page);
  const verdict = judgeText(text, fonts);
  if (verdict.kind === 'unusable') return { page: n, kind: 'needs-ocr', reason: verdict.reason, text };
  if (paintsImage && verdict.quality.letters < SHORT_TEXT_LETTERS) return { page: n, kind: 'needs-ocr', reason: 'scan', text: verdict.text };
  if (verdict.kind === 'converted') return { page: n, kind: 'converted', text: verdict.text, encoding: verdict.encoding, share: verdict.quality.share };
  return { page: n, kind: 'pdf', text, share: verdict.quality.share };
}

export interface ExtractOptions {
  /** Called after each page (done, total). */
  readonly onPage?: (done: number, total: number) => void;
}

/** Every page of a PDF, in order. Throws what pdf.js throws for a broken file (validation refused those already). */
export async function extractPages(bytes: Uint8Array, options: ExtractOptions = {}): Promise<PageExtraction[]> {
  // pdf.js may transfer (detach) the buffer it is given: hand it a copy.
  const task = getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, fontExtraProperties: true, verbosity: 0 });
  try {
    const doc = await task.promise;
    const out: PageExtraction[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      out.push(await extractPage(page));
      page.cleanup();
      options.onPage?.(p, doc.numPages);
    }
    return out;
  } finally {
    await task.destroy();
  }
}

// ---- one document's DocumentText: the text layer where it is good, the table where it converts, OCR elsewhere

export interface PageMention {
  readonly documentId: string;
  readonly file: string;
  readonly page: number;
}

export interface DocumentTextOutcome {
  readonly text: DocumentText;
  readonly ocred: readonly number[];
  readonly converted: readonly number[];
  readonly unreadable: readonly number[];
  readonly extractMs: number;
  readonly ocrMs: number;
}

export interface BuildTextOptions {
  /** Undefined: no OCR (pages that need it stay 'none', or keep a short text layer). */
  readonly ocr?: OcrEngine;
  /** After each page: pages done of this document's pages. */
  readonly onPage?: (phase: 'extract' | 'ocr', done: number, total: number) => void;
}

/** Valid syllables, the measure OCR and a weak text layer are compared by. */
const syllablesOf = (text: string): number => textQuality(text).syllables;

/** Extracts (and where needed OCRs) every page of one PDF on disk. */
export async function buildDocumentText(documentId: string, file: string, sha256: string, bytes: Uint8Array, options: BuildTextOptions = {}): Promise<DocumentTextOutcome> {
  const t0 = performance.now();
  const pages = await extractPages(bytes, { onPage: (d, t) => options.onPage?.('extract', d, t) });
  const t1 = performance.now();
  const todo = pages.filter((p) => p.kind === 'needs-ocr');
  const out: PageText[] = [];
  const ocred: number[] = [];
  const converted: number[] = [];
  const unreadable: number[] = [];
  let ocrDone = 0;
  for (const p of pages) {
    if (p.kind === 'pdf') out.push({ page: p.page, text: p.text, source: 'pdf' });
    else if (p.kind === 'converted') {
      out.push({ page: p.page, text: p.text, source: 'converted' });
      converted.push(p.page);
    } else {
      const read = options.ocr ? await options.ocr.recognise({ file, sha256, page: p.page }) : undefined;
      options.onPage?.('ocr', ++ocrDone, todo.length);
      const keepLayer = p.reason === 'scan' && p.text.length > 0;
      if (read && read.text.length > 0 && (!keepLayer || syllablesOf(read.text) >= syllablesOf(p.text))) {
        out.push({ page: p.page, text: read.text, source: 'ocr', boxes: read.boxes });
        ocred.push(p.page);
      } else if (keepLayer) {
        out.push({ page: p.page, text: p.text, source: 'pdf' });
      } else {
        out.push({ page: p.page, text: '', source: 'none' });
        unreadable.push(p.page);
      }
    }
  }
  const text: DocumentText = { version: DOCUMENT_TEXT_VERSION, documentId, pages: out };
  return { text, ocred, converted, unreadable, extractMs: t1 - t0, ocrMs: performance.now() - t1 };
}
