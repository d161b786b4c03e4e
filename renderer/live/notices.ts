// Announcements as each screen shows them (issue 14): an urgent notice reaches every member's screen at once,
// over whatever they are reading, and stays until they acknowledge it ("Đã xem"); a withdrawn or expired notice
// is shown nowhere (the state keeps it for the minutes). The chair sees each notice's time, urgency, state and
// how many have seen it. Pure: times are server milliseconds (Announcement.at/expiresAt/withdrawnAt).
import { isAnnouncementActive, type Announcement, type AnnouncementView } from '../../common/live/state.ts';
import type { Role } from '../../common/meeting/types.ts';

export type NoticeStatus = 'active' | 'withdrawn' | 'expired';

export function noticeStatus(a: Announcement, now: number): NoticeStatus {
  if (a.withdrawnAt !== undefined) return 'withdrawn';
  return isAnnouncementActive(a, now) ? 'active' : 'expired';
}

/** What is still to be shown at `now`, in the state's order (oldest first). */
export function activeAnnouncements<T extends Announcement>(all: readonly T[], now: number): T[] {
  return all.filter((a) => isAnnouncementActive(a, now));
}

/** When the next shown notice expires (so a screen redraws then); undefined when none will. */
export function nextExpiry(all: readonly Announcement[], now: number): number | undefined {
  let next: number | undefined;
  for (const a of all) {
    if (a.withdrawnAt !== undefined || a.expiresAt === undefined || a.expiresAt <= now) continue;
    if (next === undefined || a.expiresAt < next) next = a.expiresAt;
  }
  return next;
}

/** The hall screen's one notice: the newest urgent one while any is shown, else the newest. */
export function hallAnnouncement<T extends Announcement>(all: readonly T[], now: number): T | undefined {
  const active = activeAnnouncements(all, now);
  return active.findLast((a) => a.level === 'urgent') ?? active[active.length - 1];
}

/**
 * Who is interrupted by an urgent notice and asked to acknowledge it: every member but the chair (who sent it)
 * and the hall screen (it shows the notice in its own layout, and nobody stands at it to press a button).
 */
export function acknowledgesNotices(role: Role): boolean {
  return role === 'delegate' || role === 'secretary';
}

/** The urgent notices this member has yet to acknowledge (on this device or another), newest first. */
export function urgentToAcknowledge(all: readonly AnnouncementView[], now: number, me: string, acknowledged: ReadonlySet<string>): AnnouncementView[] {
  return activeAnnouncements(all, now)
    .filter((a) => a.level === 'urgent' && !acknowledged.has(a.id) && !a.acknowledgedBy.includes(me))
    .reverse();
}

/** "Đã xem x/N" on the chair's list: among the members asked to acknowledge (`audience`). */
export function acknowledgementCount(a: AnnouncementView, audience: ReadonlySet<string>): { readonly seen: number; readonly of: number } {
  return { seen: a.acknowledgedBy.filter((id) => audience.has(id)).length, of: audience.size };
}

/** The chair's choices of a notice's life ("Tự ẩn sau"), in minutes; 0: until withdrawn. */
export const EXPIRY_CHOICES_MIN: readonly number[] = [0, 5, 15, 30, 60];

// ---- acknowledgements remembered on the device: a notice acknowledged offline does not pop up again

/** At most this many acknowledged ids are kept per meeting and member (the server keeps far fewer notices). */
export const MAX_ACKS_KEPT = 200;

export function ackKey(meetingId: string, delegateId: string): string {
  return `council.ack.${meetingId}.${delegateId}`;
}

export interface AckStore {
  has(id: string): boolean;
  add(id: string): void;
  ids(): ReadonlySet<string>;
}

/** Keeps the newest MAX_ACKS_KEPT ids, oldest dropped first. */
export function addAck(ids: readonly string[], id: string): string[] {
  if (ids.includes(id)) return [...ids];
  return [...ids, id].slice(-MAX_ACKS_KEPT);
}

export function parseAcks(raw: string | null): string[] {
  if (raw === null) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(-MAX_ACKS_KEPT) : [];
  } catch {
    return [];
  }
}

const stores = new Map<string, AckStore>();
const listeners = new Set<() => void>();

export function subscribeAcks(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** One store per meeting and member, in localStorage when there is one (memory otherwise). */
export function ackStoreOf(meetingId: string, delegateId: string): AckStore {
  const key = ackKey(meetingId, delegateId);
  const existing = stores.get(key);
  if (existing) return existing;
  const storage = globalThis.localStorage as Storage | undefined;
  let read = (): string | null => null;
  let write = (_v: string): void => undefined;
  if (storage) {
    read = () => storage.getItem(key);
    write = (v) => {
      try {
        storage.setItem(key, v);
      } catch {
        // storage full or private mode: remembered until the page is left
      }
    };
  }
  let ids = parseAcks(read());
  let set: ReadonlySet<string> = new Set(ids);
  const store: AckStore = {
    has: (id) => set.has(id),
    add: (id) => {
      if (set.has(id)) return;
      ids = addAck(ids, id);
      set = new Set(ids);
      write(JSON.stringify(ids));
      for (const l of listeners) l();
    },
    ids: () => set,
  };
  stores.set(key, store);
  return store;
}

/** Drops the in-memory stores of a meeting (its localStorage keys are removed by forgetLiveData). */
export function forgetAckStores(meetingId: string): void {
  for (const key of [...stores.keys()]) if (key.startsWith(`council.ack.${meetingId}.`)) stores.delete(key);
}
