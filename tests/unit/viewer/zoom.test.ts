import { describe, expect, it } from 'vitest';
import {
  CSS_UNITS, FIT_PADDING_PX, MAX_CANVAS_PIXELS, MAX_ZOOM, MIN_ZOOM, clampZoom, fitPageZoom, fitWidthZoom, outputScale,
  pinchZoom, resolveZoom, zoomIn, zoomOut,
} from '../../../renderer/viewer/zoom.ts';
import { commandForKey, commandForShortcut, swipeDelta } from '../../../renderer/viewer/viewerInput.ts';
import { buildPageText, findInPage, matchBoxes, stepMatch } from '../../../renderer/viewer/findText.ts';

const A4 = { width: 595, height: 842 };
const key = (k: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods,
});

describe('zoom and fit', () => {
  it('fits the width and the whole page', () => {
    const view = { width: 1000, height: 700 };
    expect(fitWidthZoom(A4, view) * A4.width * CSS_UNITS).toBeCloseTo(1000 - FIT_PADDING_PX);
    expect(fitPageZoom(A4, view) * A4.height * CSS_UNITS).toBeCloseTo(700 - FIT_PADDING_PX);
    expect(resolveZoom({ zoom: 9 }, A4, view)).toBe(MAX_ZOOM);
  });
  it('steps through zoom levels and clamps', () => {
    expect(zoomIn(1)).toBe(1.1);
    expect(zoomOut(1)).toBe(0.9);
    expect(zoomIn(1.05)).toBe(1.1);
    expect(zoomIn(MAX_ZOOM)).toBe(MAX_ZOOM);
    expect(zoomOut(MIN_ZOOM)).toBe(MIN_ZOOM);
    expect(clampZoom(Number.NaN)).toBe(1);
    expect(pinchZoom(1, 100, 200)).toBe(2);
  });
  it('uses devicePixelRatio but stays within the canvas pixel budget', () => {
    expect(outputScale(800, 1000, 2)).toBe(2);
    const big = outputScale(4000, 5000, 3);
    expect(4000 * 5000 * big * big).toBeLessThanOrEqual(MAX_CANVAS_PIXELS + 1);
    expect(outputScale(100, 100, 0)).toBe(1);
  });
});

describe('input mapping', () => {
  it('maps paging keys and shortcuts', () => {
    expect(commandForKey(key('PageDown'))).toEqual({ type: 'page', delta: 1 });
    expect(commandForKey(key(' ', { shiftKey: true }))).toEqual({ type: 'page', delta: -1 });
    expect(commandForKey(key('End'))).toEqual({ type: 'last' });
    expect(commandForKey(key('f', { ctrlKey: true }))).toBeUndefined();
    expect(commandForShortcut(key('f', { ctrlKey: true }))).toEqual({ type: 'find' });
    expect(commandForShortcut(key('=', { ctrlKey: true }))).toEqual({ type: 'zoom-in' });
    expect(commandForShortcut(key('f'))).toBeUndefined();
  });
  it('turns a mostly horizontal swipe into a page turn', () => {
    expect(swipeDelta(-120, 10)).toBe(1);
    expect(swipeDelta(120, 10)).toBe(-1);
    expect(swipeDelta(-120, 100)).toBe(0);
    expect(swipeDelta(-20, 0)).toBe(0);
  });
});

describe('find in page text', () => {
  const items = [
    { str: 'Nghị quyết về', hasEOL: true, transform: [10, 0, 0, 10, 100, 700], width: 130, height: 10 },
    { str: 'ngân sách', hasEOL: false, transform: [10, 0, 0, 10, 100, 680], width: 90, height: 10 },
  ];
  const text = buildPageText(items);
  it('joins items with a space at line ends and matches across them', () => {
    expect(text.text).toBe('Nghị quyết về ngân sách');
    expect(findInPage(3, text, 've ngan')).toEqual([{ page: 3, start: 11, end: 18 }]);
  });
  it('draws one box per item a match touches, in viewport pixels', () => {
    const [match] = findInPage(1, text, 've ngan');
    if (match === undefined) throw new Error('no match');
    const boxes = matchBoxes(text, match, [1, 0, 0, -1, 0, 842]);
    expect(boxes).toHaveLength(2);
    expect(boxes[1]?.left).toBeCloseTo(100);
    expect(boxes[1]?.width).toBeCloseTo(40);
  });
  it('steps through matches with wrap-around', () => {
    expect(stepMatch(-1, 3, 1)).toBe(0);
    expect(stepMatch(-1, 3, -1)).toBe(2);
    expect(stepMatch(2, 3, 1)).toBe(0);
    expect(stepMatch(0, 0, 1)).toBe(-1);
  });
});
