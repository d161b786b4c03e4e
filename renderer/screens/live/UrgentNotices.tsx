// "Khẩn": an urgent notice over whatever the member is looking at (the meeting home, a document in the
// viewer), on a phone as on a laptop, until they press "Đã xem". Mounted once at the app level; the
// acknowledgement is remembered on the device at once and sent through the outbox (it waits when offline).
import { useEffect, useRef } from 'react';
import { useSelector } from '../../app/AppContext.tsx';
import { currentView } from '../../app/state.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { formatKnownAt, liveFacts } from '../../live/facts.ts';
import { ackStoreOf, acknowledgesNotices, urgentToAcknowledge } from '../../live/notices.ts';
import { useLiveSession } from '../../live/useLiveSession.ts';
import { useAcknowledged, useNoticeNow } from '../../live/useNotices.ts';

/** A short buzz on phones that can (ignored elsewhere): the notice must not go unnoticed. */
const VIBRATE_MS = [200, 100, 200];

function Overlay({ meetingId }: { readonly meetingId: string }) {
  const { t } = useT();
  const live = useLiveSession(meetingId);
  const snapshot = live.snapshot;
  const me = snapshot?.me.delegateId ?? '';
  const acknowledged = useAcknowledged(meetingId, me);
  const all = snapshot?.state.announcements ?? [];
  const now = useNoticeNow(all, snapshot?.clockOffsetMs ?? 0);
  const button = useRef<HTMLButtonElement>(null);
  const known = snapshot !== undefined && liveFacts(snapshot).kind !== 'unknown';
  const pending = known ? urgentToAcknowledge(all, now, me, acknowledged) : [];
  const top = pending[0];
  const topId = top?.id;
  useEffect(() => {
    if (topId === undefined) return;
    button.current?.focus();
    globalThis.navigator?.vibrate?.(VIBRATE_MS);
  }, [topId]);
  if (!top || !snapshot) return null;
  const acknowledge = () => {
    ackStoreOf(meetingId, me).add(top.id);
    void live.send({ type: 'acknowledgeAnnouncement', announcementId: top.id });
  };
  return (
    <div className="urgent-backdrop" data-testid="urgent-overlay">
      <div className="urgent-notice" role="alertdialog" aria-modal="true" aria-labelledby="urgent-title" aria-describedby="urgent-text" data-testid="urgent-notice" data-announcement-id={top.id}>
        <p className="urgent-head" id="urgent-title">
          <span className="urgent-badge">{t('live.announcement.urgent')}</span>
          <span>{t('live.urgent.title')}</span>
          <span className="urgent-time">{formatKnownAt(top.at - snapshot.clockOffsetMs, now - snapshot.clockOffsetMs)}</span>
        </p>
        <p className="urgent-text" id="urgent-text">
          {top.text}
        </p>
        <div className="urgent-actions">
          {pending.length > 1 && <span className="urgent-more">{t('live.urgent.more', { count: pending.length - 1 })}</span>}
          <button ref={button} type="button" className="btn btn-large urgent-ack" onClick={acknowledge} data-testid="urgent-ack">
            {t('live.urgent.ack')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** The app-level mount: on the meeting's screens of a member who acknowledges notices (not the chair, not the hall). */
export function UrgentNotices() {
  const route = useSelector((s) => s.route);
  const view = useSelector(currentView);
  if (route.name !== 'meeting' && route.name !== 'doc') return null;
  if (!view || view.summary.meetingId !== route.meetingId || view.summary.state === 'revoked' || !acknowledgesNotices(view.role)) return null;
  return <Overlay meetingId={route.meetingId} />;
}
