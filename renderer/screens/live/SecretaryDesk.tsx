// Điểm danh tại cửa: the secretary's live screen. Only the attendance board (the chair console's own), whose
// every action is `recordAttendance` (its quorum line is the only one on the screen) — the one command the server takes from a secretary (SECRETARY_COMMANDS).
import { useState } from 'react';
import type { ErrorValue } from '../../../common/result.ts';
import { useSelector } from '../../app/AppContext.tsx';
import { currentView } from '../../app/state.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { LiveStatusBadge } from '../../live/LiveParts.tsx';
import { useLiveSession } from '../../live/useLiveSession.ts';
import type { Act } from './act.ts';
import { AttendanceBoard } from './AttendanceBoard.tsx';

export function SecretaryDesk({ meetingId }: { readonly meetingId: string }) {
  const i18n = useT();
  const meeting = useSelector((s) => (s.meeting?.meetingId === meetingId ? s.meeting.view : undefined));
  const view = useSelector(currentView);
  const live = useLiveSession(meetingId);
  const [error, setError] = useState<ErrorValue>();
  if (meeting?.status === 'error') return <ErrorBox error={meeting.error} />;
  if (live.error) return <ErrorBox error={live.error} />;
  if (!view || view.summary.meetingId !== meetingId || !live.snapshot) return <Loading />;
  const snapshot = live.snapshot;
  const act: Act = async (command) => {
    if (command.type !== 'recordAttendance') return false;
    const outcome = await live.send(command);
    setError(outcome.status === 'failed' ? outcome.error : undefined);
    return outcome.status !== 'failed';
  };
  return (
    <main className="console console-secretary" id="main" data-testid="secretary-desk">
      <header className="console-head">
        <div>
          <p className="eyebrow">{i18n.t('live.secretary.title')}</p>
          <h1>{view.meeting.title}</h1>
        </div>
        <div className="console-head-tools">
          <LiveStatusBadge status={snapshot.status} />
          <a className="btn btn-quiet" href={`#/m/${view.summary.meetingId}`}>
            {i18n.t('live.chair.toMeeting')}
          </a>
        </div>
      </header>
      {error && (
        <p className="error-text" role="alert" data-testid="console-error">
          {i18n.t('live.refused', { error: i18n.error(error) })}
        </p>
      )}
      <AttendanceBoard view={view} snapshot={snapshot} act={act} />
    </main>
  );
}
