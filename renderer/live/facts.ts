// What the live panel may state, and how: live facts while in sync with the server, the last known state
// (with its time) when not, and nothing ("—") while no state has ever been known on this device. Pure.
import { MEETING_TIME_ZONE } from '../i18n/format.ts';
import type { LiveSnapshot } from './liveClient.ts';

export type LiveFacts =
  | { readonly kind: 'live' }
  /** The state as the server last confirmed it at `at` (device ms): shown as such, never acted on. */
  | { readonly kind: 'lastKnown'; readonly at: number }
  | { readonly kind: 'unknown' };

export function liveFacts(s: Pick<LiveSnapshot, 'status' | 'synced' | 'knownAt'>): LiveFacts {
  if (s.status === 'online' && s.synced) return { kind: 'live' };
  if (s.knownAt !== undefined) return { kind: 'lastKnown', at: s.knownAt };
  return { kind: 'unknown' };
}

/** Shown in place of a number or a name that is not known. */
export const UNKNOWN_MARK = '—';

/** "09:41" the same day, "09:41 01/12" on another day, in the meeting's time zone (as announcements are). */
export function formatKnownAt(at: number, now: number): string {
  const parts = (t: number) => {
    const p = new Intl.DateTimeFormat('en-GB', { timeZone: MEETING_TIME_ZONE, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hourCycle: 'h23' }).formatToParts(t);
    const get = (type: Intl.DateTimeFormatPartTypes) => p.find((x) => x.type === type)?.value ?? '';
    return { time: `${get('hour')}:${get('minute')}`, day: `${get('day')}/${get('month')}`, year: get('year') };
  };
  const a = parts(at);
  const n = parts(now);
  return a.day === n.day && a.year === n.year ? a.time : `${a.time} ${a.day}`;
}

/**
 * Whether the check-in buttons may be offered: only when the state is live and the delegate is not present,
 * and no check-in waits in the outbox. A stale "not checked in" is not a reason to check in again.
 */
export function mayOfferCheckIn(facts: LiveFacts, present: boolean, checkInPending: boolean): boolean {
  return facts.kind === 'live' && !present && !checkInPending;
}

export type CheckInMode = 'present-hall' | 'present-online';

/**
 * The other way of attending, offered to a delegate already checked in ("Chuyển sang dự họp trực tuyến"): only
 * on a live state, and not while a check-in waits in the outbox.
 */
export function switchModeOf(facts: LiveFacts, status: string | undefined, checkInPending: boolean): CheckInMode | undefined {
  if (facts.kind !== 'live' || checkInPending) return undefined;
  if (status === 'present-hall') return 'present-online';
  if (status === 'present-online') return 'present-hall';
  return undefined;
}
