// Home: the meetings joined on this device, and the join panel.
import { useController, useSelector } from '../app/AppContext.tsx';
import { ErrorBox, StateBadge } from '../components/Feedback.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import type { MeetingSummary } from '../platform/Platform.ts';
import { JoinPanel } from './JoinPanel.tsx';

function MeetingCard({ m }: { readonly m: MeetingSummary }) {
  const i18n = useT();
  const controller = useController();
  const forget = () => {
    if (window.confirm(i18n.t('list.forgetConfirm'))) void controller.forget(m.meetingId);
  };
  return (
    <li className="card meeting-card">
      <a className="meeting-link" href={`#/m/${m.meetingId}`}>
        <span className="meeting-title">{m.title || m.meetingId}</span>
        <span className="muted">{m.startsAt ? i18n.date(m.startsAt) : ''}</span>
      </a>
      <div className="meeting-card-foot">
        <StateBadge state={m.state} />
        <button type="button" className="btn btn-quiet" onClick={forget}>
          {i18n.t('list.forget')}
        </button>
      </div>
    </li>
  );
}

export function HomeScreen() {
  const { t } = useT();
  const meetings = useSelector((s) => s.meetings);
  return (
    <main className="page narrow" id="main">
      {meetings.status === 'error' && <ErrorBox error={meetings.error} />}
      {meetings.status === 'ok' && meetings.value.length > 0 && (
        <section aria-labelledby="my-meetings">
          <h1 id="my-meetings">{t('nav.meetings')}</h1>
          <ul className="meeting-list">
            {meetings.value.map((m) => (
              <MeetingCard key={m.meetingId} m={m} />
            ))}
          </ul>
        </section>
      )}
      {meetings.status === 'ok' && meetings.value.length === 0 && <p className="muted">{t('join.empty')}</p>}
      <JoinPanel />
    </main>
  );
}
