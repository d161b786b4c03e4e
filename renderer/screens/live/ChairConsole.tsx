// Điều hành phiên họp: the chair's console. Agenda control, the floor with its countdown and time controls,
// the speaker queue, the attendance board with the quorum, the announcement composer. Every power is checked
// again on the server; this screen only offers it.
import { useState } from 'react';
import type { ErrorValue } from '../../../common/result.ts';
import { useSelector } from '../../app/AppContext.tsx';
import { currentView } from '../../app/state.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import type { LiveSnapshot } from '../../live/liveClient.ts';
import { liveFacts } from '../../live/facts.ts';
import { AuditNotice, CountdownClock, FloorSpeaker, LiveStatusBadge, QuorumLine } from '../../live/LiveParts.tsx';
import { useLiveSession, type LiveSession } from '../../live/useLiveSession.ts';
import { quorumOf } from '../../live/viewModel.ts';
import type { MeetingView } from '../../platform/Platform.ts';
import type { Act } from './act.ts';
import { AgendaControl } from './AgendaControl.tsx';
import { AnnouncementComposer } from './AnnouncementComposer.tsx';
import { AttendanceBoard } from './AttendanceBoard.tsx';
import { SessionSettings } from './SessionSettings.tsx';
import { SpeakerQueue } from './SpeakerQueue.tsx';
import { UndoSnackbar } from './UndoSnackbar.tsx';
import { useUndo, type Undo } from '../../live/useUndo.ts';
import { ChairVoting } from './voting/ChairVoting.tsx';

const MINUTE = 60;

/** One "Kết thúc phát biểu" per speech: the key names the floor it ends. */
const floorKey = (snapshot: LiveSnapshot) => `end:${snapshot.state.floor?.delegateId ?? ''}:${snapshot.state.floor?.startedAt ?? ''}`;

/** `act` sends what waits in `undo` first: a later command never overtakes one the chair did not take back. */
function useAct(live: LiveSession, undo: Undo): { readonly act: Act; readonly send: Act; readonly error: ErrorValue | undefined } {
  const [error, setError] = useState<ErrorValue>();
  const send: Act = async (command) => {
    const outcome = await live.send(command);
    setError(outcome.status === 'failed' ? outcome.error : undefined);
    return outcome.status !== 'failed';
  };
  const act: Act = async (command) => {
    await undo.queue.commitAll();
    const outcome = await live.send(command);
    setError(outcome.status === 'failed' ? outcome.error : undefined);
    return outcome.status !== 'failed';
  };
  return { act, send, error };
}

function FloorPanel({ view, snapshot, act, send, undo }: { readonly view: MeetingView; readonly snapshot: LiveSnapshot; readonly act: Act; readonly send: Act; readonly undo: Undo }) {
  const { t } = useT();
  const ending = floorKey(snapshot);
  const endSpeech = () => undo.queue.schedule(ending, t('live.undo.endSpeech'), () => send({ type: 'endSpeech' }));
  const { floor, config, queue } = snapshot.state;
  const [minutes, setMinutes] = useState(String(config.speakingTimeSec / MINUTE));
  const applyTime = () => {
    // The form checks itself (noValidate): the browser's own messages would be in the browser's language.
    const n = Math.round(Math.min(120, Number(minutes)) * MINUTE);
    if (Number.isFinite(n) && n > 0) void act({ type: 'setSpeakingTime', seconds: n });
  };
  return (
    <section className="console-panel console-floor" aria-labelledby="floor-h">
      <h2 id="floor-h">{t('live.floor')}</h2>
      {floor ? (
        <>
          <FloorSpeaker floor={floor} delegates={view.delegates} />
          <CountdownClock floor={floor} offsetMs={snapshot.clockOffsetMs} size="large" />
          <div className="actions">
            <button type="button" className="btn" onClick={() => void act({ type: 'adjustTime', deltaSec: -MINUTE })}>
              {t('live.chair.subMinute')}
            </button>
            <button type="button" className="btn" onClick={() => void act({ type: 'adjustTime', deltaSec: MINUTE })}>
              {t('live.chair.addMinute')}
            </button>
            <button type="button" className="btn" disabled={undo.queue.has(ending)} onClick={endSpeech} data-testid="end-speech">
              {t('live.chair.endSpeech')}
            </button>
          </div>
        </>
      ) : (
        <p className="muted">{t('live.noFloor')}</p>
      )}
      <div className="actions">
        <button type="button" className="btn btn-primary btn-large" disabled={queue.length === 0} onClick={() => void act({ type: 'nextSpeaker' })} data-testid="next-speaker">
          {t('live.chair.nextSpeaker')}
        </button>
      </div>
      <form
        className="speaking-time"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          applyTime();
        }}
      >
        <label>
          {t('live.chair.speakingTime')}
          <input type="number" min={1} max={120} step={1} value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="speaking-minutes" />
        </label>
        <button type="submit" className="btn">
          {t('live.chair.setTime')}
        </button>
      </form>
    </section>
  );
}

function Console({ view, snapshot, live }: { readonly view: MeetingView; readonly snapshot: LiveSnapshot; readonly live: LiveSession }) {
  const i18n = useT();
  const undo = useUndo();
  const { act, send, error } = useAct(live, undo);
  return (
    <main className="console" id="main" data-testid="chair-console">
      <header className="console-head">
        <div>
          <p className="eyebrow">{i18n.t('live.chair.title')}</p>
          <h1>{view.meeting.title}</h1>
        </div>
        <div className="console-head-tools">
          <LiveStatusBadge status={snapshot.status} />
          <QuorumLine quorum={liveFacts(snapshot).kind === 'unknown' ? undefined : quorumOf(snapshot.state)} />
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
      <AuditNotice snapshot={snapshot} />
      <ChairVoting view={view} snapshot={snapshot} live={live} />
      <div className="console-grid">
        <AgendaControl agenda={view.agenda} currentItemId={snapshot.state.currentItemId} act={act} />
        <div className="console-middle">
          <FloorPanel key={snapshot.state.config.speakingTimeSec} view={view} snapshot={snapshot} act={act} send={send} undo={undo} />
          <SpeakerQueue queue={snapshot.state.queue} delegates={view.delegates} act={act} send={send} undo={undo} />
        </div>
        <div className="console-right">
          <AttendanceBoard view={view} snapshot={snapshot} act={act} />
          <AnnouncementComposer announcements={snapshot.state.announcements} delegates={view.delegates} offsetMs={snapshot.clockOffsetMs} act={act} />
          <SessionSettings key={String(snapshot.synced)} config={snapshot.state.config} act={act} />
        </div>
      </div>
      <UndoSnackbar undo={undo} />
    </main>
  );
}

export function ChairConsole({ meetingId }: { readonly meetingId: string }) {
  const i18n = useT();
  const meeting = useSelector((s) => (s.meeting?.meetingId === meetingId ? s.meeting.view : undefined));
  const view = useSelector(currentView);
  const live = useLiveSession(meetingId);
  if (meeting?.status === 'error') return <ErrorBox error={meeting.error} />;
  if (live.error) return <ErrorBox error={live.error} />;
  if (!view || view.summary.meetingId !== meetingId || !live.snapshot) return <Loading />;
  if (live.snapshot.me.role !== 'chair') {
    return (
      <main className="page" id="main">
        <p className="banner">{i18n.t('live.chair.notChair')}</p>
      </main>
    );
  }
  return <Console view={view} snapshot={live.snapshot} live={live} />;
}
