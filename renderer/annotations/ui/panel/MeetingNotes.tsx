// The meeting home's "Ghi chú" entry: a button that opens the meeting-wide list (every document's marks by
// document, the orphans to re-attach, for the secretariat the góp ý received). The note book is opened only
// while the list is open, so the home costs nothing more until then.
import { useState } from 'react';
import { useAnnotationsT } from '../../../i18n/annotations.ts';
import type { MeetingView } from '../../../platform/Platform.ts';
import { NoteBookProvider } from '../NoteBookProvider.tsx';
import { NotesPanel, type PanelTab } from './NotesPanel.tsx';
import { namesOf } from './panelModel.ts';

export function MeetingNotes({ view }: { readonly view: MeetingView }) {
  const t = useAnnotationsT();
  const [open, setOpen] = useState(false);
  const [tab, setTab] = useState<PanelTab>('meeting');
  const meetingId = view.summary.meetingId;
  return (
    <div className="np-home-entry-wrap">
      <div className="np-home-entry">
        <button type="button" className="btn" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="meeting-notes-open">
          <span aria-hidden="true">🗒</span> {t('notes.title')}
        </button>
      </div>
      {open && (
        <NoteBookProvider meetingId={meetingId}>
          <div className="np-home">
            <NotesPanel meetingId={meetingId} documents={view.documents} role={view.role} tab={tab} onTab={setTab} onClose={() => setOpen(false)} names={namesOf(view.delegates)} />
          </div>
        </NoteBookProvider>
      )}
    </div>
  );
}
