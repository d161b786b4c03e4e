// The edit classes of the corpus test, applied to word lists whose ids give the ground truth.
import { assertNever } from '../../../common/result.ts';
import { int, randomSyllable, sentence, type Page, type Word } from './corpus.ts';

export const EDIT_CLASSES = ['unchanged', 'wordsChanged', 'sentenceInserted', 'passageDeleted', 'reflow', 'mixed'] as const;
export type EditClass = (typeof EDIT_CLASSES)[number];

/** A highlight in word indexes of a page: [start, end). */
export interface WordRange {
  readonly page: number;
  readonly start: number;
  readonly end: number;
}

const PUNCT = /[.,;]$/u;

function sentenceStarts(page: Page): number[] {
  const out = [0];
  page.forEach((w, i) => {
    if (/[.;]$/u.test(w.text) && i + 1 < page.length) out.push(i + 1);
  });
  return out;
}

/** The sentence start at or before word `i`. */
function startBefore(page: Page, i: number): number {
  return sentenceStarts(page).filter((s) => s <= i).pop() ?? 0;
}

function wordsChanged(rand: () => number, pages: readonly Page[], highlights: readonly WordRange[]): Page[] {
  return pages.map((page, p) => {
    const words = [...page];
    const mine = highlights.filter((h) => h.page === p);
    const n = int(rand, 1, 3);
    for (let k = 0; k < n; k++) {
      const h = mine.length > 0 && rand() < 0.5 ? mine[int(rand, 0, mine.length - 1)] : undefined;
      const i = h ? int(rand, h.start, h.end - 1) : int(rand, 0, words.length - 1);
      const old = words[i] as Word;
      const punct = PUNCT.exec(old.text)?.[0] ?? '';
      const bare = old.text.replace(PUNCT, '');
      words[i] = { id: old.id, text: randomSyllable(rand, bare) + punct };
    }
    return words;
  });
}

function sentenceInserted(rand: () => number, pages: readonly Page[], ids: { nextId: number; readonly stockShare?: number }): Page[] {
  return pages.map((page) => {
    const starts = sentenceStarts(page);
    const at = starts[int(rand, 0, starts.length - 1)] as number;
    return [...page.slice(0, at), ...sentence(rand, ids), ...page.slice(at)];
  });
}

function passageDeleted(rand: () => number, pages: readonly Page[], highlights: readonly WordRange[]): Page[] {
  return pages.map((page, p) => {
    if (rand() < 0.3) return page;
    const mine = highlights.filter((h) => h.page === p);
    const h = mine[int(rand, 0, Math.max(0, mine.length - 1))];
    const from = h ? startBefore(page, h.start) : int(rand, 0, page.length - 1);
    const len = int(rand, 30, 80);
    return [...page.slice(0, from), ...page.slice(from + len)];
  });
}

/** A sentence at the top of page 1 and a passage on page 3, then the whole document paginated anew. */
function reflow(rand: () => number, pages: readonly Page[], ids: { nextId: number; readonly stockShare?: number }): Page[] {
  const edited = pages.map((page, p) => {
    if (p === 0) return [...sentence(rand, ids), ...page];
    if (p === 2) return [...page.slice(0, 120), ...sentence(rand, ids), ...sentence(rand, ids), ...page.slice(120)];
    return [...page];
  });
  const all = edited.flat();
  const out: Page[] = [];
  const perPage = Math.round(all.length / pages.length);
  for (let i = 0; i < all.length; i += perPage) out.push(all.slice(i, i + perPage));
  return out;
}

export function applyEdit(kind: EditClass, rand: () => number, pages: readonly Page[], highlights: readonly WordRange[], ids: { nextId: number; readonly stockShare?: number }): Page[] {
  switch (kind) {
    case 'unchanged':
      return pages.map((p) => [...p]);
    case 'wordsChanged':
      return wordsChanged(rand, pages, highlights);
    case 'sentenceInserted':
      return sentenceInserted(rand, pages, ids);
    case 'passageDeleted':
      return passageDeleted(rand, pages, highlights);
    case 'reflow':
      return reflow(rand, pages, ids);
    case 'mixed':
      // Everything at once, as a heavily revised draft: reworded, inserted, deleted, re-paginated.
      return reflow(rand, passageDeleted(rand, sentenceInserted(rand, wordsChanged(rand, pages, highlights), ids), []), ids);
    default:
      return assertNever(kind);
  }
}
