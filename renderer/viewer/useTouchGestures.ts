// Swipe left/right to turn pages; pinch to zoom (applied when the fingers lift, with a CSS preview meanwhile).

import { useRef, type TouchEvent } from 'react';
import { pinchZoom } from './zoom.ts';
import { swipeDelta } from './viewerInput.ts';

interface Gesture {
  x: number;
  y: number;
  pinchStart: number;
  pinchNow: number;
}

function distance(e: TouchEvent): number {
  const [a, b] = [e.touches[0], e.touches[1]];
  if (a === undefined || b === undefined) return 0;
  return Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
}

export function useTouchGestures(zoom: number, onPage: (delta: number) => void, onZoom: (zoom: number) => void, preview: (ratio: number) => void) {
  const gesture = useRef<Gesture | undefined>(undefined);
  return {
    onTouchStart(e: TouchEvent) {
      const t = e.touches[0];
      if (t === undefined) return;
      const pinch = e.touches.length === 2 ? distance(e) : 0;
      gesture.current = { x: t.clientX, y: t.clientY, pinchStart: pinch, pinchNow: pinch };
    },
    onTouchMove(e: TouchEvent) {
      const g = gesture.current;
      if (g === undefined || e.touches.length !== 2 || g.pinchStart === 0) return;
      g.pinchNow = distance(e);
      preview(g.pinchNow / g.pinchStart);
    },
    onTouchEnd(e: TouchEvent) {
      const g = gesture.current;
      if (g === undefined || e.touches.length > 0) return;
      gesture.current = undefined;
      preview(1);
      if (g.pinchStart > 0) return onZoom(pinchZoom(zoom, g.pinchStart, g.pinchNow));
      const t = e.changedTouches[0];
      if (t === undefined) return;
      const delta = swipeDelta(t.clientX - g.x, t.clientY - g.y);
      if (delta !== 0) onPage(delta);
    },
  };
}
