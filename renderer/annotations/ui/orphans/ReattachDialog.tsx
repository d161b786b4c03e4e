// Re-attaching one orphan: pick a page of the revision shown, select the text there (the page text as the
// viewer reads it, so the offsets are the anchor's), attach. On a confidential document or a scan there is no
// text to select (copying stays blocked): a note or a drawing is then attached to the page.
import { useEffect, useRef, useState } from 'react';
import type { Annotation, PlacedOn } from '../../../../common/annotations/types.ts';
import { useServices } from '../../../app/AppContext.tsx';
import { useAnnotationsT } from '../../../i18n/annotations.ts';
import type { PageText } from '../../../viewer/findText.ts';
import { documentPageTexts } from '../panel/pageTexts.ts';
import { reattachToPage, reattachToRange } from './reattachModel.ts';

export interface ReattachDialogProps {
  readonly meetingId: string;
  readonly annotation: Annotation;
  readonly target: Omit<PlacedOn, 'page'>;
  readonly pages: number;
  readonly textLayer: boolean;
  onDone(next: Annotation): void;
  onCancel(): void;
}

/** The selected range inside `host` (its one text node), or undefined. */
export function selectedRange(host: HTMLElement | null): { start: number; end: number } | undefined {
  const sel = globalThis.getSelection?.();
  const node = host?.firstChild;
  if (sel == null || node == null || sel.rangeCount === 0 || sel.anchorNode !== node || sel.focusNode !== node) return undefined;
  const start = Math.min(sel.anchorOffset, sel.focusOffset);
  const end = Math.max(sel.anchorOffset, sel.focusOffset);
  return end > start ? { start, end } : undefined;
}

function usePageTexts(meetingId: string, target: Omit<PlacedOn, 'page'>, enabled: boolean): readonly PageText[] | undefined {
  const { platform } = useServices();
  const [texts, setTexts] = useState<readonly PageText[] | undefined>(undefined);
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    const bytes = async () => {
      const r = await platform.openDocument(meetingId, target.documentId);
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    documentPageTexts(target.sha256, bytes).then(
      (t) => alive && setTexts(t),
      () => alive && setTexts([]),
    );
    return () => {
      alive = false;
    };
  }, [platform, meetingId, target.documentId, target.sha256, enabled]);
  return texts;
}

export function ReattachDialog(props: ReattachDialogProps) {
  const t = useAnnotationsT();
  const { annotation: a, target } = props;
  const [page, setPage] = useState(Math.min(Math.max(1, a.target.page), props.pages));
  const [hint, setHint] = useState<string | undefined>(undefined);
  const host = useRef<HTMLParagraphElement>(null);
  const texts = usePageTexts(props.meetingId, target, props.textLayer);
  const pageText = texts?.[page - 1];
  const hasText = props.textLayer && pageText !== undefined && pageText.text.trim() !== '';
  const now = () => new Date().toISOString();
  const attachSelection = () => {
    const range = selectedRange(host.current);
    if (range === undefined || pageText === undefined) return setHint(t('notes.orphans.noSelection'));
    const next = reattachToRange(a, { ...target, page }, pageText, range.start, range.end, now());
    if (next === undefined) return setHint(t('notes.orphans.noSelection'));
    props.onDone(next);
  };
  const attachPage = () => {
    const next = reattachToPage(a, { ...target, page }, now());
    if (next === undefined) return setHint(t('notes.orphans.needText'));
    props.onDone(next);
  };
  return (
    <div className="np-reattach" role="dialog" aria-label={t('notes.orphans.reattach')} data-testid="reattach-dialog">
      <label>
        {t('notes.orphans.pickPage')}{' '}
        <input type="number" min={1} max={props.pages} value={page} onChange={(e) => setPage(Math.min(props.pages, Math.max(1, Number(e.target.value) || 1)))} data-testid="reattach-page" />
      </label>
      {props.textLayer ? (
        texts === undefined ? (
          <p className="np-status">{t('notes.orphans.loadingText')}</p>
        ) : (
          <>
            <p className="np-muted">{t('notes.orphans.pickText')}</p>
            <p className="np-pagetext" ref={host} data-testid="reattach-text">
              {pageText?.text ?? ''}
            </p>
          </>
        )
      ) : (
        <p className="np-muted">{t('notes.orphans.pickNoText')}</p>
      )}
      {hint !== undefined && (
        <p className="np-error" role="alert">
          {hint}
        </p>
      )}
      <div className="np-actions">
        {hasText && (
          <button type="button" className="btn btn-primary" onClick={attachSelection} data-testid="reattach-selection">
            {t('notes.orphans.attachSelection')}
          </button>
        )}
        {a.kind !== 'highlight' && (
          <button type="button" className="btn" onClick={attachPage}>
            {t('notes.orphans.attachPage')}
          </button>
        )}
        <button type="button" className="btn btn-quiet" onClick={props.onCancel}>
          {t('notes.orphans.cancel')}
        </button>
      </div>
    </div>
  );
}
