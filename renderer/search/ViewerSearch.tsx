// Search from the viewer: a button (in the header, and in the phone toolbar) and Ctrl+K / ⌘K open an overlay
// with the search box; choosing a result opens its page with every hit highlighted, in this document or another.
import './search.css';
import { useEffect } from 'react';
import { useSearchT } from '../i18n/search.ts';
import { isSearchHotkey, setSearchOverlay, useSearchOverlay } from './overlay.ts';
import { SearchPanel } from './SearchPanel.tsx';

export function SearchButton({ compact = false }: { readonly compact?: boolean }) {
  const t = useSearchT();
  return (
    <button
      type="button"
      className={compact ? 'pv-btn search-open-compact' : 'btn btn-quiet search-open'}
      data-testid={compact ? 'search-open-compact' : 'search-open'}
      aria-label={t('search.open')}
      title={t('search.open')}
      onClick={() => setSearchOverlay(true)}
    >
      <span aria-hidden="true">⌕</span>
      {compact ? null : <span className="search-open-label">{t('search.label')}</span>}
    </button>
  );
}

/** The overlay; mounted once by the viewer screen, listening for Ctrl+K. */
export function ViewerSearch({ meetingId }: { readonly meetingId: string }) {
  const t = useSearchT();
  const open = useSearchOverlay();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isSearchHotkey(e)) return;
      e.preventDefault();
      setSearchOverlay(true);
    };
    globalThis.addEventListener('keydown', onKey);
    return () => {
      globalThis.removeEventListener('keydown', onKey);
      setSearchOverlay(false);
    };
  }, []);
  if (!open) return null;
  const close = () => setSearchOverlay(false);
  return (
    <>
      <div className="search-overlay" role="dialog" aria-modal="true" aria-label={t('search.label')} data-testid="search-overlay">
        <div className="search-overlay-head">
          <strong>{t('search.label')}</strong>
          <button type="button" className="btn btn-quiet" onClick={close}>
            {t('search.close')}
          </button>
        </div>
        <SearchPanel meetingId={meetingId} autoFocus onOpen={close} onEscape={close} />
      </div>
    </>
  );
}
