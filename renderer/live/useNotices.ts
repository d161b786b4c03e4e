// The announcements a screen shows, redrawn when one expires (no ticking: one timer to the next expiry).
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { AnnouncementView } from '../../common/live/state.ts';
import type { LiveSnapshot } from './liveClient.ts';
import { ackStoreOf, activeAnnouncements, hallAnnouncement, nextExpiry, subscribeAcks } from './notices.ts';

/** Redraw this long after an expiry, so the notice is past it (timers may fire a little early). */
const EXPIRY_SLACK_MS = 50;

/** The estimated server time, as of the last redraw; redrawn when the next of `all` expires. */
export function useNoticeNow(all: readonly AnnouncementView[], offsetMs: number): number {
  const [deviceNow, setDeviceNow] = useState(() => Date.now());
  const now = deviceNow + offsetMs;
  const next = nextExpiry(all, now);
  useEffect(() => {
    if (next === undefined) return;
    const timer = setTimeout(() => setDeviceNow(Date.now()), Math.max(0, next - offsetMs - Date.now()) + EXPIRY_SLACK_MS);
    return () => clearTimeout(timer);
  }, [next, offsetMs, deviceNow]);
  return now;
}

/** The notices still shown (neither withdrawn nor expired), oldest first. */
export function useActiveAnnouncements(snapshot: LiveSnapshot): AnnouncementView[] {
  const now = useNoticeNow(snapshot.state.announcements, snapshot.clockOffsetMs);
  return activeAnnouncements(snapshot.state.announcements, now);
}

/** The hall screen's notice: the newest urgent one while any is shown, else the newest. */
export function useHallAnnouncement(snapshot: LiveSnapshot): AnnouncementView | undefined {
  const now = useNoticeNow(snapshot.state.announcements, snapshot.clockOffsetMs);
  return hallAnnouncement(snapshot.state.announcements, now);
}

/** The ids this member acknowledged on this device. */
export function useAcknowledged(meetingId: string, delegateId: string): ReadonlySet<string> {
  const store = ackStoreOf(meetingId, delegateId);
  return useSyncExternalStore(subscribeAcks, store.ids);
}
