// One page's annotations: an SVG in PDF user space (the page viewport's transform) with highlights and ink, note
// pins as buttons, the pen's input surface, and the menu of the selected mark. Only mounted for the pages the
// viewer has in its window; it reads this page's marks from the session's per-page index.

import '../annotations-tools.css';
import { useEffect, useMemo, useRef, useState, type CSSProperties, type PointerEvent as ReactPointerEvent } from 'react';
import type { Annotation } from '../../../../common/annotations/types.ts';
import type { DocumentStore } from '../../../viewer/documentStore.ts';
import { useAnnotationToolsT, type AnnotationToolsT } from '../../../i18n/annotationTools.ts';
import type { ShownAnnotation } from '../../bookTypes.ts';
import { isShown, setViewPrefs, useViewPrefs, type ViewPrefs } from '../viewPrefs.ts';
import { newAnnotationId } from '../tools/ids.ts';
import { addStroke, boundStroke, joinsSession } from '../tools/inkSession.ts';
import { MarkMenu } from '../tools/MarkMenu.tsx';
import { NoteEditor } from '../tools/NoteEditor.tsx';
import { ScopeIcon } from '../tools/ScopeIcon.tsx';
import { rgb } from '../tools/colors.ts';
import { asPointerKind, decidePointer, layerTouchAction, penDown, penUp } from '../tools/penPolicy.ts';
import { scopeFor, useAnnotationSession, type AnnotationSession } from '../tools/session.tsx';
import { boundsOf, hitTest, rectToPixels, strokePath, toPdf, toPixels, type Point } from './geometry.ts';
import { NO_MARKS, pageKey } from './pageIndex.ts';

export interface AnnotationLayerProps {
  readonly store: DocumentStore;
  readonly pageNumber: number;
  readonly scale: number;
  readonly width: number;
  readonly height: number;
}




/** pdf.js viewport transform of this page at this scale (PDF user space → page pixels). */
function useViewTransform(store: DocumentStore, pageNumber: number, scale: number): readonly number[] | undefined {
  const [transform, setTransform] = useState<{ key: string; value: readonly number[] } | undefined>(undefined);
  const key = `${pageNumber}@${scale}`;
  useEffect(() => {
    let alive = true;
    store.page(pageNumber).then(
      (page) => alive && setTransform({ key, value: page.getViewport({ scale }).transform }),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [store, pageNumber, scale, key]);
  return transform?.key === key ? transform.value : undefined;
}

interface Draft {
  readonly pointerId: number;
  readonly pen: boolean;
  readonly points: ReadonlyArray<readonly [number, number, number]>;
}

interface Pan {
  readonly pointerId: number;
  x: number;
  y: number;
}

export function AnnotationLayer(props: AnnotationLayerProps) {
  const session = useAnnotationSession();
  if (session?.target === undefined) return null;
  return <PageLayer {...props} session={session} />;
}

function PageLayer({ store, pageNumber, scale, width, height, session }: AnnotationLayerProps & { session: AnnotationSession }) {
  const t = useAnnotationToolsT();
  const prefs = useViewPrefs();
  const transform = useViewTransform(store, pageNumber, scale);
  const target = session.target;
  const all = target === undefined ? NO_MARKS : (session.index.get(pageKey(target.documentId, pageNumber)) ?? NO_MARKS);
  const marks = useMemo(
    () => all.filter((s) => s.annotation.target.sha256 === target?.sha256 && isShown(prefs, s.annotation.scope, s.annotation.authorId, s.mine)),
    [all, target?.sha256, prefs],
  );
  // The stroke in progress: in a ref for the handlers (events may come faster than renders), in state to draw it.
  const drawingRef = useRef<Draft | undefined>(undefined);
  const [draft, setDraft] = useState<Draft | undefined>(undefined);
  const lastPointer = useRef<string>('mouse');
  const newNote = session.draftNote?.target.page === pageNumber ? session.draftNote : undefined;
  const setNewNote = session.setDraftNote;
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const pan = useRef<Pan | undefined>(undefined);
  const root = useRef<HTMLDivElement>(null);
  const selected = marks.find((s) => s.annotation.id === prefs.selectedId);
  const scope = scopeFor(prefs.scope, session.hasGroup);

  useClickToSelect(root, transform, marks, prefs.tool, transform !== undefined, session);
  useReveal(root, session, selected);
  if (transform === undefined) return null;
  const m = transform;
  const pdfPoint = (e: React.MouseEvent): Point => {
    const box = e.currentTarget.getBoundingClientRect();
    const zoom = box.width / Math.max(1, width);
    return toPdf(m, [(e.clientX - box.left) / zoom, (e.clientY - box.top) / zoom]);
  };
  const stamp = () => ({ authorId: session.book?.delegateId ?? '', target: { ...session.target!, page: pageNumber }, now: new Date().toISOString() });

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    const kind = asPointerKind(e.pointerType);
    const current = drawingRef.current;
    const decision = decidePointer(prefs.tool, kind, session.penState(), current?.pen === true);
    session.setPenState(penDown(session.penState(), kind, e.pointerId));
    lastPointer.current = decision === 'reject' ? 'palm' : kind;
    if (decision === 'reject') return e.preventDefault();
    if (prefs.tool === 'note') return;
    if (decision === 'pass') {
      if (kind === 'touch' && pan.current === undefined) pan.current = { pointerId: e.pointerId, x: e.clientX, y: e.clientY };
      return;
    }
    if (!session.canEdit || current !== undefined) return;
    capture(e.currentTarget, e.pointerId);
    const [x, y] = pdfPoint(e);
    drawingRef.current = { pointerId: e.pointerId, pen: kind === 'pen', points: [[x, y, pressureOf(e)]] };
    setDraft(drawingRef.current);
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const p = pan.current;
    if (p !== undefined && p.pointerId === e.pointerId) {
      const scroller = root.current?.closest('.pv-scroller');
      if (scroller !== null && scroller !== undefined) scroller.scrollBy(p.x - e.clientX, p.y - e.clientY);
      p.x = e.clientX;
      p.y = e.clientY;
      return;
    }
    const d = drawingRef.current;
    if (d === undefined || d.pointerId !== e.pointerId) return;
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
    const box = e.currentTarget.getBoundingClientRect();
    const zoom = box.width / Math.max(1, width);
    const at = (cx: number, cy: number, pressure: number): readonly [number, number, number] => {
      const [x, y] = toPdf(m, [(cx - box.left) / zoom, (cy - box.top) / zoom]);
      return [x, y, pressure];
    };
    const added = events.length > 0 ? events.map((ce) => at(ce.clientX, ce.clientY, ce.pointerType === 'pen' && ce.pressure > 0 ? ce.pressure : 0.5)) : [at(e.clientX, e.clientY, pressureOf(e))];
    drawingRef.current = { ...d, points: d.points.concat(added) };
    setDraft(drawingRef.current);
  };
  const endPointer = (e: ReactPointerEvent<HTMLDivElement>) => {
    session.setPenState(penUp(session.penState(), e.pointerId));
    if (pan.current?.pointerId === e.pointerId) pan.current = undefined;
    const d = drawingRef.current;
    if (d === undefined || d.pointerId !== e.pointerId) return;
    drawingRef.current = undefined;
    setDraft(undefined);
    if (e.type === 'pointercancel') return;
    finishStroke(d);
  };
  // A note is placed on click (after the touch's compatibility mouse events, so its editor keeps the focus).
  const placeNote = (e: React.MouseEvent<HTMLDivElement>) => {
    if (prefs.tool !== 'note' || lastPointer.current === 'palm') return;
    if (!session.canEdit || session.draftNote !== undefined) return;
    const [x, y] = pdfPoint(e);
    const s = stamp();
    setNewNote({ id: newAnnotationId(), kind: 'note', scope, authorId: s.authorId, target: s.target, createdAt: s.now, updatedAt: s.now, point: [x, y], text: '' });
  };
  const finishStroke = (d: Draft) => {
    const s = stamp();
    const startedAt = Date.now();
    const current = session.inkSession();
    const before = joinsSession(current, pageNumber, prefs.color, scope, startedAt) ? current.annotation : undefined;
    const after = addStroke(before, boundStroke(d.points), { id: newAnnotationId(), authorId: s.authorId, target: s.target, color: prefs.color, scope, now: s.now });
    session.setInkSession({ annotation: after, page: pageNumber, color: prefs.color, scope, endedAt: Date.now() });
    session.edit(before, after);
  };

  const input = prefs.tool === 'pen' || prefs.tool === 'note';
  const style = { width, height, '--ann-zoom': scale } as CSSProperties;
  return (
    <div ref={root} className="ann-layer" style={style} data-tool={prefs.tool}>
      <svg className="ann-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
        <g transform={`matrix(${m.join(' ')})`}>
          {marks.map((s) => (
            <Mark key={s.annotation.id} shown={s} selected={s === selected} t={t} />
          ))}
          {draft !== undefined ? <path className="ann-ink" d={strokePath({ points: draft.points }, 2.5)} fill={rgb(prefs.color)} /> : null}
        </g>
      </svg>
      {marks.map((s) => <Badge key={s.annotation.id} shown={s} transform={m} t={t} />)}
      {input ? (
        <div
          className="ann-input"
          style={{ touchAction: layerTouchAction(prefs.tool) }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endPointer}
          onPointerCancel={endPointer}
          onClick={placeNote}
        />
      ) : null}
      {selected !== undefined && editing !== selected.annotation.id ? (
        <MarkMenu shown={selected} session={session} position={menuPosition(m, selected.annotation, width, height)} onEdit={() => setEditing(selected.annotation.id)} />
      ) : null}
      {selected !== undefined && editing === selected.annotation.id ? (
        <NoteEditor
          initial={textOf(selected.annotation)}
          position={menuPosition(m, selected.annotation, width, height)}
          authorName={selected.mine ? t('ann.me') : selected.authorName}
          scope={selected.annotation.scope}
          onCommit={(text) => {
            setEditing(undefined);
            const a = selected.annotation;
            if (a.kind === 'ink' || text === textOf(a)) return;
            session.edit(a, { ...a, text, updatedAt: new Date().toISOString() });
          }}
          onCancel={() => setEditing(undefined)}
        />
      ) : null}
      {newNote !== undefined ? (
        <NoteEditor
          initial=""
          position={menuPosition(m, newNote, width, height)}
          authorName={t('ann.me')}
          scope={newNote.scope}
          onCommit={(text) => {
            setNewNote(undefined);
            if (text.trim() === '') return;
            const note = { ...newNote, text };
            session.edit(undefined, note);
          }}
          onCancel={() => setNewNote(undefined)}
        />
      ) : null}
    </div>
  );
}

/** Keeps the pointer's moves on this page while drawing (a pointer the browser does not know is just not captured). */
function capture(el: Element, pointerId: number): void {
  try {
    el.setPointerCapture(pointerId);
  } catch {
    // Not an active pointer (for example a synthetic event): the moves still arrive while over the page.
  }
}

function pressureOf(e: ReactPointerEvent): number {
  return e.pointerType === 'pen' && e.pressure > 0 ? e.pressure : 0.5;
}

function textOf(a: Annotation): string {
  return a.kind === 'ink' ? '' : (a.text ?? '');
}

/** Where a mark's menu goes: under its bounds, in page pixels, kept inside the page's width. */
function menuPosition(m: readonly number[], a: Annotation, pageWidth: number, pageHeight: number): { left: number; top: number } {
  const box = rectToPixels(m, boundsOf(a));
  const below = box.top + box.height + 6;
  const top = below + MENU_HEIGHT_PX > pageHeight ? Math.max(4, box.top - MENU_HEIGHT_PX - 6) : below;
  return { left: Math.max(4, Math.min(box.left, pageWidth - MENU_WIDTH_PX - 4)), top };
}

/** The largest menu or editor (annotations-tools.css), to keep it inside the page, which clips. */
const MENU_WIDTH_PX = 320;
const MENU_HEIGHT_PX = 230;

function markLabel(t: AnnotationToolsT, s: ShownAnnotation): string {
  const name = s.mine ? t('ann.me') : s.authorName;
  return t(s.annotation.kind === 'highlight' ? 'ann.mark.highlight' : s.annotation.kind === 'ink' ? 'ann.mark.ink' : 'ann.mark.note', { name });
}

function Mark({ shown, selected, t }: { shown: ShownAnnotation; selected: boolean; t: AnnotationToolsT }) {
  const a = shown.annotation;
  const cls = `ann-mark ann-${a.kind}${selected ? ' ann-selected' : ''}${shown.mine ? ' ann-mine' : ''}`;
  if (a.kind === 'highlight') {
    return (
      <g className={cls} data-annotation={a.id}>
        <title>{markLabel(t, shown)}</title>
        {a.rects.map(([x, y, w, h], i) => (
          <rect key={i} x={x} y={y} width={w} height={h} fill={rgb(a.color)} />
        ))}
      </g>
    );
  }
  if (a.kind === 'ink') {
    return (
      <g className={cls} data-annotation={a.id} fill={rgb(a.color)}>
        <title>{markLabel(t, shown)}</title>
        {a.strokes.map((s, i) => (
          <path key={i} d={strokePath(s, a.width)} />
        ))}
      </g>
    );
  }
  return null;
}

/** HTML over the SVG: a note's pin (a button), and for the others' marks and scoped marks a small label. */
function Badge({ shown, transform, t }: { shown: ShownAnnotation; transform: readonly number[]; t: AnnotationToolsT }) {
  const a = shown.annotation;
  const prefs = useViewPrefs();
  if (a.kind === 'note') {
    const [left, top] = toPixels(transform, a.point);
    return (
      <button
        type="button"
        className={`ann-pin${prefs.selectedId === a.id ? ' ann-selected' : ''}${shown.mine ? ' ann-mine' : ''}`}
        style={{ left: left - 4, top: top - 4 }}
        data-annotation={a.id}
        aria-label={`${markLabel(t, shown)}: ${a.text === '' ? t('ann.note.empty') : a.text}`}
        title={`${shown.mine ? t('ann.me') : shown.authorName} · ${t(`ann.scope.${a.scope}`)}\n${a.text}`}
        onClick={(e) => {
          e.stopPropagation();
          setViewPrefs({ selectedId: prefs.selectedId === a.id ? undefined : a.id });
        }}
      >
        <span aria-hidden="true">🗒</span>
        {a.scope !== 'meeting' ? <ScopeIcon scope={a.scope} className="ann-scope-icon" /> : null}
      </button>
    );
  }
  if (shown.mine && a.scope === 'meeting') return null;
  const box = rectToPixels(transform, boundsOf(a));
  return (
    <span className="ann-label" style={{ left: box.left + box.width, top: box.top } as CSSProperties} aria-hidden="true" title={markLabel(t, shown)}>
      {a.scope !== 'meeting' ? <ScopeIcon scope={a.scope} /> : null}
      {shown.mine ? null : <span className="ann-author">{shown.authorName}</span>}
    </span>
  );
}

/**
 * With no input tool, a click (not a text selection) on a mark selects it; elsewhere it clears the selection.
 * With the eraser, a click on one of my marks deletes it (undo brings it back).
 */
function useClickToSelect(
  root: React.RefObject<HTMLDivElement | null>,
  transform: readonly number[] | undefined,
  marks: readonly ShownAnnotation[],
  tool: ViewPrefs['tool'],
  ready: boolean,
  session: AnnotationSession,
) {
  const latest = useRef({ transform, marks, tool, session });
  useEffect(() => {
    latest.current = { transform, marks, tool, session };
  });
  useEffect(() => {
    const page = root.current?.parentElement;
    if (page === null || page === undefined) return;
    const onClick = (e: MouseEvent) => {
      const { transform: m, marks: list, tool: current, session: s } = latest.current;
      if (m === undefined || current === 'pen' || current === 'note') return;
      if (e.target instanceof Element && e.target.closest('.ann-menu, .ann-editor, .ann-pin, .ann-popup') !== null) return;
      const selection = window.getSelection();
      if (selection !== null && !selection.isCollapsed) return;
      const box = page.getBoundingClientRect();
      const zoom = box.width / Math.max(1, page.offsetWidth);
      const p = toPdf(m, [(e.clientX - box.left) / zoom, (e.clientY - box.top) / zoom]);
      const slop = 6 / Math.max(0.1, Math.hypot(m[0] ?? 1, m[1] ?? 0));
      const hit = hitTest(list.map((x) => x.annotation), p, slop);
      if (current === 'eraser') {
        const mine = hit === undefined ? undefined : list.find((x) => x.annotation === hit && x.mine);
        if (mine !== undefined && s.canEdit) s.edit(mine.annotation, undefined);
        return;
      }
      const selectedId = hit?.id;
      if (selectedId !== undefined || (e.target instanceof Element && e.target.closest('.ann-layer, .textLayer, .pv-canvas') !== null)) setViewPrefs({ selectedId });
    };
    page.addEventListener('click', onClick);
    return () => page.removeEventListener('click', onClick);
  }, [root, ready]);
}

/** Scrolls the selected mark into the middle of the viewer's scroller when the panel asked for it. */
function useReveal(root: React.RefObject<HTMLDivElement | null>, session: AnnotationSession, selected: ShownAnnotation | undefined) {
  const id = selected?.annotation.id;
  useEffect(() => {
    if (id === undefined) return;
    const el = root.current?.querySelector<Element>(`[data-annotation="${id}"]`);
    const scroller = root.current?.closest('.pv-scroller');
    if (el === null || el === undefined || scroller === null || scroller === undefined || !session.takeReveal(id)) return;
    const box = el.getBoundingClientRect();
    const view = scroller.getBoundingClientRect();
    scroller.scrollTop += box.top + box.height / 2 - (view.top + view.height / 2);
  });
}
