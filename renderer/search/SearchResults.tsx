// Results grouped by document, then page, each with a snippet whose hits are marked; choosing one opens the
// page in the viewer with every hit highlighted (hitStore.ts → the viewer's find).
import { Fragment, useState, type ReactNode } from 'react';
import type { SearchDocumentResult, SearchPageResult, SearchResults as Results, Snippet } from '../../common/search/types.ts';
import { useSearchT } from '../i18n/search.ts';
import { docHash, openHit } from './hitStore.ts';

/** Pages listed per document before "Xem thêm". */
export const PAGES_SHOWN = 3;

function Marked({ snippet }: { readonly snippet: Snippet }) {
  const parts: ReactNode[] = [];
  let at = 0;
  snippet.highlights.forEach((h, i) => {
    parts.push(<Fragment key={`t${i}`}>{snippet.text.slice(at, h.start)}</Fragment>, <mark key={`m${i}`}>{snippet.text.slice(h.start, h.end)}</mark>);
    at = h.end;
  });
  parts.push(<Fragment key="end">{snippet.text.slice(at)}</Fragment>);
  return (
    <span className="search-snippet">
      {snippet.cutStart ? '…' : ''}
      {parts}
      {snippet.cutEnd ? '…' : ''}
    </span>
  );
}

interface HitProps {
  readonly doc: SearchDocumentResult;
  readonly page: SearchPageResult;
  readonly query: string;
  readonly onOpen?: (() => void) | undefined;
}

function PageHit({ doc, page, query, onOpen }: HitProps) {
  const t = useSearchT();
  const open = () => {
    openHit({ meetingId: doc.meetingId, documentId: doc.documentId, page: page.page, query });
    onOpen?.();
  };
  return (
    <li>
      <a className="search-hit" data-testid="search-hit" href={docHash(doc.meetingId, doc.documentId)} onClick={open}>
        <span className="search-page">{t('search.page', { page: page.page })}</span>
        {page.snippet ? <Marked snippet={page.snippet} /> : null}
      </a>
    </li>
  );
}

function DocumentHits({ doc, query, meetingId, onOpen }: { readonly doc: SearchDocumentResult; readonly query: string; readonly meetingId?: string | undefined; readonly onOpen?: (() => void) | undefined }) {
  const t = useSearchT();
  const [shown, setShown] = useState(PAGES_SHOWN);
  const more = doc.pages.length - shown;
  return (
    <li className="search-doc" data-testid="search-doc">
      <h3 className="search-doc-title">
        {doc.confidential ? <span className="mat">{t('search.confidential')}</span> : null}
        <span className="search-doc-name">{doc.title}</span>
        <span className="search-doc-count">{t('search.pages', { count: doc.pages.length })}</span>
      </h3>
      {meetingId !== undefined && doc.meetingId !== meetingId ? <p className="search-doc-meeting">{t('search.otherMeeting', { title: doc.meetingTitle })}</p> : null}
      <ol className="search-pages">
        {doc.pages.slice(0, shown).map((p) => (
          <PageHit key={p.page} doc={doc} page={p} query={query} onOpen={onOpen} />
        ))}
      </ol>
      {more > 0 ? (
        <button type="button" className="btn btn-quiet search-more" onClick={() => setShown((n) => n + 10)}>
          {t('search.morePages', { count: more })}
        </button>
      ) : null}
    </li>
  );
}

/** The current meeting's documents first, then the others (past sessions), each group best first. */
function ordered(docs: readonly SearchDocumentResult[], meetingId: string | undefined): SearchDocumentResult[] {
  if (meetingId === undefined) return [...docs];
  return [...docs.filter((d) => d.meetingId === meetingId), ...docs.filter((d) => d.meetingId !== meetingId)];
}

export function SearchResultList({ results, meetingId, onOpen }: { readonly results: Results; readonly meetingId?: string | undefined; readonly onOpen?: (() => void) | undefined }) {
  const t = useSearchT();
  const query = results.repaired ?? results.query;
  return (
    <div className="search-results" data-testid="search-results">
      {results.repaired !== undefined ? <p className="search-repaired">{t('search.repaired', { query: results.repaired })}</p> : null}
      {results.totalPages === 0 ? (
        <p className="search-none" role="status">
          {t('search.none', { query: results.query })} {t('search.noneHint')}
        </p>
      ) : (
        <p className="search-summary" role="status">
          {t('search.found', { pages: results.totalPages, documents: results.documents.length })}
        </p>
      )}
      <ol className="search-docs">
        {ordered(results.documents, meetingId).map((d) => (
          <DocumentHits key={`${d.meetingId}/${d.documentId}`} doc={d} query={query} meetingId={meetingId} onOpen={onOpen} />
        ))}
      </ol>
      {results.unindexed > 0 ? <p className="search-unindexed">{t('search.unindexed', { count: results.unindexed })}</p> : null}
    </div>
  );
}
