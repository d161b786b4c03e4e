// The search box on the meeting home (Ctrl+K / ⌘K focuses it).
import { SearchPanel } from './SearchPanel.tsx';

export function MeetingSearch({ meetingId }: { readonly meetingId: string }) {
  return (
    <section className="meeting-search" data-testid="meeting-search">
      <SearchPanel meetingId={meetingId} hotkey />
    </section>
  );
}
