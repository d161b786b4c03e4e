// One page slot of the virtualised list: canvas, optional text layer, find highlights, the annotation layer, or
// an error in its place.

import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { TextLayer } from 'pdfjs-dist';
import { AnnotationLayer } from '../annotations/ui/layer/AnnotationLayer.tsx';
import type { DocumentStore } from './documentStore.ts';
import { matchBoxes, type Box, type FindMatch } from './findText.ts';
import type { ViewerLabels } from './labels.ts';
import type { RenderListener } from './renderEvents.ts';
import { useCanvasRender } from './useCanvasRender.ts';

export interface PageViewProps {
  readonly store: DocumentStore;
  readonly pageNumber: number;
  readonly scale: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly textLayer: boolean;
  readonly matches: readonly FindMatch[];
  readonly activeMatch: FindMatch | undefined;
  /** A match waiting to be scrolled into view; the page that shows it clears it. */
  readonly revealRef: { current: FindMatch | undefined };
  readonly labels: ViewerLabels;
  readonly onEvent?: RenderListener | undefined;
}

export function PageView(props: PageViewProps) {
  const { store, pageNumber, scale, top, width, height, labels } = props;
  const canvasHost = useRef<HTMLDivElement>(null);
  const state = useCanvasRender(canvasHost, { store, pageNumber, scale, kind: 'page', enabled: true, onEvent: props.onEvent });
  const style: CSSProperties = { top, width, height, '--total-scale-factor': scale } as CSSProperties;
  return (
    <div className="pv-page" style={style} data-page={pageNumber} data-state={state.status} aria-label={labels.pageOf(pageNumber, store.doc.numPages)} role="region">
      <div className="pv-canvas" ref={canvasHost} />
      {state.status !== 'drawn' && state.status !== 'failed' ? <div className="pv-placeholder" aria-hidden="true">{pageNumber}</div> : null}
      {state.status === 'failed' ? (
        <div className="pv-page-error" role="alert">
          <strong>{labels.pageFailed}</strong>
          <span className="pv-error-detail">{state.message}</span>
        </div>
      ) : null}
      {props.textLayer && state.status === 'drawn' ? <TextLayerView store={store} pageNumber={pageNumber} scale={scale} /> : null}
      {props.matches.length > 0 ? <Highlights {...props} /> : null}
      {state.status === 'drawn' ? <AnnotationLayer store={store} pageNumber={pageNumber} scale={scale} width={width} height={height} /> : null}
    </div>
  );
}

function TextLayerView({ store, pageNumber, scale }: { store: DocumentStore; pageNumber: number; scale: number }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = host.current;
    if (container === null) return;
    let layer: TextLayer | undefined;
    let cancelled = false;
    void (async () => {
      const page = await store.page(pageNumber);
      const textContentSource = await page.getTextContent({ includeMarkedContent: true });
      if (cancelled) return;
      container.replaceChildren();
      layer = new TextLayer({ textContentSource, container, viewport: page.getViewport({ scale }) });
      await layer.render();
      // Each span's text item index, so a selection maps back to the page text (annotations/ui/layer/selection.ts).
      layer.textDivs.forEach((div, i) => {
        div.dataset.i = String(i);
      });
    })().catch(() => {
      // Without a text layer the page still shows; selection is just unavailable there.
    });
    return () => {
      cancelled = true;
      layer?.cancel();
    };
  }, [store, pageNumber, scale]);
  return <div className="textLayer" ref={host} />;
}

let measureContext: CanvasRenderingContext2D | null | undefined;

/** Proportional-font width, so a highlight inside a text run lands on the right letters. */
function measureText(text: string): number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  if (measureContext === null) return text.length;
  measureContext.font = '100px sans-serif';
  return measureContext.measureText(text).width;
}

/** Centres an element in the viewer's own scroller (scrollIntoView would also scroll the host page). */
function revealInScroller(el: HTMLElement): void {
  const scroller = el.closest('.pv-scroller');
  if (scroller === null) return;
  const box = el.getBoundingClientRect();
  const view = scroller.getBoundingClientRect();
  scroller.scrollTop += box.top + box.height / 2 - (view.top + view.height / 2);
}

function Highlights({ store, pageNumber, scale, matches, activeMatch, revealRef }: PageViewProps) {
  const [boxes, setBoxes] = useState<ReadonlyArray<{ box: Box; active: boolean }>>([]);
  const activeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let cancelled = false;
    void Promise.all([store.text(pageNumber), store.page(pageNumber)]).then(([text, page]) => {
      if (cancelled) return;
      const transform = page.getViewport({ scale }).transform;
      setBoxes(matches.flatMap((m) => matchBoxes(text, m, transform, measureText).map((box) => ({ box, active: m === activeMatch }))));
    });
    return () => {
      cancelled = true;
    };
  }, [store, pageNumber, scale, matches, activeMatch]);
  useEffect(() => {
    if (activeRef.current === null || revealRef.current === undefined || revealRef.current !== activeMatch) return;
    revealRef.current = undefined;
    revealInScroller(activeRef.current);
  }, [boxes, activeMatch, revealRef]);
  return (
    <div className="pv-highlights" aria-hidden="true">
      {boxes.map(({ box, active }, i) => (
        <div
          key={i}
          ref={active ? activeRef : undefined}
          className={active ? 'pv-hit pv-hit-active' : 'pv-hit'}
          style={{ left: box.left, top: box.top, width: box.width, height: box.height }}
        />
      ))}
    </div>
  );
}
