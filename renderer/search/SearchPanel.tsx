// The search box and its results: on the meeting home inline, in the viewer inside an overlay.
import './search.css';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useSearchT } from '../i18n/search.ts';
import { isSearchHotkey } from './overlay.ts';
import { SearchResultList } from './SearchResults.tsx';
import { useSearch } from './useSearch.ts';

export interface SearchPanelProps {
  /** The meeting on screen: its documents are listed first (every meeting on the device is searched). */
  readonly meetingId?: string;
  readonly autoFocus?: boolean;
  /** A result was chosen. */
  readonly onOpen?: () => void;
  /** Ctrl+K / ⌘K focuses this box (the meeting home). */
  readonly hotkey?: boolean;
  readonly onEscape?: () => void;
}

function useHotkeyFocus(input: RefObject<HTMLInputElement | null>, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (!isSearchHotkey(e)) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    globalThis.addEventListener('keydown', onKey);
    return () => globalThis.removeEventListener('keydown', onKey);
  }, [input, enabled]);
}

export function SearchPanel({ meetingId, autoFocus = false, onOpen, hotkey = false, onEscape }: SearchPanelProps) {
  const t = useSearchT();
  const [query, setQuery] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useHotkeyFocus(input, hotkey);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);
  const state = useSearch(query);
  const shown = state.status === 'done' ? state.result : state.status === 'searching' ? state.previous : undefined;
  return (
    <div className="search-panel" role="search">
      <input
        ref={input}
        className="search-input"
        type="search"
        data-testid="search-input"
        aria-label={t('search.label')}
        placeholder={t('search.placeholder')}
        value={query}
        enterKeyHint="search"
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && onEscape) {
            e.preventDefault();
            onEscape();
          }
        }}
      />
      {state.status === 'searching' ? (
        <p className="search-busy" aria-live="polite">
          {t('search.searching')}
        </p>
      ) : null}
      {shown && !shown.ok ? <p className="search-none">{t('search.failed', { message: shown.error.message })}</p> : null}
      {shown?.ok && query.trim() !== '' ? <SearchResultList results={shown.value} meetingId={meetingId} onOpen={onOpen} /> : null}
      {state.status === 'idle' ? <p className="search-tip">{t('search.tip')}</p> : null}
    </div>
  );
}
