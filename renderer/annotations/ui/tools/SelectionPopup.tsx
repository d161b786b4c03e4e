// Text selected in a page's text layer: a small popup with "Tô sáng" in each colour and "Ghi chú" (a note on the
// selection). With the highlight tool in hand, lifting the pointer highlights the selection at once.

import { useCallback, useEffect, useState, type CSSProperties, type RefObject } from 'react';
import { ANNOTATION_COLORS, type AnnotationColor, type NoteAnnotation } from '../../../../common/annotations/types.ts';
import { makeAnchor } from '../../../../common/annotations/selectors.ts';
import { useAnnotationToolsT } from '../../../i18n/annotationTools.ts';
import type { DocumentStore } from '../../../viewer/documentStore.ts';
import { boundsOf } from '../layer/geometry.ts';
import { currentPageSelection, selectionRange } from '../layer/selection.ts';
import { setViewPrefs, useViewPrefs, viewPrefs } from '../viewPrefs.ts';
import { rgb } from './colors.ts';
import { makeHighlight } from './highlight.ts';
import { newAnnotationId } from './ids.ts';
import { scopeFor, type AnnotationSession } from './session.tsx';

let measureContext: CanvasRenderingContext2D | null | undefined;

/** Proportional-font width (the same measure as the find highlights), so a highlight covers the right letters. */
export function measureText(text: string): number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  if (measureContext === null) return text.length;
  measureContext.font = '100px sans-serif';
  return measureContext.measureText(text).width;
}

/** How long a selection must stay unchanged before its popup shows (touch selections have no pointerup). */
const SELECTION_SETTLE_MS = 500;

interface Found {
  readonly page: number;
  readonly start: number;
  readonly end: number;
  readonly left: number;
  readonly top: number;
}

/** Reads the selection into a page range (async: the page text may still be loading). */
async function readSelection(root: Element, store: DocumentStore): Promise<Found | undefined> {
  const sel = currentPageSelection(root);
  if (sel === undefined) return undefined;
  const text = await store.text(sel.page);
  const range = selectionRange(sel.layer, sel.range, text);
  if (range === undefined) return undefined;
  const box = sel.range.getBoundingClientRect();
  const host = root.getBoundingClientRect();
  return { page: sel.page, ...range, left: box.left - host.left + box.width / 2, top: box.bottom - host.top + 8 };
}

export function useSelectionMarks(session: AnnotationSession, store: DocumentStore) {
  const highlight = useCallback(
    async (found: Found, color: AnnotationColor) => {
      const target = session.target;
      if (target === undefined || session.book === undefined) return;
      const text = await store.text(found.page);
      const now = new Date().toISOString();
      const mark = makeHighlight(text, found.start, found.end, { id: newAnnotationId(), authorId: session.book.delegateId, target: { ...target, page: found.page }, color, scope: scopeFor(viewPrefs().scope, session.hasGroup), now }, measureText);
      if (mark === undefined) return;
      session.edit(undefined, mark);
      window.getSelection()?.removeAllRanges();
    },
    [session, store],
  );
  const note = useCallback(
    async (found: Found): Promise<NoteAnnotation | undefined> => {
      const target = session.target;
      if (target === undefined || session.book === undefined) return undefined;
      const text = await store.text(found.page);
      const rects = makeHighlight(text, found.start, found.end, { id: 'x', authorId: 'x', target: { ...target, page: found.page }, color: 'yellow', scope: 'private', now: '' }, measureText);
      if (rects === undefined) return undefined;
      const [x, y, w, h] = boundsOf(rects);
      const now = new Date().toISOString();
      return {
        id: newAnnotationId(), kind: 'note', scope: scopeFor(viewPrefs().scope, session.hasGroup), authorId: session.book.delegateId, target: { ...target, page: found.page },
        createdAt: now, updatedAt: now, point: [x + w, y + h], text: '', anchor: makeAnchor(text.text, found.start, found.end),
      };
    },
    [session, store],
  );
  return { highlight, note };
}

export interface SelectionPopupProps {
  readonly root: RefObject<HTMLElement | null>;
  readonly store: DocumentStore;
  readonly session: AnnotationSession;
  /** A note to edit, placed beside the selection (the page layer shows its editor). */
  onNote(note: NoteAnnotation): void;
}

export function SelectionPopup({ root, store, session, onNote }: SelectionPopupProps) {
  const t = useAnnotationToolsT();
  const prefs = useViewPrefs();
  const [found, setFound] = useState<(Found & { readonly settled: boolean }) | undefined>(undefined);
  const marks = useSelectionMarks(session, store);
  useEffect(() => {
    const el = root.current;
    if (el === null || !session.canEdit) return;
    let seq = 0;
    const refresh = (commit: boolean) => {
      const mine = ++seq;
      void readSelection(el, store).then((f) => {
        if (mine !== seq) return;
        if (commit && f !== undefined && viewPrefs().tool === 'highlight') {
          setFound(undefined);
          void marks.highlight(f, viewPrefs().color);
          return;
        }
        setFound(f === undefined ? undefined : { ...f, settled: !commit });
      });
    };
    const onUp = () => refresh(true);
    // Touch selections (long press, then the handles) end without a pointerup here: show the popup once the
    // selection has stayed put for a moment.
    let settle: ReturnType<typeof setTimeout> | undefined;
    const onChange = () => {
      clearTimeout(settle);
      if (window.getSelection()?.isCollapsed !== false) return setFound(undefined);
      settle = setTimeout(() => refresh(false), SELECTION_SETTLE_MS);
    };
    el.addEventListener('pointerup', onUp);
    el.addEventListener('keyup', onUp);
    document.addEventListener('selectionchange', onChange);
    return () => {
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('keyup', onUp);
      document.removeEventListener('selectionchange', onChange);
      clearTimeout(settle);
    };
  }, [root, store, session.canEdit, marks]);
  // With the highlight tool a mouse selection is highlighted on release; a touch selection gets the popup.
  if (found === undefined || (prefs.tool === 'highlight' && !found.settled)) return null;
  return (
    <div className="ann-popup" style={{ left: found.left, top: found.top }} role="toolbar" aria-label={t('ann.selectionActions')} onPointerDown={(e) => e.preventDefault()}>
      <span className="ann-popup-label">{t('ann.highlightSelection')}</span>
      {ANNOTATION_COLORS.slice(0, 4).map((c) => (
        <button
          key={c}
          type="button"
          className="ann-swatch"
          style={{ '--swatch': rgb(c) } as CSSProperties}
          aria-label={`${t('ann.highlightSelection')}: ${t(`ann.color.${c}`)}`}
          title={`${t('ann.highlightSelection')}: ${t(`ann.color.${c}`)}`}
          onClick={() => {
            setFound(undefined);
            setViewPrefs({ color: c });
            void marks.highlight(found, c);
          }}
        />
      ))}
      <button
        type="button"
        className="ann-btn"
        onClick={() => {
          setFound(undefined);
          void marks.note(found).then((n) => {
            window.getSelection()?.removeAllRanges();
            if (n !== undefined) onNote(n);
          });
        }}
      >
        🗒 {t('ann.noteOnSelection')}
      </button>
    </div>
  );
}
