// The delegate's live bar, on the meeting home and in the viewer: connection, the current item and the
// speaker with the countdown, quorum, follow-the-chair, requests to speak, check-in, announcements.
import { useEffect, useMemo, useState } from 'react';
import type { AttendanceRecord } from '../../../common/live/state.ts';
import { isVotingRole } from '../../../common/meeting/types.ts';
import type { ErrorValue } from '../../../common/result.ts';
import { useController, useSelector } from '../../app/AppContext.tsx';
import { currentView } from '../../app/state.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { followStateOf, followStep, isFollowing, setFollowPreference, targetFor, type FollowTarget } from '../../live/follow.ts';
import type { LiveSnapshot } from '../../live/liveClient.ts';
import { CountdownClock, FloorSpeaker, LiveStatusBadge, QuorumLine } from '../../live/LiveParts.tsx';
import { useLiveSession, type LiveSession } from '../../live/useLiveSession.ts';
import { connectedDelegateCount, connectedIds, findItem, myRequests, quorumOf } from '../../live/viewModel.ts';
import type { MeetingView } from '../../platform/Platform.ts';
import { Announcements } from './Announcements.tsx';
import { SpeakRequests } from './SpeakRequests.tsx';

function useFollow(view: MeetingView, snapshot: LiveSnapshot | undefined, currentDocumentId: string | undefined) {
  const controller = useController();
  const meetingId = view.summary.meetingId;
  const follow = followStateOf(meetingId);
  const [following, setFollowing] = useState(isFollowing(follow, view.role));
  const readable = useMemo(() => new Set(view.documents.filter((d) => d.available).map((d) => d.id)), [view.documents]);
  const go = (target: FollowTarget) => {
    if (target.kind === 'doc' && target.documentId !== currentDocumentId) controller.navigate({ name: 'doc', meetingId, documentId: target.documentId });
    if (target.kind === 'agenda') controller.navigate({ name: 'meeting', meetingId, tab: 'agenda' });
  };
  const itemId = snapshot?.synced ? snapshot.state.currentItemId : undefined;
  useEffect(() => {
    if (itemId === undefined) return;
    const target = followStep(follow, view.role, itemId, view.agenda, readable);
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
      <span className="live-online muted" data-testid="live-online">
        {t('live.onlineCount', {
          count: connectedDelegateCount(view.delegates, connectedIds(snapshot.onlineIds, snapshot.me.delegateId, snapshot.status === 'online')),
          total: state.config.totalDelegates,
        })}
      </span>
    </div>
  );
}

/** Whether the bar in the viewer is shown whole; remembered on this device (localStorage), compact by default. */
const EXPANDED_KEY = 'council.liveBar.expanded';

function readExpanded(): boolean {
  try {
    return globalThis.localStorage?.getItem(EXPANDED_KEY) === '1';
  } catch {
    return false;
  }
}

function useExpanded(): readonly [boolean, (on: boolean) => void] {
  const [expanded, setExpanded] = useState(readExpanded);
  const set = (on: boolean) => {
    setExpanded(on);
    try {
      globalThis.localStorage?.setItem(EXPANDED_KEY, on ? '1' : '0');
    } catch {
      // private mode or storage full: the choice lasts until the page is left
    }
  };
  return [expanded, set];
}

function ExpandToggle({ expanded, onToggle }: { readonly expanded: boolean; readonly onToggle: () => void }) {
  const { t } = useT();
  return (
    <button
      type="button"
      className="btn btn-quiet live-bar-toggle"
      aria-expanded={expanded}
      title={t(expanded ? 'live.bar.collapseHint' : 'live.bar.expandHint')}
      onClick={onToggle}
      data-testid="live-bar-toggle"
    >
      <span className="live-bar-toggle-text">{t(expanded ? 'live.bar.collapse' : 'live.bar.expand')}</span>
      <span className="live-bar-toggle-icon" aria-hidden="true">
        {expanded ? '▴' : '▾'}
      </span>
    </button>
  );
}

/** The viewer's one line: status, the current item, the speaker with the clock, my place, asking to speak. */
function CompactLine({ view, snapshot, onAsk, onExpand }: { readonly view: MeetingView; readonly snapshot: LiveSnapshot; readonly onAsk: () => void; readonly onExpand: () => void }) {
  const { t } = useT();
  const { state, me } = snapshot;
  const item = findItem(view.agenda, state.currentItemId);
  const itemText = item ? `${item.id}. ${item.title}` : t('live.noCurrentItem');
  const mine = myRequests(state.queue, me.delegateId)[0];
  const pending = snapshot.pending.flatMap((c) => (c.type === 'requestToSpeak' ? [c] : []))[0];
  const speaking = state.floor?.delegateId === me.delegateId;
  const voting = isVotingRole(me.role);
  return (
    <section className="live-bar live-bar-compact" aria-label={t('live.label')} data-testid="live-bar" data-compact="true">
      <LiveStatusBadge status={snapshot.status} compact />
      <span className="lc-item" data-testid="live-current-item" data-item-id={state.currentItemId ?? ''} title={`${t('live.currentItem')}: ${itemText}`}>
        <span className="sr-only">{t('live.currentItem')}: </span>
        <strong className={item ? undefined : 'muted'}>{itemText}</strong>
      </span>
      {state.floor && (
        <span className="lc-floor" title={t('live.floor')}>
          {speaking ? (
            <span className="ok-text lc-you" data-testid="you-speak">
              {t('live.request.youSpeak')}
            </span>
          ) : (
            <FloorSpeaker floor={state.floor} delegates={view.delegates} />
          )}
          <CountdownClock floor={state.floor} offsetMs={snapshot.clockOffsetMs} size="small" />
        </span>
      )}
      {mine && (
        <span className="lc-chip" data-testid="my-place" data-place={mine.place} title={t('live.request.place', { place: mine.place, type: t(`live.speech.${mine.request.type}`) })}>
          {t('live.request.placeShort', { place: mine.place })}
        </span>
      )}
      {pending && (
        <span className="lc-chip lc-chip-pending" title={t('live.request.pending', { type: t(`live.speech.${pending.speechType}`) })}>
          {t('live.request.pendingShort')}
        </span>
      )}
      {voting && (
        <button type="button" className="btn btn-primary lc-ask" onClick={onAsk} data-testid="ask-to-speak">
          {t('live.request.open')}
        </button>
      )}
      <ExpandToggle expanded={false} onToggle={onExpand} />
    </section>
  );
}

function LiveBarView({ view, currentDocumentId }: { readonly view: MeetingView; readonly currentDocumentId: string | undefined }) {
  const i18n = useT();
  const { t } = i18n;
  const live = useLiveSession(view.summary.meetingId);
  const snapshot = live.snapshot;
  const { following, setFollow, goToCurrent } = useFollow(view, snapshot, currentDocumentId);
  const [error, setError] = useState<ErrorValue>();
  const [expanded, setExpanded] = useExpanded();
  /** Asked to speak from the compact line: the whole bar with the form, back to one line after it. */
  const [asking, setAsking] = useState(false);
  const inViewer = currentDocumentId !== undefined;
  if (live.error) return <p className="banner live-bar-error">{t('live.unavailable', { error: i18n.error(live.error) })}</p>;
  if (!snapshot) return null;
  const voting = isVotingRole(snapshot.me.role);
  const shownError = error ?? snapshot.lastError;
  if (inViewer && !expanded && !asking) {
    return (
      <>
        <CompactLine view={view} snapshot={snapshot} onAsk={() => setAsking(true)} onExpand={() => setExpanded(true)} />
        {shownError && (
          <p className="error-text live-compact-error" role="alert" data-testid="live-error">
            {t('live.refused', { error: i18n.error(shownError) })}
          </p>
        )}
        <div className="live-compact-toast">
          <Announcements meetingId={view.summary.meetingId} snapshot={snapshot} toastOnly />
        </div>
      </>
    );
  }
  return (
    <section className="live-bar" aria-label={t('live.label')} data-testid="live-bar" data-compact="false">
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
        {inViewer && (
          <ExpandToggle
            expanded
            onToggle={() => {
              setAsking(false);
              setExpanded(false);
            }}
          />
        )}
      </div>
      <Situation view={view} snapshot={snapshot} />
      {voting && (
        <div className="live-actions">
          <SpeakRequests snapshot={snapshot} live={live} delegates={view.delegates} onError={setError} startOpen={asking} onFormClosed={() => setAsking(false)} />
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
