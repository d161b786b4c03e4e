// The delegate's live bar, on the meeting home and in the viewer: connection, the current item and the
// speaker with the countdown, quorum, follow-the-chair, requests to speak, check-in, announcements.
import { useEffect, useMemo, useState } from 'react';
import type { AttendanceRecord } from '../../../common/live/state.ts';
import { isVotingRole } from '../../../common/meeting/types.ts';
import type { ErrorValue } from '../../../common/result.ts';
import { useController, useSelector } from '../../app/AppContext.tsx';
import { currentView } from '../../app/state.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { followStateOf, followStep, setFollowPreference, targetFor, type FollowTarget } from '../../live/follow.ts';
import type { LiveSnapshot } from '../../live/liveClient.ts';
import { CountdownClock, FloorSpeaker, LiveStatusBadge, QuorumLine } from '../../live/LiveParts.tsx';
import { useLiveSession, type LiveSession } from '../../live/useLiveSession.ts';
import { findItem, quorumOf } from '../../live/viewModel.ts';
import type { MeetingView } from '../../platform/Platform.ts';
import { Announcements } from './Announcements.tsx';
import { SpeakRequests } from './SpeakRequests.tsx';

function useFollow(view: MeetingView, snapshot: LiveSnapshot | undefined, currentDocumentId: string | undefined) {
  const controller = useController();
  const meetingId = view.summary.meetingId;
  const follow = followStateOf(meetingId);
  const [following, setFollowing] = useState(follow.follow);
  const readable = useMemo(() => new Set(view.documents.filter((d) => d.available).map((d) => d.id)), [view.documents]);
  const go = (target: FollowTarget) => {
    if (target.kind === 'doc' && target.documentId !== currentDocumentId) controller.navigate({ name: 'doc', meetingId, documentId: target.documentId });
    if (target.kind === 'agenda') controller.navigate({ name: 'meeting', meetingId, tab: 'agenda' });
  };
  const itemId = snapshot?.synced ? snapshot.state.currentItemId : undefined;
  useEffect(() => {
    if (itemId === undefined) return;
    const target = followStep(follow, itemId, view.agenda, readable);
    if (target) go(target);
  });
  const goToCurrent = () => itemId && go(targetFor(view.agenda, itemId, readable));
  const setFollow = (on: boolean) => {
    setFollowPreference(meetingId, on);
    setFollowing(on);
    if (on) goToCurrent();
  };
  return { following, setFollow, goToCurrent };
}

function CheckIn({ record, live, onError }: { readonly record: AttendanceRecord | undefined; readonly live: LiveSession; readonly onError: (e: ErrorValue) => void }) {
  const { t } = useT();
  const present = record?.status === 'present-hall' || record?.status === 'present-online';
  const checkIn = async (mode: 'present-hall' | 'present-online') => {
    const outcome = await live.send({ type: 'checkIn', mode });
    if (outcome.status === 'failed') onError(outcome.error);
  };
  return (
    <div className="live-checkin" data-testid="check-in">
      <span className="live-label">{t('live.checkIn.title')}</span>
      <span data-testid="my-attendance" data-status={record?.status ?? 'none'}>
        {t('live.attendance.you', { status: t(`live.attendance.${record?.status ?? 'none'}`) })}
      </span>
      {!present && (
        <>
          <button type="button" className="btn" onClick={() => void checkIn('present-hall')}>
            {t('live.checkIn.hall')}
          </button>
          <button type="button" className="btn" onClick={() => void checkIn('present-online')}>
            {t('live.checkIn.online')}
          </button>
        </>
      )}
    </div>
  );
}

function Situation({ view, snapshot }: { readonly view: MeetingView; readonly snapshot: LiveSnapshot }) {
  const { t } = useT();
  const { state } = snapshot;
  const item = findItem(view.agenda, state.currentItemId);
  return (
    <div className="live-situation">
      <div className="live-item" data-testid="live-current-item" data-item-id={state.currentItemId ?? ''}>
        <span className="live-label">{t('live.currentItem')}</span>
        <strong>{item ? `${item.id}. ${item.title}` : t('live.noCurrentItem')}</strong>
      </div>
      <div className="live-floor">
        <span className="live-label">{t('live.floor')}</span>
        {state.floor ? (
          <div className="live-floor-row">
            <FloorSpeaker floor={state.floor} delegates={view.delegates} />
            <CountdownClock floor={state.floor} offsetMs={snapshot.clockOffsetMs} size="small" />
          </div>
        ) : (
          <span className="muted">{t('live.noFloor')}</span>
        )}
      </div>
      <QuorumLine quorum={quorumOf(state)} />
      <span className="live-online muted">{t('live.onlineCount', { count: snapshot.onlineIds.length })}</span>
    </div>
  );
}

function LiveBarView({ view, currentDocumentId }: { readonly view: MeetingView; readonly currentDocumentId: string | undefined }) {
  const i18n = useT();
  const { t } = i18n;
  const live = useLiveSession(view.summary.meetingId);
  const snapshot = live.snapshot;
  const { following, setFollow, goToCurrent } = useFollow(view, snapshot, currentDocumentId);
  const [error, setError] = useState<ErrorValue>();
  if (live.error) return <p className="banner live-bar-error">{t('live.unavailable', { error: i18n.error(live.error) })}</p>;
  if (!snapshot) return null;
  const voting = isVotingRole(snapshot.me.role);
  const shownError = error ?? snapshot.lastError;
  return (
    <section className="live-bar" aria-label={t('live.label')} data-testid="live-bar">
      <div className="live-bar-top">
        <LiveStatusBadge status={snapshot.status} />
        <label className="live-follow" title={t('live.followHint')}>
          <input type="checkbox" checked={following} onChange={(e) => setFollow(e.target.checked)} data-testid="follow-chair" />
          {t('live.follow')}
        </label>
        {!following && snapshot.state.currentItemId !== null && (
          <button type="button" className="btn btn-quiet" onClick={goToCurrent}>
            {t('live.goToCurrent')}
          </button>
        )}
        {snapshot.me.role === 'chair' && (
          <a className="btn btn-primary" href={`#/m/${view.summary.meetingId}/live`} data-testid="open-chair-console">
            {t('live.chair.open')}
          </a>
        )}
      </div>
      <Situation view={view} snapshot={snapshot} />
      {voting && (
        <div className="live-actions">
          <SpeakRequests snapshot={snapshot} live={live} delegates={view.delegates} onError={setError} />
          <CheckIn record={snapshot.state.attendance[snapshot.me.delegateId]} live={live} onError={setError} />
        </div>
      )}
      {shownError && (
        <p className="error-text" role="alert" data-testid="live-error">
          {t('live.refused', { error: i18n.error(shownError) })}
        </p>
      )}
      <Announcements meetingId={view.summary.meetingId} snapshot={snapshot} />
    </section>
  );
}

/** The hall screen member (role observer) has nothing to do on the meeting home: it opens the hall screen. */
function ToHallScreen({ meetingId }: { readonly meetingId: string }) {
  const controller = useController();
  useEffect(() => controller.navigate({ name: 'hall', meetingId }, { replace: true }), [controller, meetingId]);
  return null;
}

export function LiveBar({ meetingId, currentDocumentId }: { readonly meetingId: string; readonly currentDocumentId?: string }) {
  const view = useSelector(currentView);
  if (!view || view.summary.meetingId !== meetingId || view.summary.state === 'revoked') return null;
  if (view.role === 'observer' && currentDocumentId === undefined) return <ToHallScreen meetingId={meetingId} />;
  return <LiveBarView view={view} currentDocumentId={currentDocumentId} />;
}
