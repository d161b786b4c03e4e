// Meeting home: header, update/revoked banners, tabs (agenda, delegates, session info).
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
      <LiveBar meetingId={meetingId} />
      <Tabs meetingId={meetingId} tab={tab} />
      <div className="tab-body">
        <Body view={view} tab={tab} />
      </div>
    </main>
  );
}
