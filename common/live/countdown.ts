// The speaking-time countdown, shared by the chair's screen, the delegate's screen and the hall screen.
// `now` is the caller's estimate of the server clock (Floor times are server milliseconds).
import type { Floor } from './state.ts';

/** The countdown turns to a warning this many seconds before the time runs out. */
export const COUNTDOWN_WARNING_SEC = 60;

export type CountdownPhase = 'running' | 'warning' | 'overrun';

export interface Countdown {
  readonly elapsedSec: number;
  /** Seconds left, never negative; see overrunSec past the end. */
  readonly remainingSec: number;
  readonly overrunSec: number;
  readonly phase: CountdownPhase;
}

const MS = 1000;

export function countdown(floor: Pick<Floor, 'startedAt' | 'durationSec'>, now: number): Countdown {
  const elapsedSec = Math.max(0, Math.floor((now - floor.startedAt) / MS));
  const left = floor.durationSec - elapsedSec;
  const phase: CountdownPhase = left < 0 ? 'overrun' : left <= COUNTDOWN_WARNING_SEC ? 'warning' : 'running';
  return { elapsedSec, remainingSec: Math.max(0, left), overrunSec: Math.max(0, -left), phase };
}

/** "04:59", "-01:05" — for the big clock. */
export function formatClock(c: Countdown): string {
  const secs = c.phase === 'overrun' ? c.overrunSec : c.remainingSec;
  const mm = String(Math.floor(secs / 60)).padStart(2, '0');
  const ss = String(secs % 60).padStart(2, '0');
  return `${c.phase === 'overrun' ? '-' : ''}${mm}:${ss}`;
}
