// Swipe left/right to turn pages; pinch to zoom (applied when the fingers lift, with a CSS preview meanwhile).
// Zoomed in past the width, a sideways drag pans instead (swipeAction decides; the browser does the scroll).

import { useRef, type TouchEvent } from 'react';
import { pinchZoom } from './zoom.ts';
import { swipeAction, type PanState } from './viewerInput.ts';

interface Gesture {
  x: number;
  y: number;
  pinchStart: number;
  pinchNow: number;
  pan: PanState;
}

function distance(e: TouchEvent): number {
  const [a, b] = [e.touches[0], e.touches[1]];
  if (a === undefined || b === undefined) return 0;
  return Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
}

function panState(el: HTMLElement, clientX: number): PanState {
  return {
    startX: clientX - el.getBoundingClientRect().left,
    viewWidth: el.clientWidth,
    maxScrollLeft: Math.max(0, el.scrollWidth - el.clientWidth),
    scrollLeftAtStart: el.scrollLeft,
  };
}

/**
 * `drawing`: true while touches belong to the pen tool (a finger drawing with no pen seen, or a palm while a pen
 * is down): then no swipe turns the page and no pinch zooms (annotations/ui/tools/penPolicy.ts decides).
 */
export function useTouchGestures(
  zoom: number,
  onPage: (delta: number) => void,
  onZoom: (zoom: number) => void,
  preview: (ratio: number) => void,
  drawing: () => boolean = () => false,
) {
  const gesture = useRef<Gesture | undefined>(undefined);
  return {
    onTouchStart(e: TouchEvent<HTMLElement>) {
      if (drawing()) {
        gesture.current = undefined;
        return;
      }
      const t = e.touches[0];
      if (t === undefined) return;
      const pinch = e.touches.length === 2 ? distance(e) : 0;
      gesture.current = { x: t.clientX, y: t.clientY, pinchStart: pinch, pinchNow: pinch, pan: panState(e.currentTarget, t.clientX) };
    },
    onTouchMove(e: TouchEvent<HTMLElement>) {
      const g = gesture.current;
      if (g === undefined || e.touches.length !== 2 || g.pinchStart === 0) return;
      g.pinchNow = distance(e);
      preview(g.pinchNow / g.pinchStart);
    },
    onTouchEnd(e: TouchEvent<HTMLElement>) {
      const g = gesture.current;
      if (g === undefined || e.touches.length > 0) return;
      gesture.current = undefined;
      preview(1);
      if (g.pinchStart > 0) return onZoom(pinchZoom(zoom, g.pinchStart, g.pinchNow));
      const t = e.changedTouches[0];
      if (t === undefined) return;
      const delta = swipeAction(t.clientX - g.x, t.clientY - g.y, g.pan);
      if (delta !== 0) onPage(delta);
    },
  };
}
