// The find bar (Ctrl+F): a query box, previous/next and the result count.

import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { ViewerLabels } from './labels.ts';

export interface FindBarProps {
  readonly labels: ViewerLabels;
  readonly query: string;
  readonly focusToken: number;
  readonly onQuery: (query: string) => void;
  readonly onStep: (step: 1 | -1) => void;
  readonly onClose: () => void;
}

export function FindBar({ labels, query, focusToken, onQuery, onStep, onClose }: FindBarProps) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // 0: opened from outside (a search hit), not by the reader: no focus, so a phone keeps its keyboard down.
    if (focusToken === 0) return;
    input.current?.focus();
    input.current?.select();
  }, [focusToken]);
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onStep(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  };
  return (
    <div className="pv-findbar" role="search">
      <input
        ref={input}
        className="pv-find-input"
        type="search"
        aria-label={labels.find}
        placeholder={labels.findPlaceholder}
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="button" className="pv-btn" aria-label={labels.findPrevious} title={labels.findPrevious} onClick={() => onStep(-1)}>
        <span aria-hidden="true">▲</span>
      </button>
      <button type="button" className="pv-btn" aria-label={labels.findNext} title={labels.findNext} onClick={() => onStep(1)}>
        <span aria-hidden="true">▼</span>
      </button>
      <button type="button" className="pv-btn" aria-label={labels.findClose} title={labels.findClose} onClick={onClose}>
        <span aria-hidden="true">✕</span>
      </button>
    </div>
  );
}
