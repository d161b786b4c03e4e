// The open document: toolbar, the annotation bar, thumbnails, the virtualised page list, find and the status line.

import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { AnnotationToolbar } from '../annotations/ui/tools/AnnotationToolbar.tsx';
import { useAnnotationToolsT } from '../i18n/annotationTools.ts';
import type { AnnotationCommand } from '../annotations/ui/tools/keys.ts';
import { SelectionPopup } from '../annotations/ui/tools/SelectionPopup.tsx';
import { AnnotationSessionProvider, useAnnotationSessionValue, type AnnotationSession, type AnnotationTarget } from '../annotations/ui/tools/session.tsx';
import { setViewPrefs, useViewPrefs, viewPrefs } from '../annotations/ui/viewPrefs.ts';
import { DocumentStore } from './documentStore.ts';
import { FindBar } from './FindBar.tsx';
import { stepMatch, type FindMatch, type FindRequest, type PageMatcher } from './findText.ts';
import type { ViewerLabels } from './labels.ts';
import {
  anchorAt, clampPage, computeLayout, currentPage, renderWindow, scrollTopForAnchor, scrollTopForPage, visiblePages,
  type PageSize, type ScrollAnchor,
} from './pageLayout.ts';
import { PageView } from './PageView.tsx';
import type { RenderListener } from './renderEvents.ts';
import { StatusLine } from './StatusLine.tsx';
import { Thumbnails } from './Thumbnails.tsx';
import { Toolbar } from './Toolbar.tsx';
import { useFind } from './useFind.ts';
import { usePageSizes } from './usePageSizes.ts';
import { useTouchGestures } from './useTouchGestures.ts';
import { useViewerKeys } from './useViewerKeys.ts';
import {
  CSS_UNITS, FIT_PADDING_PX, TEXT_MARGIN_PT, defaultZoomMode, resolveZoom, textBlockOf, zoomIn, zoomOut, type TextBlock, type ZoomMode,
} from './zoom.ts';

export interface DocumentViewProps {
  readonly doc: PDFDocumentProxy;
  readonly firstPage: PageSize;
  readonly confidential: boolean;
  readonly initialPage: number;
  readonly labels: ViewerLabels;
  readonly onPageChange?: ((page: number, pages: number) => void) | undefined;
  readonly onRenderEvent?: RenderListener | undefined;
  /** Shown first in the toolbar on phones (the way back), where the page has no room for its own header. */
  readonly toolbarStart?: ReactNode;
  /** Opens find with a query (a search hit): a new object each time. */
  readonly find?: FindRequest | undefined;
  /**
   * The revision shown (DocumentEntry id, revision, sha256): turns on the annotation layer and tools (issue 8);
   * new marks are placed on it and only marks placed on it are drawn. Absent: no annotations.
   */
  readonly annotationTarget?: AnnotationTarget | undefined;
}

/** The target kept as one object while its fields stay the same (a host may pass a new literal each render). */
function useStableTarget(t: AnnotationTarget | undefined): AnnotationTarget | undefined {
  const id = t?.documentId;
  const revision = t?.revision;
  const sha256 = t?.sha256;
  return useMemo(
    () => (id === undefined || revision === undefined || sha256 === undefined ? undefined : { documentId: id, revision, sha256 }),
    [id, revision, sha256],
  );
}

/** What the annotation keys do; false when the key is not for us (so the viewer's own keys run). */
function annotationKeys(session: AnnotationSession, textLayer: boolean): (command: AnnotationCommand) => boolean {
  return (command) => {
    if (session.target === undefined) return false;
    const prefs = viewPrefs();
    switch (command.type) {
      case 'tool':
        if (!session.canEdit || (command.tool === 'highlight' && !textLayer)) return false;
        setViewPrefs({ tool: prefs.tool === command.tool ? 'none' : command.tool });
        return true;
      case 'escape':
        if (prefs.selectedId !== undefined) setViewPrefs({ selectedId: undefined });
        else if (prefs.tool !== 'none') setViewPrefs({ tool: 'none' });
        else return false;
        return true;
      case 'delete': {
        const selected = prefs.selectedId === undefined ? undefined : session.byId.get(prefs.selectedId);
        if (selected === undefined || !selected.mine || !session.canEdit) return false;
        session.edit(selected.annotation, undefined);
        setViewPrefs({ selectedId: undefined });
        return true;
      }
      case 'undo':
        if (!session.canUndo) return false;
        session.undo();
        return true;
      case 'redo':
        if (!session.canRedo) return false;
        session.redo();
        return true;
    }
  };
}

/** When the panel selects a mark of this document on a page out of view, go to that page and reveal it. */
function useRevealSelected(session: AnnotationSession, visible: { first: number; last: number }, goTo: (page: number) => void) {
  const { selectedId } = useViewPrefs();
  const latest = useRef({ session, visible, goTo });
  useEffect(() => {
    latest.current = { session, visible, goTo };
  });
  useEffect(() => {
    const { session: s, visible: v, goTo: go } = latest.current;
    const shown = selectedId === undefined ? undefined : s.byId.get(selectedId);
    const a = shown?.annotation;
    if (a === undefined || s.target === undefined || a.target.documentId !== s.target.documentId || a.orphanOf !== undefined) return;
    if (a.target.page >= v.first && a.target.page <= v.last) return;
    s.requestReveal(a.id);
    go(a.target.page);
  }, [selectedId]);
}

function useViewSize(ref: React.RefObject<HTMLElement | null>) {
  const [size, setSize] = useState({ width: 800, height: 600 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

function useFindState(store: DocumentStore, goTo: (page: number) => void, request: FindRequest | undefined) {
  const [open, setOpen] = useState(request !== undefined);
  const [focusToken, setFocusToken] = useState(0);
  const [query, setQuery] = useState(request?.query ?? '');
  const [matcher, setMatcher] = useState<{ readonly fn?: PageMatcher | undefined }>({ fn: request?.matcher });
  const [chosen, setChosen] = useState({ query: '', index: 0 });
  // A search hit: select the first match on or after its page once the pages up to it are searched.
  const target = useRef<FindRequest | undefined>(request);
  useEffect(() => {
    if (request === undefined || target.current === request) return;
    target.current = request;
    setOpen(true);
    setQuery(request.query);
    setMatcher({ fn: request.matcher });
  }, [request]);
  const find = useFind(store, useDeferredValue(open ? query : ''), matcher.fn);
  // The first match is selected until the reader steps; a new query starts again from the first.
  const active = find.matches.length === 0 ? -1 : chosen.query === find.query ? chosen.index : 0;
  const activeMatch: FindMatch | undefined = find.matches[active];
  // The match to scroll into view once its page is drawn (then cleared, so scrolling away is not undone).
  const revealRef = useRef<FindMatch | undefined>(undefined);
  const revealedQuery = useRef('');
  const first = find.matches[0];
  useEffect(() => {
    const wanted = target.current;
    if (wanted?.page !== undefined && wanted.query === find.query && find.query !== '') {
      const index = find.matches.findIndex((m) => m.page >= (wanted.page ?? 1));
      if (index === -1 && !find.done) return;
      target.current = { query: wanted.query };
      revealedQuery.current = find.query;
      const match = find.matches[index === -1 ? 0 : index];
      if (match === undefined) return;
      setChosen({ query: find.query, index: index === -1 ? 0 : index });
      revealRef.current = match;
      goTo(match.page);
      return;
    }
    if (first === undefined || revealedQuery.current === find.query) return;
    revealedQuery.current = find.query;
    revealRef.current = first;
    goTo(first.page);
  }, [first, find.query, find.matches, find.done, goTo]);
  const step = (direction: 1 | -1) => {
    const next = stepMatch(active, find.matches.length, direction);
    const match = find.matches[next];
    setChosen({ query: find.query, index: next });
    revealRef.current = match;
    if (match !== undefined) goTo(match.page);
  };
  const show = () => {
    setOpen(true);
    setFocusToken((t) => t + 1);
  };
  return { open, setOpen, show, query, setQuery, find, active, activeMatch, step, focusToken, revealRef };
}

/** Page 1's text block, read once from pdf.js (the text is fetched anyway for find and the text layer). */
function useTextBlock(store: DocumentStore, firstPage: PageSize): TextBlock | undefined {
  const [block, setBlock] = useState<TextBlock | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    void Promise.all([store.text(1), store.page(1)])
      .then(([text, page]) => alive && setBlock(textBlockOf(text.items, firstPage, page.view[0] ?? 0)))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [store, firstPage]);
  return block;
}

/** Fit-text: the sideways scroll that puts the text block, not the page's margin, across the width. */
function textBlockScrollLeft(el: HTMLElement, block: TextBlock, scale: number, firstWidth: number, maxWidth: number): number {
  const pagesWidth = Math.max(el.clientWidth, maxWidth + FIT_PADDING_PX);
  return (pagesWidth - firstWidth) / 2 + (block.left - TEXT_MARGIN_PT) * scale - FIT_PADDING_PX / 2;
}

export function DocumentView(props: DocumentViewProps) {
  const { doc, firstPage, labels, confidential, onRenderEvent } = props;
  const pages = doc.numPages;
  const { sizes, report } = usePageSizes(firstPage);
  const store = useMemo(() => new DocumentStore(doc, report), [doc, report]);
  useEffect(() => () => store.dispose(), [store]);

  const root = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const view = useViewSize(scroller);
  // Undefined until the reader picks a zoom: the default then follows the window (phone or not).
  const [chosenMode, setMode] = useState<ZoomMode | undefined>(undefined);
  const defaultMode = defaultZoomMode(firstPage, view);
  const mode = chosenMode ?? defaultMode;
  const textBlock = useTextBlock(store, firstPage);
  const [pinch, setPinch] = useState(1);
  const [sidebar, setSidebar] = useState(false);
  const [scrollTop, setScrollTop] = useState(0);
  const zoom = resolveZoom(mode, firstPage, view, textBlock);
  const scale = zoom * CSS_UNITS;
  const layout = useMemo(() => computeLayout(pages, sizes, firstPage, scale), [pages, sizes, firstPage, scale]);
  // Only when the fit itself changes (not when a page size is learnt while scrolling), so a pan is kept.
  const fitText = mode === 'fit-text';
  const firstWidth = layout.widths[0] ?? 0;
  const maxWidth = layout.maxWidth;
  useLayoutEffect(() => {
    const el = scroller.current;
    if (fitText && textBlock !== undefined && el !== null) el.scrollLeft = textBlockScrollLeft(el, textBlock, scale, firstWidth, maxWidth);
  }, [fitText, textBlock, scale, firstWidth, maxWidth]);
  const anchor = useRef<ScrollAnchor>({ page: clampPage(props.initialPage, pages), fraction: 0 });

  // Re-layout (zoom, resize, a learnt page size) keeps the reader on the same spot of the same page.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    el.scrollTop = scrollTopForAnchor(layout, anchor.current);
    setScrollTop(el.scrollTop);
  }, [layout]);

  const goTo = useCallback(
    (page: number) => {
      const el = scroller.current;
      if (el === null) return;
      el.scrollTop = scrollTopForPage(layout, clampPage(page, pages));
      anchor.current = anchorAt(layout, el.scrollTop);
      setScrollTop(el.scrollTop);
    },
    [layout, pages],
  );

  const onScroll = () => {
    const el = scroller.current;
    if (el === null) return;
    anchor.current = anchorAt(layout, el.scrollTop);
    setScrollTop(el.scrollTop);
  };

  const current = currentPage(layout, scrollTop, view.height);
  const { onPageChange } = props;
  useEffect(() => onPageChange?.(current, pages), [current, pages, onPageChange]);

  const find = useFindState(store, goTo, props.find);
  const session = useAnnotationSessionValue(useStableTarget(props.annotationTarget));
  const annotating = session.target !== undefined;
  // On a phone the viewer keeps one slim bar: the annotation tools open from a button in it.
  const narrow = useNarrowScreen();
  const [toolsOpen, setToolsOpen] = useState(false);
  const toolsT = useAnnotationToolsT();
  const showTools = annotating && (!narrow || toolsOpen);
  const toolsToggle =
    annotating && narrow ? (
      <button type="button" className="pv-btn ann-tools-toggle" aria-pressed={toolsOpen} aria-label={toolsT('ann.tools')} title={toolsT('ann.tools')} onClick={() => setToolsOpen((o) => !o)}>
        <span aria-hidden="true">✎</span>
      </button>
    ) : null;
  const setZoom = (z: number) => setMode({ zoom: z });
  useViewerKeys(root, {
    page: (delta) => goTo(current + delta),
    first: () => goTo(1),
    last: () => goTo(pages),
    zoomIn: () => setZoom(zoomIn(zoom)),
    zoomOut: () => setZoom(zoomOut(zoom)),
    zoomReset: () => setMode(defaultMode),
    find: find.show,
    annotate: annotating ? annotationKeys(session, !confidential) : undefined,
  });
  const { penState } = session;
  const drawing = useCallback(() => {
    const pen = penState();
    return viewPrefs().tool === 'pen' && (!pen.penSeen || pen.pensDown.size > 0);
  }, [penState]);
  const touch = useTouchGestures(zoom, (delta) => goTo(current + delta), setZoom, setPinch, drawing);

  const visible = visiblePages(layout, scrollTop, view.height);
  useRevealSelected(session, visible, goTo);
  const win = renderWindow(visible, pages, 1);
  const mounted = Array.from({ length: Math.max(0, win.last - win.first + 1) }, (_, i) => win.first + i);
  const matchesByPage = useMemo(() => groupByPage(find.find.matches), [find.find.matches]);
  const block = (e: React.SyntheticEvent) => {
    if (confidential) e.preventDefault();
  };

  return (
    <AnnotationSessionProvider value={session}>
    <div
      ref={root}
      className={`${confidential ? 'pv-root pv-confidential' : 'pv-root'}${annotating ? ' ann-host' : ''}`}
      aria-label={labels.viewer}
      onCopy={block}
      onCut={block}
      onContextMenu={block}
      onDragStart={block}
    >
      <Toolbar
        labels={labels}
        page={current}
        pages={pages}
        zoomPercent={Math.round(zoom * 100)}
        sidebarOpen={sidebar}
        onToggleSidebar={() => setSidebar((s) => !s)}
        onGoTo={goTo}
        onZoomIn={() => setZoom(zoomIn(zoom))}
        onZoomOut={() => setZoom(zoomOut(zoom))}
        onFitWidth={() => setMode('fit-width')}
        onFitPage={() => setMode('fit-page')}
        onFitText={() => setMode('fit-text')}
        onFind={find.show}
        start={
          toolsToggle === null ? (
            props.toolbarStart
          ) : (
            <>
              {props.toolbarStart}
              {toolsToggle}
            </>
          )
        }
      />
      {showTools ? <AnnotationToolbar session={session} textLayer={!confidential} /> : null}
      {find.open ? (
        <FindBar
          labels={labels}
          query={find.query}
          focusToken={find.focusToken}
          onQuery={find.setQuery}
          onStep={find.step}
          onClose={() => find.setOpen(false)}
        />
      ) : null}
      <div className="pv-body">
        {sidebar ? (
          <Thumbnails store={store} estimate={firstPage} currentPage={current} labels={labels} onSelect={goTo} onEvent={onRenderEvent} />
        ) : null}
        <div className="pv-scroller" ref={scroller} onScroll={onScroll} tabIndex={0} {...touch}>
          <div
            className="pv-pages"
            style={{ height: layout.totalHeight, minWidth: layout.maxWidth + 24, transform: pinch !== 1 ? `scale(${pinch})` : undefined } as CSSProperties}
          >
            {mounted.map((page) => (
              <PageView
                key={page}
                store={store}
                pageNumber={page}
                scale={scale}
                top={layout.tops[page - 1] ?? 0}
                width={layout.widths[page - 1] ?? 0}
                height={layout.heights[page - 1] ?? 0}
                textLayer={!confidential}
                matches={find.open ? (matchesByPage.get(page) ?? NO_MATCHES) : NO_MATCHES}
                activeMatch={find.open ? find.activeMatch : undefined}
                revealRef={find.revealRef}
                labels={labels}
                onEvent={onRenderEvent}
              />
            ))}
          </div>
        </div>
      </div>
      <StatusLine labels={labels} page={current} pages={pages} zoom={zoom} confidential={confidential} find={find.open ? find.find : undefined} active={find.active} />
      {annotating && !confidential ? <SelectionPopup root={root} store={store} session={session} onNote={session.setDraftNote} /> : null}
    </div>
    </AnnotationSessionProvider>
  );
}

const NO_MATCHES: readonly FindMatch[] = [];

function groupByPage(matches: readonly FindMatch[]): Map<number, FindMatch[]> {
  const byPage = new Map<number, FindMatch[]>();
  for (const m of matches) {
    const list = byPage.get(m.page);
    if (list === undefined) byPage.set(m.page, [m]);
    else list.push(m);
  }
  return byPage;
}

const NARROW_QUERY = '(max-width: 700px)';

/** Whether the screen is phone-sized (the same breakpoint as the notes panel's bottom sheet). */
function useNarrowScreen(): boolean {
  const [narrow, setNarrow] = useState(() => globalThis.matchMedia?.(NARROW_QUERY).matches ?? false);
  useEffect(() => {
    const query = globalThis.matchMedia?.(NARROW_QUERY);
    if (query === undefined) return;
    const update = (): void => setNarrow(query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return narrow;
}
