// Whether the viewer's search overlay is open: one state for the buttons in the header and in the phone toolbar.
import { useSyncExternalStore } from 'react';

let open = false;
const listeners = new Set<() => void>();

export function setSearchOverlay(value: boolean): void {
  if (open === value) return;
  open = value;
  listeners.forEach((l) => l());
}

export function useSearchOverlay(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => open,
  );
}

/** Ctrl+K / ⌘K anywhere on the page. */
export function isSearchHotkey(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k';
}
