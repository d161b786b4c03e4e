// Per-document caches shared by pages, thumbnails and find: page proxies, text, and rendered canvases.

import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';
import { LruCache } from './lruCache.ts';
import { buildPageText, type PageText, type TextItemLike } from './findText.ts';
import type { PageSize } from './pageLayout.ts';

/** Rendered page canvases kept for quick scrolling back (~6 pages at fit-width is tens of MB at most). */
export const PAGE_CANVAS_CACHE = 6;
export const THUMB_CANVAS_CACHE = 40;

function releaseCanvas(_key: string, canvas: HTMLCanvasElement): void {
  // A canvas still on screen stays; one off screen gives its backing store back now instead of at GC.
  if (canvas.isConnected) return;
  canvas.width = 0;
  canvas.height = 0;
}

export class DocumentStore {
  readonly pageCanvases = new LruCache<string, HTMLCanvasElement>(PAGE_CANVAS_CACHE, releaseCanvas);
  readonly thumbCanvases = new LruCache<string, HTMLCanvasElement>(THUMB_CANVAS_CACHE, releaseCanvas);
  private readonly texts = new Map<number, Promise<PageText>>();

  constructor(
    readonly doc: PDFDocumentProxy,
    private readonly onPageSize: (page: number, size: PageSize) => void,
  ) {}

  async page(pageNumber: number): Promise<PDFPageProxy> {
    const page = await this.doc.getPage(pageNumber);
    const { width, height } = page.getViewport({ scale: 1 });
    this.onPageSize(pageNumber, { width, height });
    return page;
  }

  /** The page's text, fetched once and kept (text is small next to canvases). */
  text(pageNumber: number): Promise<PageText> {
    let text = this.texts.get(pageNumber);
    if (text === undefined) {
      text = this.loadText(pageNumber);
      this.texts.set(pageNumber, text);
      text.catch(() => this.texts.delete(pageNumber));
    }
    return text;
  }

  private async loadText(pageNumber: number): Promise<PageText> {
    const page = await this.page(pageNumber);
    const content = await page.getTextContent();
    const items = content.items.filter((item): item is TextItemLike & typeof item => 'str' in item);
    return buildPageText(items);
  }

  /** Lets pdf.js drop a page's parsed resources; a no-op while it is still rendering. */
  releasePage(pageNumber: number): void {
    this.doc.getPage(pageNumber).then((page) => page.cleanup(), () => {});
  }

  dispose(): void {
    this.pageCanvases.clear();
    this.thumbCanvases.clear();
    this.texts.clear();
  }
}
