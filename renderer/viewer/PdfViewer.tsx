// The document viewer: a virtualised, lazily drawn page list over pdf.js (never every page at once).

import './viewer.css';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { AnnotationTarget } from '../annotations/ui/tools/session.tsx';
import { useEffect, type ReactNode } from 'react';
import { DocumentView } from './DocumentView.tsx';
import { VIEWER_LABELS_VI, type ViewerLabels } from './labels.ts';
import type { PageSize } from './pageLayout.ts';
import type { FindRequest } from './findText.ts';
import type { RenderListener } from './renderEvents.ts';
import { useDocument } from './useDocument.ts';

export interface PdfViewerProps {
  /** The decrypted PDF, or a function that produces it (called once per documentId). */
  readonly source: Uint8Array | (() => Promise<Uint8Array>);
  /** Identifies the document; a new id opens a new document. */
  readonly documentId: string;
  /** Tài liệu mật: no text layer, no selection, copying blocked. */
  readonly confidential: boolean;
  readonly initialPage?: number;
  onPageChange?(page: number, pages: number): void;
  readonly labels?: ViewerLabels;
  /** Instrumentation for tests and benchmarks. */
  readonly onRenderEvent?: RenderListener;
  /** Put first in the toolbar on phones (for example the way back), where the host has no room for a header. */
  readonly toolbarStart?: ReactNode;
  /** Opens find with this query (a search hit); a new object each time. */
  readonly find?: FindRequest | undefined;
  /**
   * The document's DocumentEntry id, revision and sha256 (issue 8): shows the annotation layer and tools, with
   * the meeting's NoteBookProvider above. Absent: no annotations.
   */
  readonly annotationTarget?: AnnotationTarget | undefined;
}

export function PdfViewer(props: PdfViewerProps) {
  const labels = props.labels ?? VIEWER_LABELS_VI;
  const state = useDocument(props.source, props.documentId);
  const { onRenderEvent } = props;
  useEffect(() => {
    if (state.status === 'ready') onRenderEvent?.({ type: 'document-opened', pages: state.doc.numPages });
    if (state.status === 'failed') onRenderEvent?.({ type: 'document-failed', message: state.message });
  }, [state, onRenderEvent]);

  if (state.status === 'loading') {
    return (
      <div className="pv-root pv-center" role="status" aria-busy="true">
        {labels.loading}
      </div>
    );
  }
  if (state.status === 'failed') {
    return (
      <div className="pv-root pv-center">
        <div className="pv-doc-error" role="alert">
          <strong>{state.reason === 'password' ? labels.passwordProtected : labels.openFailed}</strong>
          <span className="pv-error-detail">{state.message}</span>
        </div>
      </div>
    );
  }
  return <ReadyViewer key={props.documentId} {...props} labels={labels} doc={state.doc} firstPage={state.firstPage} />;
}

function ReadyViewer(props: PdfViewerProps & { labels: ViewerLabels; doc: PDFDocumentProxy; firstPage: PageSize }) {
  return (
    <DocumentView
      doc={props.doc}
      firstPage={props.firstPage}
      confidential={props.confidential}
      initialPage={props.initialPage ?? 1}
      labels={props.labels}
      onPageChange={props.onPageChange}
      onRenderEvent={props.onRenderEvent}
      toolbarStart={props.toolbarStart}
      find={props.find}
      annotationTarget={props.annotationTarget}
    />
  );
}
