// The delegate's live bar, on the meeting home and in the viewer: connection, the current item and the
// speaker with the countdown, quorum, follow-the-chair, requests to speak, check-in, announcements.
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { AttendanceRecord } from '../../../common/live/state.ts';
import { isVotingRole } from '../../../common/meeting/types.ts';
import type { ErrorValue } from '../../../common/result.ts';
import { useController, useSelector } from '../../app/AppContext.tsx';
import { currentView } from '../../app/state.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { connectionOf } from '../../live/connection.ts';
import { forgetLiveData } from '../../live/lastKnown.ts';
import { formatKnownAt, liveFacts, mayOfferCheckIn, switchModeOf, UNKNOWN_MARK, type LiveFacts } from '../../live/facts.ts';
import { dismissOffer, followStateOf, followStep, isFollowing, offerApplies, seedLastItem, setFollowPreference, subscribeFollow, targetFor, type FollowOffer, type FollowTarget } from '../../live/follow.ts';
import type { LiveSnapshot } from '../../live/liveClient.ts';
import { AuditNotice, CountdownClock, FloorSpeaker, LiveStatusBadge, QuorumLine } from '../../live/LiveParts.tsx';
import { useLiveSession, type LiveSession } from '../../live/useLiveSession.ts';
import { useNow } from '../../live/useNow.ts';
import { connectedDelegateCount, connectedIds, findItem, myRequests, quorumOf } from '../../live/viewModel.ts';
import type { MeetingView } from '../../platform/Platform.ts';
import { useUndo, type Undo } from '../../live/useUndo.ts';
import { Announcements } from './Announcements.tsx';
import { SpeakRequests } from './SpeakRequests.tsx';
import { UndoSnackbar } from './UndoSnackbar.tsx';

function useFollow(view: MeetingView, snapshot: LiveSnapshot | undefined, currentDocumentId: string | undefined) {
  const controller = useController();
  const meetingId = view.summary.meetingId;
  const follow = followStateOf(meetingId);
  const following = useSyncExternalStore(subscribeFollow, () => isFollowing(followStateOf(meetingId)));
  const offer = useSyncExternalStore(subscribeFollow, () => followStateOf(meetingId).offer);
  const readable = useMemo(() => new Set(view.documents.filter((d) => d.available).map((d) => d.id)), [view.documents]);
  const go = (target: FollowTarget) => {
    if (target.kind === 'doc' && target.documentId !== currentDocumentId) controller.navigate({ name: 'doc', meetingId, documentId: target.documentId });
    if (target.kind === 'agenda') controller.navigate({ name: 'meeting', meetingId, tab: 'agenda' });
  };
  const facts = snapshot ? liveFacts(snapshot).kind : 'unknown';
  // Only live states move or prompt anyone; the last known item is the baseline until one arrives.
  const itemId = facts === 'live' ? snapshot?.state.currentItemId : undefined;
  useEffect(() => {
    if (facts === 'lastKnown' && snapshot) seedLastItem(follow, snapshot.state.currentItemId);
    if (itemId === undefined) return;
    const step = followStep(follow, view.role, itemId, view.agenda, readable);
    if (step?.kind === 'go') go(step.target);
  });
  const goToCurrent = () => itemId && go(targetFor(view.agenda, itemId, readable));
  const setFollow = (on: boolean) => {
    setFollowPreference(meetingId, on);
    if (on) {
      dismissOffer(meetingId);
      goToCurrent();
    }
  };
  const closeOffer = (open: boolean) => {
    if (open && offer) go(offer.target);
    dismissOffer(meetingId);
  };
  return { following, setFollow, goToCurrent, offer: offerApplies(offer, currentDocumentId) ? offer : undefined, closeOffer };
}

/** The chair moved on: offered, never imposed ("Mở" opens the item's document, "Ở lại" keeps the reader's place). */
function FollowPrompt({ view, offer, onClose }: { readonly view: MeetingView; readonly offer: FollowOffer; readonly onClose: (open: boolean) => void }) {
  const { t } = useT();
  const item = findItem(view.agenda, offer.itemId);
  return (
    <div className="live-offer" role="status" data-testid="follow-offer" data-item-id={offer.itemId}>
      <span className="live-offer-text">
        {t(offer.target.kind === 'doc' ? 'live.follow.offer' : 'live.follow.offerAgenda', { id: offer.itemId })}
        {item && <strong> — {item.title}</strong>}
      </span>
      <span className="live-offer-actions">
        <button type="button" className="btn btn-primary" onClick={() => onClose(true)} data-testid="follow-open">
          {t('live.follow.open')}
        </button>
        <button type="button" className="btn" onClick={() => onClose(false)} data-testid="follow-stay">
          {t('live.follow.stay')}
        </button>
      </span>
    </div>
  );
}

/** What is not live, said plainly: the connection, what still works, and how old the state shown is. */
function LiveNotice({ snapshot, facts }: { readonly snapshot: LiveSnapshot; readonly facts: LiveFacts }) {
  const { t } = useT();
  const now = useNow(false, 0);
  if (facts.kind === 'live') return null;
  const connection = connectionOf(true, globalThis.navigator?.onLine !== false, snapshot);
  const lost = connection.kind === 'online' ? 'connecting' : connection.kind;
  return (
    <div className={`live-notice live-notice-${lost}`} role="status" data-testid="live-notice" data-facts={facts.kind} data-connection={lost}>
      <span>{t(`live.lost.${lost}`)}</span>
      <span className="live-notice-known" data-testid="live-known-at">
        {facts.kind === 'lastKnown' ? t('live.lastKnown', { time: formatKnownAt(facts.at, now) }) : t('live.unknown')}
      </span>
    </div>
  );
}

function CheckIn({ snapshot, facts, live, onError }: { readonly snapshot: LiveSnapshot; readonly facts: LiveFacts; readonly live: LiveSession; readonly onError: (e: ErrorValue) => void }) {
  const { t } = useT();
  const record: AttendanceRecord | undefined = facts.kind === 'unknown' ? undefined : snapshot.state.attendance[snapshot.me.delegateId];
  const present = record?.status === 'present-hall' || record?.status === 'present-online';
  const pending = snapshot.pending.flatMap((c) => (c.type === 'checkIn' ? [c] : []))[0];
  const checkIn = async (mode: 'present-hall' | 'present-online') => {
    const outcome = await live.send({ type: 'checkIn', mode });
    if (outcome.status === 'failed') onError(outcome.error);
  };
  const switchTo = switchModeOf(facts, record?.status, pending !== undefined);
  const status = facts.kind === 'unknown' ? UNKNOWN_MARK : t(`live.attendance.${record?.status ?? 'none'}`);
  return (
    <div className="live-checkin" data-testid="check-in" data-facts={facts.kind}>
      <span className="live-label">{t('live.checkIn.title')}</span>
      <span data-testid="my-attendance" data-status={facts.kind === 'unknown' ? 'unknown' : (record?.status ?? 'none')} className={facts.kind === 'live' ? undefined : 'live-stale'}>
        {t('live.attendance.you', { status })}
      </span>
      {pending && !present && (
        <span className="muted" data-testid="pending-check-in">
          {t('live.checkIn.pending', { status: t(`live.attendance.${pending.mode}`) })}
        </span>
      )}
      {mayOfferCheckIn(facts, present, pending !== undefined) && (
        <>
          <button type="button" className="btn" onClick={() => void checkIn('present-hall')}>
            {t('live.checkIn.hall')}
          </button>
          <button type="button" className="btn" onClick={() => void checkIn('present-online')}>
            {t('live.checkIn.online')}
          </button>
        </>
      )}
      {switchTo && (
        <button type="button" className="btn btn-quiet" onClick={() => void checkIn(switchTo)} data-testid="switch-mode" data-mode={switchTo}>
          {t(`live.checkIn.switch.${switchTo}`)}
        </button>
      )}
      {facts.kind !== 'live' && !present && !pending && <span className="muted">{t('live.checkIn.later')}</span>}
    </div>
  );
}

function Situation({ view, snapshot, facts }: { readonly view: MeetingView; readonly snapshot: LiveSnapshot; readonly facts: LiveFacts }) {
  const { t } = useT();
  const { state } = snapshot;
  const unknown = facts.kind === 'unknown';
  const live = facts.kind === 'live';
  const item = findItem(view.agenda, state.currentItemId);
  const itemText = unknown ? UNKNOWN_MARK : item ? `${item.id}. ${item.title}` : t('live.noCurrentItem');
  return (
    <div className={`live-situation${live ? '' : ' live-stale'}`} data-facts={facts.kind}>
      <div className="live-item" data-testid="live-current-item" data-item-id={unknown ? '' : (state.currentItemId ?? '')}>
        <span className="live-label">{t('live.currentItem')}</span>
        <strong>{itemText}</strong>
      </div>
      <div className="live-floor">
        <span className="live-label">{t('live.floor')}</span>
        {unknown ? (
          <span className="muted">{UNKNOWN_MARK}</span>
        ) : state.floor ? (
          <div className="live-floor-row">
            <FloorSpeaker floor={state.floor} delegates={view.delegates} />
            {/* A clock from a state that is not live would count time nobody confirmed. */}
            {live && <CountdownClock floor={state.floor} offsetMs={snapshot.clockOffsetMs} size="small" />}
          </div>
        ) : (
          <span className="muted">{t('live.noFloor')}</span>
        )}
      </div>
      <QuorumLine quorum={unknown ? undefined : quorumOf(state)} />
      <span className="live-online muted" data-testid="live-online">
        {t('live.onlineCount', {
          count: live ? connectedDelegateCount(view.delegates, connectedIds(snapshot.onlineIds, snapshot.me.delegateId, true)) : UNKNOWN_MARK,
          total: unknown ? UNKNOWN_MARK : state.config.totalDelegates,
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
function CompactLine({ view, snapshot, facts, onAsk, onExpand }: { readonly view: MeetingView; readonly snapshot: LiveSnapshot; readonly facts: LiveFacts; readonly onAsk: () => void; readonly onExpand: () => void }) {
  const { t } = useT();
  const { state, me } = snapshot;
  const now = useNow(false, 0);
  const item = findItem(view.agenda, state.currentItemId);
  const itemText = facts.kind === 'unknown' ? UNKNOWN_MARK : item ? `${item.id}. ${item.title}` : t('live.noCurrentItem');
  const mine = myRequests(state.queue, me.delegateId)[0];
  const pending = snapshot.pending.flatMap((c) => (c.type === 'requestToSpeak' ? [c] : []))[0];
  const speaking = state.floor?.delegateId === me.delegateId;
  const voting = isVotingRole(me.role);
  return (
    <section className="live-bar live-bar-compact" aria-label={t('live.label')} data-testid="live-bar" data-compact="true" data-facts={facts.kind}>
      <LiveStatusBadge status={snapshot.status} compact />
      <span className={`lc-item${facts.kind === 'live' ? '' : ' live-stale'}`} data-testid="live-current-item" data-item-id={facts.kind === 'unknown' ? '' : (state.currentItemId ?? '')} title={`${t('live.currentItem')}: ${itemText}`}>
        <span className="sr-only">{t('live.currentItem')}: </span>
        <strong className={item ? undefined : 'muted'}>{itemText}</strong>
      </span>
      {facts.kind === 'lastKnown' && (
        <span className="lc-chip lc-chip-stale" data-testid="live-known-at" title={t('live.lastKnown', { time: formatKnownAt(facts.at, now) })}>
          {t('live.lastKnown.short', { time: formatKnownAt(facts.at, now) })}
        </span>
      )}
      {facts.kind === 'live' && state.floor && (
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
      {me.role === 'secretary' && (
        <a className="btn btn-primary lc-ask" href={`#/m/${view.summary.meetingId}/live`} data-testid="open-secretary-desk">
          {t('live.secretary.open')}
        </a>
      )}
      <ExpandToggle expanded={false} onToggle={onExpand} />
    </section>
  );
}

/** The session whose `send` first sends what waits for "Hoàn tác" (a new request never overtakes a withdrawal). */
function sendingWaitingFirst(live: LiveSession, undo: Undo): LiveSession {
  return {
    ...live,
    send: async (command) => {
      await undo.queue.commitAll();
      return live.send(command);
    },
  };
}

function LiveBarView({ view, currentDocumentId }: { readonly view: MeetingView; readonly currentDocumentId: string | undefined }) {
  const i18n = useT();
  const { t } = i18n;
  const session = useLiveSession(view.summary.meetingId);
  const undo = useUndo();
  const live = sendingWaitingFirst(session, undo);
  const snapshot = live.snapshot;
  const { following, setFollow, goToCurrent, offer, closeOffer } = useFollow(view, snapshot, currentDocumentId);
  const [error, setError] = useState<ErrorValue>();
  const [expanded, setExpanded] = useExpanded();
  /** Asked to speak from the compact line: the whole bar with the form, back to one line after it. */
  const [asking, setAsking] = useState(false);
  const inViewer = currentDocumentId !== undefined;
  if (live.error) return <p className="banner live-bar-error">{t('live.unavailable', { error: i18n.error(live.error) })}</p>;
  if (!snapshot) return null;
  const voting = isVotingRole(snapshot.me.role);
  const shownError = error ?? snapshot.lastError;
  const facts = liveFacts(snapshot);
  const prompt = offer && <FollowPrompt view={view} offer={offer} onClose={closeOffer} />;
  if (inViewer && !expanded && !asking) {
    return (
      <>
        <CompactLine view={view} snapshot={snapshot} facts={facts} onAsk={() => setAsking(true)} onExpand={() => setExpanded(true)} />
        {facts.kind !== 'live' && <LiveNotice snapshot={snapshot} facts={facts} />}
        {prompt}
        {shownError && (
          <p className="error-text live-compact-error" role="alert" data-testid="live-error">
            {t('live.refused', { error: i18n.error(shownError) })}
          </p>
        )}
        <div className="live-compact-toast">
          <Announcements meetingId={view.summary.meetingId} snapshot={snapshot} toastOnly />
        </div>
        <UndoSnackbar undo={undo} />
      </>
    );
  }
  return (
    <section className="live-bar" aria-label={t('live.label')} data-testid="live-bar" data-compact="false" data-facts={facts.kind}>
      <div className="live-bar-top">
        <LiveStatusBadge status={snapshot.status} />
        <label className="live-follow" title={t('live.followHint')}>
          <input type="checkbox" checked={following} onChange={(e) => setFollow(e.target.checked)} data-testid="follow-chair" />
          {t('live.follow')}
        </label>
        {!following && facts.kind === 'live' && snapshot.state.currentItemId !== null && (
          <button type="button" className="btn btn-quiet" onClick={goToCurrent}>
            {t('live.goToCurrent')}
          </button>
        )}
        {snapshot.me.role === 'chair' && (
          <a className="btn btn-primary" href={`#/m/${view.summary.meetingId}/live`} data-testid="open-chair-console">
            {t('live.chair.open')}
          </a>
        )}
        {snapshot.me.role === 'secretary' && (
          <a className="btn btn-primary" href={`#/m/${view.summary.meetingId}/live`} data-testid="open-secretary-desk">
            {t('live.secretary.open')}
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
      <LiveNotice snapshot={snapshot} facts={facts} />
      <AuditNotice snapshot={snapshot} />
      {prompt}
      <Situation view={view} snapshot={snapshot} facts={facts} />
      {voting && (
        <div className="live-actions">
          <SpeakRequests snapshot={snapshot} live={live} sendNow={session.send} undo={undo} delegates={view.delegates} onError={setError} startOpen={asking} onFormClosed={() => setAsking(false)} />
          <CheckIn snapshot={snapshot} facts={facts} live={live} onError={setError} />
        </div>
      )}
      {shownError && (
        <p className="error-text" role="alert" data-testid="live-error">
          {t('live.refused', { error: i18n.error(shownError) })}
        </p>
      )}
      <Announcements meetingId={view.summary.meetingId} snapshot={snapshot} />
      <UndoSnackbar undo={undo} />
    </section>
  );
}

/** A revoked meeting keeps nothing of its live session on the device (its documents are shredded too). */
function ForgetLiveData({ meetingId }: { readonly meetingId: string }) {
  useEffect(() => forgetLiveData(meetingId), [meetingId]);
  return null;
}

/** The hall screen member (role observer) has nothing to do on the meeting home: it opens the hall screen. */
function ToHallScreen({ meetingId }: { readonly meetingId: string }) {
  const controller = useController();
  useEffect(() => controller.navigate({ name: 'hall', meetingId }, { replace: true }), [controller, meetingId]);
  return null;
}

export function LiveBar({ meetingId, currentDocumentId }: { readonly meetingId: string; readonly currentDocumentId?: string }) {
  const view = useSelector(currentView);
  if (view?.summary.meetingId === meetingId && view.summary.state === 'revoked') return <ForgetLiveData meetingId={meetingId} />;
  if (!view || view.summary.meetingId !== meetingId) return null;
  if (view.role === 'observer' && currentDocumentId === undefined) return <ToHallScreen meetingId={meetingId} />;
  return <LiveBarView view={view} currentDocumentId={currentDocumentId} />;
}
