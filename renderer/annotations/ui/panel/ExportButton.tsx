// "Xuất bản có ghi chú (PDF)" for the document shown: the marks the book shows me on it, drawn into the PDF.
import { useState } from 'react';
import { useServices } from '../../../app/AppContext.tsx';
import { useAnnotationsT } from '../../../i18n/annotations.ts';
import { useT } from '../../../i18n/I18nProvider.tsx';
import { useAnnotations } from '../AnnotationContext.tsx';
import { downloadAnnotatedPdf } from '../exportAnnotations.ts';

export interface ExportButtonProps {
  readonly meetingId: string;
  readonly document: { readonly id: string; readonly title: string; readonly revision: number; readonly sha256?: string | undefined };
}

export function ExportButton({ meetingId, document }: ExportButtonProps) {
  const t = useAnnotationsT();
  const { lang } = useT();
  const { platform } = useServices();
  const { snapshot } = useAnnotations();
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const run = async () => {
    setState({ busy: true });
    const r = await downloadAnnotatedPdf({ platform, meetingId, document, shown: snapshot.annotations, lang });
    setState(r.ok ? { busy: false } : { busy: false, error: r.error.message });
  };
  return (
    <>
      <button type="button" className="btn np-export" disabled={state.busy} onClick={() => void run()} data-testid="notes-export">
        {state.busy ? t('notes.exporting') : t('notes.export')}
      </button>
      {state.error !== undefined && (
        <p className="np-error" role="alert">
          {t('notes.exportFailed', { message: state.error })}
        </p>
      )}
    </>
  );
}
