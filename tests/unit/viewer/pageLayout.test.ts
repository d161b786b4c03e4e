import { describe, expect, it } from 'vitest';
import {
  anchorAt, clampPage, computeLayout, currentPage, PAGE_GAP_PX, pageIndexAt, parsePageInput, renderWindow,
  scrollTopForAnchor, scrollTopForPage, visiblePages, type PageSize,
} from '../../../renderer/viewer/pageLayout.ts';

const A4: PageSize = { width: 600, height: 800 };
const layout300 = computeLayout(300, [A4], A4, 1);

describe('computeLayout', () => {
  it('stacks pages with gaps, estimating unknown sizes from page 1', () => {
    expect(layout300.tops[0]).toBe(PAGE_GAP_PX);
    expect(layout300.tops[1]).toBe(PAGE_GAP_PX * 2 + 800);
    expect(layout300.totalHeight).toBe(300 * 800 + 301 * PAGE_GAP_PX);
  });
  it('uses known sizes where it has them (landscape page 2)', () => {
    const layout = computeLayout(3, [A4, { width: 800, height: 600 }], A4, 0.5);
    expect(layout.heights).toEqual([400, 300, 400]);
    expect(layout.maxWidth).toBe(400);
  });
});

describe('visible pages and the render window', () => {
  it('finds the page at a position by binary search', () => {
    expect(pageIndexAt(layout300, 0)).toBe(0);
    expect(pageIndexAt(layout300, layout300.tops[249] ?? 0)).toBe(249);
  });
  it('lists the pages in the viewport', () => {
    expect(visiblePages(layout300, 0, 900)).toEqual({ first: 1, last: 2 });
    const top = scrollTopForPage(layout300, 250);
    expect(visiblePages(layout300, top, 700)).toEqual({ first: 250, last: 250 });
  });
  it('widens by one page each side, within the document', () => {
    expect(renderWindow({ first: 1, last: 2 }, 300)).toEqual({ first: 1, last: 3 });
    expect(renderWindow({ first: 300, last: 300 }, 300)).toEqual({ first: 299, last: 300 });
    expect(renderWindow({ first: 0, last: -1 }, 0)).toEqual({ first: 0, last: -1 });
  });
  it('picks the page covering most of the viewport as current', () => {
    const top = (layout300.tops[9] ?? 0) + 500; // 300px of page 10 left, then page 11
    expect(currentPage(layout300, top, 900)).toBe(11);
    expect(currentPage(layout300, layout300.tops[9] ?? 0, 900)).toBe(10);
  });
});

describe('anchors, jumps and the page box', () => {
  it('keeps the reader on the same spot across a zoom', () => {
    const anchor = anchorAt(layout300, (layout300.tops[99] ?? 0) + 400);
    expect(anchor).toEqual({ page: 100, fraction: 0.5 });
    const zoomed = computeLayout(300, [A4], A4, 2);
    expect(scrollTopForAnchor(zoomed, anchor)).toBe((zoomed.tops[99] ?? 0) + 800);
  });
  it('clamps pages and parses only real page numbers', () => {
    expect(clampPage(0, 300)).toBe(1);
    expect(clampPage(301, 300)).toBe(300);
    expect(clampPage(Number.NaN, 300)).toBe(1);
    expect(parsePageInput(' 250 ', 300)).toBe(250);
    expect(parsePageInput('301', 300)).toBeUndefined();
    expect(parsePageInput('2a', 300)).toBeUndefined();
    expect(parsePageInput('', 300)).toBeUndefined();
  });
});
