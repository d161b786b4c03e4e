// The estimated server time, ticking once a second while `active` (a countdown is on screen).
import { useEffect, useState } from 'react';

export const TICK_MS = 1000;

export function useNow(active: boolean, offsetMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [active]);
  return now + offsetMs;
}
