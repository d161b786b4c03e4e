// The thumbnails sidebar: a virtualised list of small page images; only the visible ones are drawn. A page that
// carries annotations shown under the current filters gets a small mark with their count (issue 8).

import '../annotations/ui/annotations-panel.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useAnnotationsT } from '../i18n/annotations.ts';
import { useAnnotationSession } from '../annotations/ui/tools/session.tsx';
import { countByPage } from '../annotations/ui/panel/panelModel.ts';
import { isShown, useViewPrefs } from '../annotations/ui/viewPrefs.ts';
import type { DocumentStore } from './documentStore.ts';
import type { ViewerLabels } from './labels.ts';
import type { PageSize } from './pageLayout.ts';
import type { RenderListener } from './renderEvents.ts';
import { useCanvasRender } from './useCanvasRender.ts';

export const THUMB_WIDTH_PX = 96;
const THUMB_ROW_EXTRA_PX = 28;

export interface ThumbnailsProps {
  readonly store: DocumentStore;
  readonly estimate: PageSize;
  readonly currentPage: number;
  readonly labels: ViewerLabels;
  readonly onSelect: (page: number) => void;
  readonly onEvent?: RenderListener | undefined;
}

export function thumbRange(scrollTop: number, viewHeight: number, rowHeight: number, count: number): [number, number] {
  const first = Math.max(1, Math.floor(scrollTop / rowHeight)); // one row of overscan above
  const last = Math.min(count, Math.ceil((scrollTop + viewHeight) / rowHeight) + 1);
  return [first, last];
}

const NO_COUNTS: ReadonlyMap<number, number> = new Map();

/** Per page: the annotations the page layer draws (this revision, not hidden). */
function useMarkCounts(): ReadonlyMap<number, number> {
  const session = useAnnotationSession();
  const prefs = useViewPrefs();
  const target = session?.target;
  const byId = session?.byId;
  return useMemo(() => {
    if (target === undefined || byId === undefined) return NO_COUNTS;
    return countByPage([...byId.values()], target.documentId, target.sha256, (s) => isShown(prefs, s.annotation.scope, s.annotation.authorId, s.mine));
  }, [target, byId, prefs]);
}

export function Thumbnails(props: ThumbnailsProps) {
  const { store, estimate, currentPage, labels } = props;
  const marks = useMarkCounts();
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const thumbHeight = Math.round((THUMB_WIDTH_PX * estimate.height) / estimate.width);
  const rowHeight = thumbHeight + THUMB_ROW_EXTRA_PX;
  const count = store.doc.numPages;

  useEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    const rowTop = (currentPage - 1) * rowHeight;
    if (rowTop < el.scrollTop || rowTop + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = rowTop - el.clientHeight / 2;
  }, [currentPage, rowHeight]);

  const [first, last] = thumbRange(view.top, view.height, rowHeight, count);
  const pages = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
  return (
    <nav
      className="pv-thumbs"
      aria-label={labels.thumbnails}
      ref={scroller}
      onScroll={(e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
    >
      <div style={{ height: count * rowHeight, position: 'relative' }}>
        {pages.map((page) => (
          <Thumbnail key={page} {...props} page={page} top={(page - 1) * rowHeight} height={thumbHeight} marks={marks.get(page) ?? 0} />
        ))}
      </div>
    </nav>
  );
}

function Thumbnail(props: ThumbnailsProps & { page: number; top: number; height: number; marks: number }) {
  const { store, page, estimate, labels } = props;
  const t = useAnnotationsT();
  const marked = props.marks > 0 ? t('notes.count', { count: props.marks }) : undefined;
  const host = useRef<HTMLDivElement>(null);
  const scale = THUMB_WIDTH_PX / estimate.width;
  const state = useCanvasRender(host, { store, pageNumber: page, scale, kind: 'thumb', enabled: true, onEvent: props.onEvent });
  return (
    <button
      type="button"
      className={page === props.currentPage ? 'pv-thumb pv-thumb-current' : 'pv-thumb'}
      style={{ top: props.top }}
      aria-label={marked === undefined ? labels.thumbnailOf(page) : `${labels.thumbnailOf(page)}, ${marked}`}
      aria-current={page === props.currentPage ? 'page' : undefined}
      onClick={() => props.onSelect(page)}
    >
      <div className="pv-thumb-canvas" ref={host} style={{ width: THUMB_WIDTH_PX, height: props.height }} data-state={state.status} />
      <span>{page}</span>
      {marked !== undefined && (
        <span className="pv-thumb-marks" title={marked} data-testid="thumb-marks">
          {props.marks}
        </span>
      )}
    </button>
  );
}
