// One UndoQueue per screen: what waits is redrawn as it changes and is sent when the screen goes away.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { UndoQueue, type UndoItem } from './undo.ts';

class Observed {
  private readonly listeners = new Set<() => void>();
  readonly queue = new UndoQueue(() => {
    for (const l of this.listeners) l();
  });

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export interface Undo {
  readonly queue: UndoQueue;
  readonly items: readonly UndoItem[];
}

export function useUndo(): Undo {
  const [observed] = useState(() => new Observed());
  const items = useSyncExternalStore(observed.subscribe, observed.queue.list);
  useEffect(() => () => void observed.queue.commitAll(), [observed]);
  return { queue: observed.queue, items };
}
