// "Ghi chú cần gắn lại": my marks whose text changed or went away in a newer revision, with the old quote and
// the note. "Gắn lại" lets me select the text on the revision shown (ReattachDialog) — from the meeting home it
// opens the document first; "Xoá" deletes it, after a confirmation. Nothing here happens without me.
import { useState } from 'react';
import type { Annotation } from '../../../../common/annotations/types.ts';
import { useAnnotationsT } from '../../../i18n/annotations.ts';
import type { ReadableDocument } from '../../../platform/Platform.ts';
import type { ShownAnnotation } from '../../bookTypes.ts';
import { useAnnotations } from '../AnnotationContext.tsx';
import type { PanelDocument } from '../panel/panelModel.ts';
import { KIND_ICON } from '../panel/NoteRow.tsx';
import { openOrphansOf } from '../panel/noteJump.ts';
import { noteTextOf, quoteOf } from '../panel/panelModel.ts';
import { ReattachDialog } from './ReattachDialog.tsx';

export interface OrphansListProps {
  readonly meetingId: string;
  readonly orphans: readonly ShownAnnotation[];
  readonly documents: readonly ReadableDocument[];
  readonly current?: PanelDocument | undefined;
}

function OrphanRow({ s, props }: { readonly s: ShownAnnotation; readonly props: OrphansListProps }) {
  const t = useAnnotationsT();
  const { book } = useAnnotations();
  const [mode, setMode] = useState<'idle' | 'reattach' | 'delete'>('idle');
  const [error, setError] = useState<string | undefined>(undefined);
  const a = s.annotation;
  const here = props.current?.id === a.target.documentId && props.current.sha256 !== undefined ? props.current : undefined;
  const title = props.documents.find((d) => d.id === a.target.documentId)?.title;
  const run = (p: Promise<void>) =>
    p.then(
      () => setMode('idle'),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  const save = (next: Annotation) => book !== undefined && void run(book.put(next));
  return (
    <li className="np-row np-orphan" data-testid="orphan-row" data-id={a.id}>
      <div className="np-orphan-main">
        <span className="np-icon" aria-hidden="true">
          {KIND_ICON[a.kind]}
        </span>
        <span className="np-page">{t('notes.pageShort', { page: a.target.page })}</span>
        <span className="np-body">
          {here === undefined && title !== undefined && <span className="np-doc">{title}</span>}
          {quoteOf(a) !== '' && (
            <span>
              <span className="np-label">{t('notes.orphans.oldQuote')}: </span>
              <q className="np-quote">{quoteOf(a)}</q>
            </span>
          )}
          {noteTextOf(a) !== '' && <span className="np-text">{noteTextOf(a)}</span>}
          <span className="np-muted">{t('notes.orphans.since', { revision: a.orphanOf?.revision ?? a.target.revision })}</span>
        </span>
      </div>
      {mode === 'idle' && (
        <div className="np-actions">
          <button type="button" className="btn" onClick={() => (here ? setMode('reattach') : openOrphansOf(props.meetingId, a.target.documentId))} data-testid="orphan-reattach">
            {t('notes.orphans.reattach')}
          </button>
          <button type="button" className="btn btn-quiet" onClick={() => setMode('delete')}>
            {t('notes.orphans.delete')}
          </button>
        </div>
      )}
      {mode === 'delete' && (
        <div className="np-confirm" role="alertdialog" aria-label={t('notes.orphans.delete')}>
          <p>{t('notes.orphans.deleteConfirm')}</p>
          <button type="button" className="btn btn-danger" onClick={() => book !== undefined && void run(book.remove(a.id))} autoFocus>
            {t('notes.orphans.delete')}
          </button>
          <button type="button" className="btn btn-quiet" onClick={() => setMode('idle')}>
            {t('notes.orphans.cancel')}
          </button>
        </div>
      )}
      {mode === 'reattach' && here !== undefined && here.sha256 !== undefined && (
        <ReattachDialog
          meetingId={props.meetingId}
          annotation={a}
          target={{ documentId: here.id, revision: here.revision, sha256: here.sha256 }}
          pages={props.documents.find((d) => d.id === here.id)?.pages ?? a.target.page}
          textLayer={!here.confidential}
          onDone={save}
          onCancel={() => setMode('idle')}
        />
      )}
      {error !== undefined && (
        <p className="np-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function OrphansList(props: OrphansListProps) {
  const t = useAnnotationsT();
  return (
    <div className="np-orphans" data-testid="orphans-list">
      <h3>{t('notes.orphans.title')}</h3>
      {props.orphans.length === 0 ? (
        <p className="np-empty">{t('notes.orphans.none')}</p>
      ) : (
        <>
          <p className="np-muted">{t('notes.orphans.hint')}</p>
          <ul className="np-list">
            {props.orphans.map((s) => (
              <OrphanRow key={s.annotation.id} s={s} props={props} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
