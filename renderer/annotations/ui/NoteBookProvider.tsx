// Opens the meeting's note book once (useNoteBook) and hands it, with its newest snapshot, to the viewer's
// annotation parts through AnnotationContext. Put it above the viewer screen of one meeting.
import type { ReactNode } from 'react';
import { useServices } from '../../app/AppContext.tsx';
import { useNoteBook } from '../useNoteBook.ts';
import { AnnotationContext } from './AnnotationContext.tsx';

export function NoteBookProvider({ meetingId, children }: { readonly meetingId: string; readonly children: ReactNode }): ReactNode {
  const { platform } = useServices();
  const value = useNoteBook(platform, meetingId);
  return <AnnotationContext.Provider value={value}>{children}</AnnotationContext.Provider>;
}
