// One row of the "Ghi chú" list: kind icon, colour, page, the quote or the note, author and scope; a click opens
// it on its page. My notes (and highlights with a comment) can be sent to the secretariat as a góp ý, after a
// confirmation; the row then says "Đã gửi góp ý".
import { useState } from 'react';
import { useAnnotationsT, type AnnotationsT } from '../../../i18n/annotations.ts';
import type { ShownAnnotation } from '../../bookTypes.ts';
import { COLOR_RGB, type AnnotationColor } from '../../../../common/annotations/types.ts';
import { canSendOpinion, noteTextOf, quoteOf } from './panelModel.ts';

export const KIND_ICON = { highlight: '🖍', ink: '✎', note: '🗒' } as const;

function rgb(color: AnnotationColor): string {
  const [r, g, b] = COLOR_RGB[color];
  return `rgb(${Math.round(r * 255)} ${Math.round(g * 255)} ${Math.round(b * 255)})`;
}

/** Bound of the text a row shows (the whole note is one click away). */
const ROW_CHARS = 240;

const clip = (s: string): string => (s.length > ROW_CHARS ? `${s.slice(0, ROW_CHARS - 1)}…` : s);

function Swatch({ s }: { readonly s: ShownAnnotation }) {
  const a = s.annotation;
  const color = a.kind === 'note' ? rgb('yellow') : rgb(a.color);
  return <span className="np-swatch" style={{ background: color }} aria-hidden="true" />;
}

function Body({ s, t }: { readonly s: ShownAnnotation; readonly t: AnnotationsT }) {
  const a = s.annotation;
  const quote = quoteOf(a);
  const text = noteTextOf(a);
  return (
    <span className="np-body">
      {quote !== '' && <q className="np-quote">{clip(quote)}</q>}
      {text !== '' && <span className="np-text">{clip(text)}</span>}
      {quote === '' && text === '' && <span className="np-text np-muted">{a.kind === 'ink' ? t('notes.drawing') : t('notes.emptyNote')}</span>}
    </span>
  );
}

export interface NoteRowProps {
  readonly s: ShownAnnotation;
  readonly selected: boolean;
  /** Shown when the row is not on the revision the viewer shows. */
  readonly note?: string | undefined;
  onOpen(s: ShownAnnotation): void;
  onSendOpinion?: ((s: ShownAnnotation) => Promise<string | undefined>) | undefined;
}

export function NoteRow({ s, selected, note, onOpen, onSendOpinion }: NoteRowProps) {
  const t = useAnnotationsT();
  const a = s.annotation;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const send = async () => {
    if (onSendOpinion === undefined) return;
    setBusy(true);
    const failed = await onSendOpinion(s);
    setBusy(false);
    setConfirming(false);
    setError(failed);
  };
  return (
    <li className={selected ? 'np-row np-row-selected' : 'np-row'} data-testid="note-row" data-id={a.id} data-kind={a.kind} data-scope={a.scope}>
      <button type="button" className="np-open" data-note-row onClick={() => onOpen(s)} aria-label={t('notes.goTo', { page: a.target.page })} aria-current={selected ? 'true' : undefined}>
        <span className="np-icon" aria-hidden="true">
          {KIND_ICON[a.kind]}
        </span>
        <Swatch s={s} />
        <span className="np-page">{t('notes.pageShort', { page: a.target.page })}</span>
        <Body s={s} t={t} />
        <span className="np-meta">
          <span className="np-author">{s.mine ? t('notes.me') : s.authorName}</span>
          <span className={`np-scope np-scope-${a.scope}`}>{t(`notes.scope.${a.scope}`)}</span>
          {a.opinionSentAt !== undefined && (
            <span className="np-sent" data-testid="opinion-sent">
              ✓ {t('notes.opinion.sent')}
            </span>
          )}
          {note !== undefined && <span className="np-old">{note}</span>}
        </span>
      </button>
      {onSendOpinion !== undefined && canSendOpinion(s) && !confirming && (
        <button type="button" className="np-action" onClick={() => setConfirming(true)}>
          {a.opinionSentAt === undefined ? t('notes.opinion.send') : t('notes.opinion.resend')}
        </button>
      )}
      {confirming && (
        <div className="np-confirm" role="alertdialog" aria-label={t('notes.opinion.send')}>
          <p>{t('notes.opinion.confirm')}</p>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void send()} autoFocus>
            {t('notes.opinion.confirmYes')}
          </button>
          <button type="button" className="btn btn-quiet" disabled={busy} onClick={() => setConfirming(false)}>
            {t('notes.opinion.cancel')}
          </button>
        </div>
      )}
      {error !== undefined && (
        <p className="np-error" role="alert">
          {t('notes.opinion.failed', { message: error })}
        </p>
      )}
    </li>
  );
}
