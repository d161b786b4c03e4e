// Meeting home: header, update/revoked banners, the live bar, tabs (agenda, delegates, session info).
// On phones and tablets the live bar starts as the viewer's one line, so the agenda is on the first screen.
import './meeting.css';
import { useSyncExternalStore } from 'react';
import { useSelector } from '../app/AppContext.tsx';
import { MEETING_TABS, type MeetingTab } from '../app/routes.ts';
import { ErrorBox, Loading, StateBadge } from '../components/Feedback.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import { memberLine } from '../i18n/members.ts';
import type { MeetingView } from '../platform/Platform.ts';
import { AgendaTree } from './AgendaTree.tsx';
import { DelegatesTable } from './DelegatesTable.tsx';
import { SessionInfo } from './SessionInfo.tsx';
import { UpdateBanner } from './UpdateBanner.tsx';
import { LeaseBanner } from './LeaseBanner.tsx';
import { LiveBar } from './live/LiveBar.tsx';
import { MeetingSearch } from '../search/MeetingSearch.tsx';
import { CounterDesk } from './live/voting/CounterDesk.tsx';
import { MeetingNotes } from '../annotations/ui/panel/MeetingNotes.tsx';

/** Phones and tablets both ways (1180×820 landscape included): the live bar starts compact. Laptops show it whole. */
export const COMPACT_LIVE_QUERY = '(max-width: 1199px)';

function subscribeWidth(onChange: () => void): () => void {
  const query = globalThis.matchMedia?.(COMPACT_LIVE_QUERY);
  query?.addEventListener('change', onChange);
  return () => query?.removeEventListener('change', onChange);
}

function useCompactLive(): boolean {
  return useSyncExternalStore(subscribeWidth, () => globalThis.matchMedia?.(COMPACT_LIVE_QUERY).matches ?? false);
}

/**
 * LiveBar shows its compact line (with "Mở rộng", remembered on the device) whenever it is given a
 * `currentDocumentId`; on the meeting home no document is open, so it gets this id that names none.
 * The hall screen member gets none at all: LiveBar sends it on to the hall screen.
 */
const NO_DOCUMENT = '';

function MeetingLive({ view }: { readonly view: MeetingView }) {
  const compact = useCompactLive() && view.role !== 'observer';
  const meetingId = view.summary.meetingId;
  return (
    <div className={compact ? 'meeting-live meeting-live-compact' : 'meeting-live'} data-testid="meeting-live">
      {compact ? <LiveBar meetingId={meetingId} currentDocumentId={NO_DOCUMENT} /> : <LiveBar meetingId={meetingId} />}
    </div>
  );
}

const TAB_LABEL = { agenda: 'meeting.tabs.agenda', delegates: 'meeting.tabs.delegates', info: 'meeting.tabs.info' } as const;

function Tabs({ meetingId, tab }: { readonly meetingId: string; readonly tab: MeetingTab }) {
  const { t } = useT();
  return (
    <nav className="tabs" aria-label={t('meeting.tabs.agenda')}>
      {MEETING_TABS.map((x) => (
        <a key={x} className="tab" href={x === 'agenda' ? `#/m/${meetingId}` : `#/m/${meetingId}/${x}`} aria-current={x === tab ? 'page' : undefined}>
          {t(TAB_LABEL[x])}
        </a>
      ))}
    </nav>
  );
}

function Header({ view }: { readonly view: MeetingView }) {
  const i18n = useT();
  const me = view.me;
  return (
    <header className="meeting-head">
      <p className="eyebrow">{view.meeting.body}</p>
      <h1>{view.meeting.title}</h1>
      <p className="meeting-when">
        {i18n.date(view.meeting.startsAt)} · {view.meeting.place}
      </p>
      <div className="meeting-badges">
        <StateBadge state={view.summary.state} />
        <span className="badge">{i18n.t('meeting.revision', { revision: view.revision })}</span>
        {me && <span className="badge badge-me">{memberLine(i18n.t, view.role, me.name, me.group)}</span>}
      </div>
    </header>
  );
}

function Body({ view, tab }: { readonly view: MeetingView; readonly tab: MeetingTab }) {
  const { t } = useT();
  const id = view.summary.meetingId;
  const nothing = view.summary.readyRevision === 0;
  if (tab === 'delegates') return <DelegatesTable delegates={view.delegates} {...(view.me ? { meId: view.me.id } : {})} />;
  if (tab === 'info') return <SessionInfo view={view} />;
  return (
    <>
      {nothing && (
        <p className="banner">
          {t('meeting.notReady')} <a href={`#/m/${id}/download`}>{t('download.start')}</a>
        </p>
      )}
      <AgendaTree meetingId={id} agenda={view.agenda} documents={view.documents} />
    </>
  );
}

export function MeetingScreen({ meetingId, tab }: { readonly meetingId: string; readonly tab: MeetingTab }) {
  const { t } = useT();
  const meeting = useSelector((s) => (s.meeting?.meetingId === meetingId ? s.meeting.view : undefined));
  if (!meeting || meeting.status === 'loading' || meeting.status === 'idle') return <Loading />;
  if (meeting.status === 'error') {
    return (
      <main className="page" id="main">
        {meeting.error.code === 'LEASE_EXPIRED' ? <LeaseBanner meetingId={meetingId} expired /> : <ErrorBox error={meeting.error} />}
      </main>
    );
  }
  const view = meeting.value;
  return (
    <main className="page" id="main">
      <Header view={view} />
      {view.summary.state === 'revoked' && <p className="banner banner-danger">{t('revoked.banner')}</p>}
      <UpdateBanner meetingId={meetingId} />
      <LeaseBanner meetingId={meetingId} />
      <MeetingLive view={view} />
      {view.role !== 'observer' && <CounterDesk meetingId={meetingId} />}
      {view.summary.readyRevision > 0 && <MeetingSearch meetingId={meetingId} />}
      {view.summary.readyRevision > 0 && view.role !== 'observer' && <MeetingNotes view={view} />}
      <Tabs meetingId={meetingId} tab={tab} />
      <div className="tab-body">
        <Body view={view} tab={tab} />
      </div>
    </main>
  );
}
