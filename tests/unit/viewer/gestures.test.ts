// Phone gestures: a sideways drag pans a zoomed page and turns it only from the edge or past a scroll limit;
// the default zoom fits the text block where fit-width would be unreadable (a phone), and nowhere else.
import { describe, expect, it } from 'vitest';
import { EDGE_SWIPE_PX, SWIPE_MIN_PX, swipeAction, type PanState } from '../../../renderer/viewer/viewerInput.ts';
import {
  CSS_UNITS, FIT_PADDING_PX, TEXT_MARGIN_PT, defaultZoomMode, fitTextZoom, fitWidthZoom, resolveZoom, textBlockOf,
} from '../../../renderer/viewer/zoom.ts';

const A4 = { width: 595, height: 842 };
const PHONE = { width: 390, height: 700 };
const fits: PanState = { startX: 200, viewWidth: 390, maxScrollLeft: 0, scrollLeftAtStart: 0 };
const zoomed: PanState = { startX: 200, viewWidth: 390, maxScrollLeft: 800, scrollLeftAtStart: 300 };

describe('swipeAction', () => {
  it('turns the page on any long sideways swipe when nothing can be panned', () => {
    expect(swipeAction(-SWIPE_MIN_PX, 0, fits)).toBe(1);
    expect(swipeAction(120, 10, fits)).toBe(-1);
    expect(swipeAction(-SWIPE_MIN_PX + 1, 0, fits)).toBe(0);
    expect(swipeAction(-120, 100, fits)).toBe(0);
  });
  it('pans a zoomed page: a drag from the middle never turns it', () => {
    expect(swipeAction(-200, 0, zoomed)).toBe(0);
    expect(swipeAction(200, 0, zoomed)).toBe(0);
  });
  it('turns a zoomed page from the edge the next page comes from', () => {
    expect(swipeAction(-120, 0, { ...zoomed, startX: 390 - EDGE_SWIPE_PX })).toBe(1);
    expect(swipeAction(120, 0, { ...zoomed, startX: EDGE_SWIPE_PX })).toBe(-1);
    // The wrong edge for the direction pans.
    expect(swipeAction(-120, 0, { ...zoomed, startX: 10 })).toBe(0);
    expect(swipeAction(120, 0, { ...zoomed, startX: 385 })).toBe(0);
  });
  it('turns a zoomed page past the scroll limit it already rested on, not one reached during the drag', () => {
    expect(swipeAction(-120, 0, { ...zoomed, scrollLeftAtStart: 800 })).toBe(1);
    expect(swipeAction(120, 0, { ...zoomed, scrollLeftAtStart: 0 })).toBe(-1);
    expect(swipeAction(120, 0, { ...zoomed, scrollLeftAtStart: 800 })).toBe(0);
    expect(swipeAction(-120, 0, { ...zoomed, scrollLeftAtStart: 799.5 })).toBe(1);
  });
});

describe('the default zoom', () => {
  const items = [
    { str: 'HỘI ĐỒNG NHÂN DÂN', transform: [10, 0, 0, 10, 72, 780], width: 150 },
    { str: 'Body text runs to the right margin', transform: [10, 0, 0, 10, 72, 700], width: 451 },
    { str: '   ', transform: [10, 0, 0, 10, 0, 600], width: 595 },
  ];
  it('reads the text block from pdf.js items, ignoring blank runs, relative to the page origin', () => {
    expect(textBlockOf(items, A4)).toEqual({ left: 72, right: 523 });
    expect(textBlockOf(items, A4, 12)).toEqual({ left: 60, right: 511 });
    expect(textBlockOf([], A4)).toBeUndefined();
    // A centred title alone is not a text block worth fitting.
    expect(textBlockOf([{ str: 'BÁO CÁO', transform: [20, 0, 0, 20, 250, 700], width: 90 }], A4)).toBeUndefined();
  });
  it('fits the text block on a phone, where fit-width is unreadable, and keeps fit-width elsewhere', () => {
    expect(fitWidthZoom(A4, PHONE)).toBeLessThan(0.5);
    expect(defaultZoomMode(A4, PHONE)).toBe('fit-text');
    expect(defaultZoomMode(A4, { width: 1366, height: 700 })).toBe('fit-width');
    expect(defaultZoomMode(A4, { width: 768, height: 1000 })).toBe('fit-width');
    const block = { left: 72, right: 523 };
    const z = fitTextZoom(A4, block, PHONE);
    expect(z * (451 + 2 * TEXT_MARGIN_PT) * CSS_UNITS).toBeCloseTo(PHONE.width - FIT_PADDING_PX);
    expect(resolveZoom('fit-text', A4, PHONE, block)).toBe(z);
    // No text block known (yet, or a scanned page): fit-text is fit-width.
    expect(resolveZoom('fit-text', A4, PHONE)).toBe(fitWidthZoom(A4, PHONE));
    expect(fitTextZoom(A4, { left: 0, right: 595 }, PHONE)).toBe(fitWidthZoom(A4, PHONE));
  });
});
