// "Góp ý nhận được" (secretariat members only): every góp ý the book opened from the opinion inbox, per document
// (this one first when the viewer shows one). The console's tổng hợp ý kiến export is elsewhere.
import { useEffect, useState } from 'react';
import type { Opinion } from '../../../../common/annotations/types.ts';
import { useAnnotationsT } from '../../../i18n/annotations.ts';
import { useT } from '../../../i18n/I18nProvider.tsx';
import type { ReadableDocument } from '../../../platform/Platform.ts';
import { useAnnotations } from '../AnnotationContext.tsx';

type Loaded = { readonly status: 'loading' } | { readonly status: 'ok'; readonly list: readonly Opinion[] } | { readonly status: 'error'; readonly message: string };

/** By document in the meeting's order, then by page and time. */
export function sortOpinions(list: readonly Opinion[], order: readonly string[]): Opinion[] {
  const rank = new Map(order.map((id, i) => [id, i]));
  const r = (id: string) => rank.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...list].sort((a, b) => r(a.documentId) - r(b.documentId) || a.page - b.page || a.sentAt.localeCompare(b.sentAt));
}

export interface OpinionsListProps {
  readonly documents: readonly ReadableDocument[];
  readonly currentDocumentId?: string | undefined;
  readonly names?: ReadonlyMap<string, string> | undefined;
}

export function OpinionsList({ documents, currentDocumentId, names: known }: OpinionsListProps) {
  const t = useAnnotationsT();
  const i18n = useT();
  const { book, snapshot } = useAnnotations();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [onlyThis, setOnlyThis] = useState(currentDocumentId !== undefined);
  useEffect(() => {
    if (book === undefined) return;
    let alive = true;
    book.opinions().then(
      (list) => alive && setLoaded({ status: 'ok', list }),
      (e: unknown) => alive && setLoaded({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      alive = false;
    };
    // A new snapshot may mean new góp ý have synced.
  }, [book, snapshot]);
  if (loaded.status === 'loading') return <p className="np-status">{t('notes.opinions.loading')}</p>;
  if (loaded.status === 'error') return <p className="np-status np-warn">{t('notes.opinions.failed', { message: loaded.message })}</p>;
  const names = new Map([...snapshot.annotations.map((s) => [s.annotation.authorId, s.authorName] as const), ...(known ?? [])]);
  const title = (id: string) => documents.find((d) => d.id === id)?.title ?? t('notes.unknownDocument');
  const shown = sortOpinions(loaded.list, documents.map((d) => d.id)).filter((o) => !onlyThis || o.documentId === currentDocumentId);
  return (
    <div className="np-opinions" data-testid="opinions-list">
      {currentDocumentId !== undefined && (
        <label className="np-only">
          <input type="checkbox" checked={onlyThis} onChange={(e) => setOnlyThis(e.target.checked)} />
          {t('notes.opinions.document')}
        </label>
      )}
      <p className="np-counts">{t('notes.opinions.count', { count: shown.length })}</p>
      {shown.length === 0 ? (
        <p className="np-empty">{t('notes.opinions.none')}</p>
      ) : (
        <ul className="np-list">
          {shown.map((o) => (
            <li key={`${o.authorId}/${o.id}`} className="np-row np-opinion" data-testid="opinion-row">
              <span className="np-page">{t('notes.pageShort', { page: o.page })}</span>
              <span className="np-body">
                {!onlyThis && <span className="np-doc">{title(o.documentId)}</span>}
                {o.quote !== '' && <q className="np-quote">{o.quote}</q>}
                <span className="np-text">{o.text}</span>
              </span>
              <span className="np-meta">
                <span className="np-author">{names.get(o.authorId) ?? o.authorId}</span>
                <span>{i18n.date(o.sentAt)}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
