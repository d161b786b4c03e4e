// Every page text of a document, read with pdf.js exactly as the viewer builds them (renderer/viewer/
// documentStore.ts + findText.ts buildPageText), so offsets in them are the offsets anchors use. Read only when
// needed (re-anchoring, keeping a revision's texts, re-attaching an orphan), in a loading task of its own that
// shares the viewer's pdf.js worker, and remembered per sha256 for the page's session.
import { buildPageText, type PageText, type TextItemLike } from '../../../viewer/findText.ts';
import { openPdf } from '../../../viewer/pdfDocument.ts';

const cache = new Map<string, Promise<readonly PageText[]>>();
/** Bound (STYLE.md rule 11): documents whose texts are remembered at once. */
const MAX_CACHED = 4;

async function extract(bytes: Uint8Array): Promise<readonly PageText[]> {
  const task = await openPdf(bytes);
  try {
    const doc = await task.promise;
    const out: PageText[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      out.push(buildPageText(content.items.filter((item): item is TextItemLike & typeof item => 'str' in item)));
      page.cleanup();
    }
    return out;
  } finally {
    void task.destroy();
  }
}

export function documentPageTexts(sha256: string, bytes: () => Promise<Uint8Array>): Promise<readonly PageText[]> {
  let p = cache.get(sha256);
  if (p === undefined) {
    if (cache.size >= MAX_CACHED) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    p = bytes().then(extract);
    cache.set(sha256, p);
    p.catch(() => cache.delete(sha256));
  }
  return p;
}
