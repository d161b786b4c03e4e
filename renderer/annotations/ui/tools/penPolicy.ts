// Pen and finger kept apart. Once a pen has been seen, a finger scrolls and zooms and only the pen draws; while
// a pen is down (or its drawing session is open) touches are palms and are ignored. With no pen seen, a finger
// draws only with the pen tool explicitly chosen. The mouse draws with the pen tool.

import type { AnnotationTool } from '../viewPrefs.ts';

export type PointerKind = 'pen' | 'touch' | 'mouse';

export interface PenState {
  /** A pen pointer was seen in this viewer session. */
  readonly penSeen: boolean;
  /** Pointer ids of pens currently down. */
  readonly pensDown: ReadonlySet<number>;
}

export const NO_PEN: PenState = { penSeen: false, pensDown: new Set() };

/** 'draw': this pointer draws; 'pass': let it scroll/zoom; 'reject': a palm, ignore it entirely. */
export type PointerDecision = 'draw' | 'pass' | 'reject';

export function asPointerKind(pointerType: string): PointerKind {
  return pointerType === 'pen' ? 'pen' : pointerType === 'touch' ? 'touch' : 'mouse';
}

export function decidePointer(tool: AnnotationTool, kind: PointerKind, state: PenState, drawingWithPen: boolean): PointerDecision {
  if (kind === 'touch' && (state.pensDown.size > 0 || drawingWithPen)) return 'reject';
  if (tool !== 'pen') return 'pass';
  if (kind === 'pen' || kind === 'mouse') return 'draw';
  return state.penSeen ? 'pass' : 'draw';
}

export function penDown(state: PenState, kind: PointerKind, pointerId: number): PenState {
  if (kind !== 'pen') return state;
  return { penSeen: true, pensDown: new Set([...state.pensDown, pointerId]) };
}

export function penUp(state: PenState, pointerId: number): PenState {
  if (!state.pensDown.has(pointerId)) return state;
  const pensDown = new Set(state.pensDown);
  pensDown.delete(pointerId);
  return { penSeen: state.penSeen, pensDown };
}

/** The CSS touch-action of the layer: none only while the pen tool is in hand (the layer then pans by itself). */
export function layerTouchAction(tool: AnnotationTool): 'none' | 'auto' {
  return tool === 'pen' ? 'none' : 'auto';
}
