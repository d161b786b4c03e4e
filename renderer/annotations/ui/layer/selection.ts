// The browser selection inside a page's text layer → a range of that page's text (findText.ts buildPageText
// offsets). The text layer's spans carry `data-i`, the index of their pdf.js text item (PageView marks them).

import type { PageText } from '../../../viewer/findText.ts';

export interface PageSelection {
  readonly page: number;
  readonly start: number;
  readonly end: number;
  /** Where to show the selection's popup (viewport pixels). */
  readonly box: DOMRect;
}

/** Page-text offset of the character `charOffset` of item `item`, clamped to the item. */
export function itemOffset(starts: readonly number[], lengths: readonly number[], item: number, charOffset: number): number {
  const start = starts[item] ?? 0;
  return start + Math.max(0, Math.min(lengths[item] ?? 0, charOffset));
}

function itemSpan(node: Node | null): HTMLElement | null {
  const el = node instanceof HTMLElement ? node : (node?.parentElement ?? null);
  return el?.closest<HTMLElement>('span[data-i]') ?? null;
}

/** The item spans of a layer in document order. */
function spansOf(layer: Element): HTMLElement[] {
  return Array.from(layer.querySelectorAll<HTMLElement>('span[data-i]'));
}

/** One boundary of the range as [item, charOffset]; a boundary between elements snaps to the nearest span. */
function boundary(layer: Element, container: Node, offset: number, side: 'start' | 'end'): [number, number] | undefined {
  if (container.nodeType === Node.TEXT_NODE) {
    const span = itemSpan(container);
    if (span !== null) return [Number(span.dataset.i), offset];
  }
  const spans = spansOf(layer);
  const probe = document.createRange();
  probe.setStart(container, offset);
  if (side === 'start') {
    const next = spans.find((s) => probe.comparePoint(s, 0) >= 0);
    return next === undefined ? undefined : [Number(next.dataset.i), 0];
  }
  const before = spans.filter((s) => probe.comparePoint(s, s.childNodes.length) <= 0).at(-1);
  return before === undefined ? undefined : [Number(before.dataset.i), before.textContent.length];
}

/** The current selection if it lies in one page's text layer under `root`. */
export function currentPageSelection(root: Element): { page: number; layer: Element; range: Range } | undefined {
  const selection = window.getSelection();
  if (selection === null || selection.isCollapsed || selection.rangeCount === 0) return undefined;
  const range = selection.getRangeAt(0);
  const startEl = range.startContainer instanceof Element ? range.startContainer : range.startContainer.parentElement;
  const layer = startEl?.closest('.textLayer');
  const pageEl = layer?.closest<HTMLElement>('.pv-page');
  if (layer == null || pageEl == null || !root.contains(pageEl)) return undefined;
  const page = Number(pageEl.dataset.page);
  return Number.isInteger(page) && page > 0 ? { page, layer, range } : undefined;
}

/** The selection's range in the page text, once the text is known. */
export function selectionRange(layer: Element, range: Range, text: PageText): { start: number; end: number } | undefined {
  const a = boundary(layer, range.startContainer, range.startOffset, 'start');
  const b = range.endContainer.isSameNode(range.startContainer) && a !== undefined && range.startContainer.nodeType === Node.TEXT_NODE
    ? ([a[0], range.endOffset] as [number, number])
    : boundary(layer, range.endContainer, range.endOffset, 'end');
  if (a === undefined || b === undefined) return undefined;
  const lengths = text.items.map((i) => i.str.length);
  const start = itemOffset(text.starts, lengths, a[0], a[1]);
  const end = itemOffset(text.starts, lengths, b[0], b[1]);
  return end > start ? { start, end } : undefined;
}
