// Reading one document: decrypt from this device, hand the bytes to the PdfViewer.
import { useCallback, useEffect, useState } from 'react';
import { useController, useSelector } from '../app/AppContext.tsx';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import type { ErrorValue } from '../../common/result.ts';
import { VIEWER_LABELS_EN, VIEWER_LABELS_VI } from '../viewer/labels.ts';
import { PdfViewer } from '../viewer/PdfViewer.tsx';
import { LiveBar } from './live/LiveBar.tsx';
import { useSearchHit } from '../search/hitStore.ts';
import { SearchButton, ViewerSearch } from '../search/ViewerSearch.tsx';

type Opened = { readonly status: 'loading' } | { readonly status: 'ok'; readonly bytes: Uint8Array; readonly page?: number } | { readonly status: 'error'; readonly error: ErrorValue };

function useDecrypted(meetingId: string, documentId: string): Opened {
  const controller = useController();
  const [opened, setOpened] = useState<{ readonly key: string; readonly value: Opened }>({ key: '', value: { status: 'loading' } });
  const key = `${meetingId}/${documentId}`;
  useEffect(() => {
    let alive = true;
    const load = async (): Promise<Opened> => {
      try {
        const [bytes, page] = await Promise.all([controller.openDocument(meetingId, documentId), controller.lastPage(meetingId, documentId)]);
        return page === undefined ? { status: 'ok', bytes } : { status: 'ok', bytes, page };
      } catch (e) {
        const value = (e as { value?: ErrorValue }).value;
        return { status: 'error', error: value ?? { code: 'INTERNAL', message: String(e) } };
      }
    };
    void load().then((value) => alive && setOpened({ key, value }));
    return () => {
      alive = false;
    };
  }, [controller, meetingId, documentId, key]);
  return opened.key === key ? opened.value : { status: 'loading' };
}

export function ViewerScreen({ meetingId, documentId }: { readonly meetingId: string; readonly documentId: string }) {
  const i18n = useT();
  const controller = useController();
  const doc = useSelector((s) => (s.meeting?.meetingId === meetingId && s.meeting.view.status === 'ok' ? s.meeting.view.value.documents.find((d) => d.id === documentId) : undefined));
  const opened = useDecrypted(meetingId, documentId);
  const hit = useSearchHit(meetingId, documentId);
  const onPageChange = useCallback((page: number) => controller.rememberPage(meetingId, documentId, page), [controller, meetingId, documentId]);
  return (
    <main className="viewer-page" id="main">
      <header className="viewer-head">
        <a className="btn btn-quiet back" href={`#/m/${meetingId}`}>
          ← {i18n.t('nav.back')}
        </a>
        {doc && (
          <div className="viewer-title">
            <h1 data-testid="viewer-title">{doc.title}</h1>
            <span className="doc-meta">
              <span className="doc-kind">{i18n.t(`doc.kind.${doc.kind}`)}</span>
              <span>{i18n.t('doc.revision', { revision: doc.revision })}</span>
              {doc.confidential && <span className="mat">{i18n.t('doc.confidential')}</span>}
            </span>
          </div>
        )}
        <SearchButton />
      </header>
      <LiveBar meetingId={meetingId} currentDocumentId={documentId} />
      <div className="viewer-body">
        {opened.status === 'loading' && <Loading />}
        {opened.status === 'error' && <ErrorBox error={opened.error} />}
        {opened.status === 'ok' && (
          <PdfViewer
            source={opened.bytes}
            documentId={`${meetingId}/${documentId}`}
            confidential={doc?.confidential ?? true}
            {...(opened.page === undefined ? {} : { initialPage: opened.page })}
            {...(hit?.page === undefined ? {} : { initialPage: hit.page, find: hit })}
            onPageChange={onPageChange}
            labels={i18n.lang === 'vi' ? VIEWER_LABELS_VI : VIEWER_LABELS_EN}
            toolbarStart={
              <>
                <a className="pv-btn viewer-back-compact" href={`#/m/${meetingId}`} aria-label={i18n.t('nav.back')} title={doc?.title ?? i18n.t('nav.back')}>
                  <span aria-hidden="true">←</span>
                </a>
                <SearchButton compact />
              </>
            }
          />
        )}
      </div>
      <ViewerSearch meetingId={meetingId} />
    </main>
  );
}
