// Màn hình hội trường: what the room reads from the back of the hall at 1920×1080. The session, the current
// item, the speaker with the countdown, the next speakers, attendance and quorum. Big type, high contrast,
// nothing to press — except a fullscreen button that shows only while the operator moves the mouse or taps,
// and the F key.
import { useEffect, useState } from 'react';
import type { AgendaNode } from '../../../common/pack/format.ts';
import { useSelector } from '../../app/AppContext.tsx';
import { currentView } from '../../app/state.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import type { LiveSnapshot } from '../../live/liveClient.ts';
import { CountdownClock, FloorSpeaker, LiveStatusBadge, QuorumLine, SpeechTag } from '../../live/LiveParts.tsx';
import { useLiveSession } from '../../live/useLiveSession.ts';
import { useHallAnnouncement } from '../../live/useNotices.ts';
import { findItem, labelOf, quorumOf } from '../../live/viewModel.ts';
import type { MeetingView } from '../../platform/Platform.ts';
import { HallPoll } from './voting/HallPoll.tsx';

/** Speakers listed after the one on the floor; more would not be readable from the back. */
export const HALL_NEXT_SPEAKERS = 5;
/** The fullscreen button hides again this long after the operator's last move, so the room sees no controls. */
export const HALL_CONTROLS_IDLE_MS = 3000;

function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  else void document.documentElement.requestFullscreen().catch(() => undefined);
}

/** Shown on a real pointer move (not the browser's synthetic ones after a layout change) or a tap; F toggles. */
function useOperatorControls(): { readonly shown: boolean; readonly fullscreen: boolean } {
  const [shown, setShown] = useState(false);
  const [fullscreen, setFullscreen] = useState(document.fullscreenElement !== null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = () => {
      setShown(true);
      clearTimeout(timer);
      timer = setTimeout(() => setShown(false), HALL_CONTROLS_IDLE_MS);
    };
    const onMove = (e: PointerEvent) => {
      if (e.movementX !== 0 || e.movementY !== 0) show();
    };
    const onKey = (e: KeyboardEvent) => {
      if ((e.key === 'f' || e.key === 'F') && !e.ctrlKey && !e.metaKey && !e.altKey) toggleFullscreen();
    };
    const onChange = () => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener('pointermove', onMove);
    document.addEventListener('pointerdown', show);
    document.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onChange);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('pointermove', onMove);
      document.removeEventListener('pointerdown', show);
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onChange);
    };
  }, []);
  return { shown, fullscreen };
}

function FullscreenButton() {
  const { t } = useT();
  const { shown, fullscreen } = useOperatorControls();
  return (
    <button type="button" className="btn hall-fullscreen" hidden={!shown} onClick={toggleFullscreen} data-testid="hall-fullscreen" aria-pressed={fullscreen}>
      {t(fullscreen ? 'live.hall.exitFullscreen' : 'live.hall.fullscreen')}
    </button>
  );
}

function CurrentItem({ agenda, itemId }: { readonly agenda: readonly AgendaNode[]; readonly itemId: string | null }) {
  const { t } = useT();
  const item = findItem(agenda, itemId);
  return (
    <section className="hall-item" data-testid="hall-current-item" data-item-id={itemId ?? ''}>
      <h2>{t('live.currentItem')}</h2>
      {item ? (
        <p className="hall-item-title">
          <span className="hall-item-number">{item.id}.</span> {item.title}
        </p>
      ) : (
        <p className="hall-item-title hall-muted">{t('live.noCurrentItem')}</p>
      )}
      {item?.presenter && <p className="hall-presenter">{t('agenda.presenter', { name: item.presenter })}</p>}
    </section>
  );
}

function timeOf(at: number, lang: string): string {
  return new Date(at).toLocaleTimeString(lang === 'vi' ? 'vi-VN' : 'en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });
}

function Body({ view, snapshot }: { readonly view: MeetingView; readonly snapshot: LiveSnapshot }) {
  const { t, lang } = useT();
  const { state } = snapshot;
  const next = state.queue.slice(0, HALL_NEXT_SPEAKERS);
  const more = state.queue.length - next.length;
  const latest = useHallAnnouncement(snapshot);
  return (
    <main className="hall" id="main" data-testid="hall-screen">
      <header className="hall-head">
        <div className="hall-head-title">
          <p className="hall-body">{view.meeting.body}</p>
          <h1>{view.meeting.title}</h1>
        </div>
        <div className="hall-head-side">
          <section className="hall-quorum" aria-label={t('live.checkIn.title')}>
            <QuorumLine quorum={quorumOf(state)} detailed />
          </section>
          <LiveStatusBadge status={snapshot.status} />
          <FullscreenButton />
        </div>
      </header>
      <CurrentItem agenda={view.agenda} itemId={state.currentItemId} />
      <HallPoll meetingId={view.summary.meetingId} view={view} snapshot={snapshot} />
      <section className={`hall-floor${state.floor ? '' : ' hall-floor-empty'}`} data-testid="hall-floor">
        <div className="hall-floor-who">
          <h2>{t('live.floor')}</h2>
          {state.floor ? <FloorSpeaker floor={state.floor} delegates={view.delegates} /> : <p className="hall-muted">{t('live.noFloor')}</p>}
        </div>
        {state.floor && <CountdownClock floor={state.floor} offsetMs={snapshot.clockOffsetMs} size="hall" />}
      </section>
      <div className={`hall-lower${latest ? ' hall-lower-with-note' : ''}`}>
        <section className="hall-next">
          <h2>{t('live.nextSpeakers')}</h2>
          {next.length === 0 ? (
            <p className="hall-muted">{t('live.queueEmpty')}</p>
          ) : (
            <ol data-testid="hall-queue">
              {next.map((r) => (
                <li key={r.id} data-delegate-id={r.delegateId}>
                  <span className="hall-next-name">{labelOf(view.delegates, r.delegateId).name}</span>
                  <SpeechTag type={r.type} addressee={r.addressee} />
                </li>
              ))}
            </ol>
          )}
          {more > 0 && <p className="hall-more">{t('live.hall.more', { count: more })}</p>}
        </section>
        {latest && (
          <section className={`hall-announcement announcement-${latest.level}`} data-testid="hall-announcement" data-level={latest.level}>
            <h2>
              {latest.level === 'urgent' && <span className="hall-urgent">{t('live.announcement.urgent')}</span>}
              {t('live.announcements')} · <span className="hall-announcement-time">{timeOf(latest.at, lang)}</span>
            </h2>
            <p className="hall-announcement-text">{latest.text}</p>
          </section>
        )}
      </div>
    </main>
  );
}

export function HallScreen({ meetingId }: { readonly meetingId: string }) {
  const meeting = useSelector((s) => (s.meeting?.meetingId === meetingId ? s.meeting.view : undefined));
  const view = useSelector(currentView);
  const live = useLiveSession(meetingId);
  if (meeting?.status === 'error') return <ErrorBox error={meeting.error} place="hall" />;
  if (live.error) return <ErrorBox error={live.error} place="hall" onRetry={() => location.reload()} />;
  if (!view || view.summary.meetingId !== meetingId || !live.snapshot) return <Loading />;
  return <Body view={view} snapshot={live.snapshot} />;
}
