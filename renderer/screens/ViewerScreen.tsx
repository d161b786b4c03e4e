// Reading one document: decrypt from this device, hand the bytes to the PdfViewer; the meeting's note book
// around it (annotations, issue 8) with the "Ghi chú" panel beside it (a bottom sheet on phones), the banner of
// re-anchoring, the read receipt.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useController, useSelector } from '../app/AppContext.tsx';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import { useAnnotationsT } from '../i18n/annotations.ts';
import type { ErrorValue } from '../../common/result.ts';
import type { MeetingView, ReadableDocument } from '../platform/Platform.ts';
import { VIEWER_LABELS_EN, VIEWER_LABELS_VI } from '../viewer/labels.ts';
import { PdfViewer } from '../viewer/PdfViewer.tsx';
import { LiveBar } from './live/LiveBar.tsx';
import { useSearchHit } from '../search/hitStore.ts';
import { SearchButton, ViewerSearch } from '../search/ViewerSearch.tsx';
import { useAnnotations } from '../annotations/ui/AnnotationContext.tsx';
import { NoteBookProvider } from '../annotations/ui/NoteBookProvider.tsx';
import { ExportButton } from '../annotations/ui/panel/ExportButton.tsx';
import { clearJump, clearOrphansTab, peekJump, peekOrphansTab, shaOf } from '../annotations/ui/panel/noteJump.ts';
import { NotesPanel, type PanelDocument, type PanelTab } from '../annotations/ui/panel/NotesPanel.tsx';
import { marksOfDocument, namesOf } from '../annotations/ui/panel/panelModel.ts';
import { ReanchorBanner } from '../annotations/ui/panel/ReanchorBanner.tsx';
import { useKeepPageTexts, useReadReceipt, useReanchorOnOpen } from '../annotations/ui/panel/useViewerNotes.ts';

type Opened =
  | { readonly status: 'loading' }
  | { readonly status: 'ok'; readonly bytes: Uint8Array; readonly sha256: string | undefined; readonly page?: number }
  | { readonly status: 'error'; readonly error: ErrorValue };

/** DocumentEntry.sha256 is the SHA-256 of the plaintext PDF: the bytes just decrypted give it (a few ms). */
async function sha256Hex(bytes: Uint8Array): Promise<string | undefined> {
  try {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    return undefined;
  }
}

function useDecrypted(meetingId: string, documentId: string): Opened {
  const controller = useController();
  const [opened, setOpened] = useState<{ readonly key: string; readonly value: Opened }>({ key: '', value: { status: 'loading' } });
  const key = `${meetingId}/${documentId}`;
  useEffect(() => {
    let alive = true;
    // A mark opened from a list (another document) opens at its page, once.
    const jump = peekJump(meetingId, documentId);
    const load = async (): Promise<Opened> => {
      try {
        const [bytes, last] = await Promise.all([controller.openDocument(meetingId, documentId), controller.lastPage(meetingId, documentId)]);
        const page = jump ?? last;
        const sha256 = await sha256Hex(bytes);
        return page === undefined ? { status: 'ok', bytes, sha256 } : { status: 'ok', bytes, sha256, page };
      } catch (e) {
        const value = (e as { value?: ErrorValue }).value;
        return { status: 'error', error: value ?? { code: 'INTERNAL', message: String(e) } };
      }
    };
    void load().then((value) => {
      if (!alive) return;
      if (jump !== undefined) clearJump();
      setOpened({ key, value });
    });
    return () => {
      alive = false;
    };
  }, [controller, meetingId, documentId, key]);
  return opened.key === key ? opened.value : { status: 'loading' };
}

/** Phones: the panel is a bottom sheet (the viewer's own phone breakpoint, styles.css). */
const PHONE_QUERY = '(max-width: 700px)';

function subscribePhone(onChange: () => void): () => void {
  const q = globalThis.matchMedia?.(PHONE_QUERY);
  q?.addEventListener('change', onChange);
  return () => q?.removeEventListener('change', onChange);
}

function usePhone(): boolean {
  return useSyncExternalStore(subscribePhone, () => globalThis.matchMedia?.(PHONE_QUERY).matches ?? false);
}

function NotesButton({ count, open, onToggle, compact }: { readonly count: number; readonly open: boolean; onToggle(): void; readonly compact?: boolean }) {
  const t = useAnnotationsT();
  const label = t('notes.open', { count });
  return (
    <button
      type="button"
      className={compact === true ? 'np-fab' : 'btn btn-quiet np-toggle'}
      aria-pressed={open}
      aria-label={label}
      title={label}
      onClick={onToggle}
      data-testid={compact === true ? 'notes-open-compact' : 'notes-open'}
    >
      <span aria-hidden="true">🗒</span>
      {compact === true ? <span className="np-badge">{count}</span> : <span>{label}</span>}
    </button>
  );
}

interface ViewerPageProps {
  readonly meetingId: string;
  readonly documentId: string;
  readonly view: MeetingView | undefined;
  readonly doc: ReadableDocument | undefined;
}

function ViewerPage({ meetingId, documentId, view, doc }: ViewerPageProps) {
  const i18n = useT();
  const controller = useController();
  const { book, snapshot } = useAnnotations();
  const opened = useDecrypted(meetingId, documentId);
  const hit = useSearchHit(meetingId, documentId);
  const phone = usePhone();
  const onPageChange = useCallback((page: number) => controller.rememberPage(meetingId, documentId, page), [controller, meetingId, documentId]);
  const sha256 = shaOf(doc) ?? (opened.status === 'ok' ? opened.sha256 : undefined);
  const revision = doc?.revision;
  const target = useMemo(() => (sha256 === undefined || revision === undefined ? undefined : { documentId, revision, sha256 }), [documentId, revision, sha256]);
  const [panel, setPanel] = useState<{ open: boolean; tab: PanelTab }>(() => (peekOrphansTab(meetingId, documentId) ? { open: true, tab: 'orphans' } : { open: false, tab: 'document' }));
  useEffect(clearOrphansTab, []);
  const [bannerHidden, setBannerHidden] = useState(false);
  useReadReceipt(book, documentId, revision);
  const reanchor = useReanchorOnOpen(meetingId, target);
  useKeepPageTexts(meetingId, target, doc?.confidential ?? true);
  const count = marksOfDocument(snapshot.annotations, documentId).length;
  const toggle = () => setPanel((p) => ({ ...p, open: !p.open }));
  const current: PanelDocument | undefined = doc && { id: doc.id, revision: doc.revision, sha256, confidential: doc.confidential };
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
        <NotesButton count={count} open={panel.open} onToggle={toggle} />
      </header>
      <LiveBar meetingId={meetingId} currentDocumentId={documentId} />
      {!bannerHidden && <ReanchorBanner state={reanchor} onList={() => setPanel({ open: true, tab: 'orphans' })} onDismiss={() => setBannerHidden(true)} />}
      <div className={panel.open && !phone ? 'viewer-body np-split' : 'viewer-body'}>
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
            {...(target === undefined ? {} : { annotationTarget: target })}
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
        {phone && !panel.open && <NotesButton count={count} open={false} onToggle={toggle} compact />}
        {panel.open && view !== undefined && (
          <NotesPanel
            meetingId={meetingId}
            documents={view.documents}
            role={view.role}
            current={current}
            tab={panel.tab}
            onTab={(tab) => setPanel({ open: true, tab })}
            onClose={() => setPanel((p) => ({ ...p, open: false }))}
            sheet={phone}
            names={namesOf(view.delegates)}
            // A confidential document never leaves the viewer as a file (its lease shreds it; copying is blocked).
            actions={doc !== undefined && !doc.confidential ? <ExportButton meetingId={meetingId} document={{ id: doc.id, title: doc.title, revision: doc.revision, sha256 }} /> : undefined}
          />
        )}
      </div>
      <ViewerSearch meetingId={meetingId} />
    </main>
  );
}

export function ViewerScreen({ meetingId, documentId }: { readonly meetingId: string; readonly documentId: string }) {
  const view = useSelector((s) => (s.meeting?.meetingId === meetingId && s.meeting.view.status === 'ok' ? s.meeting.view.value : undefined));
  const doc = view?.documents.find((d) => d.id === documentId);
  return (
    <NoteBookProvider meetingId={meetingId}>
      <ViewerPage meetingId={meetingId} documentId={documentId} view={view} doc={doc} />
    </NoteBookProvider>
  );
}
