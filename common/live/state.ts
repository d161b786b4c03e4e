// The Y.Doc shape of the meeting state room (m/<id>/state). Only the server writes it; clients read it
// through readMeetingState, which turns the Yjs types into one plain, typed object.
//
//   doc.getMap('session')
//     currentItemId   string | null
//     floor           Floor | null                     who speaks now, since when, for how long
//     queue           Y.Array<SpeakRequest>            đăng ký phát biểu / chất vấn / tranh luận, in order
//     attendance      Y.Map<AttendanceRecord>          delegateId -> điểm danh
//     announcements   Y.Array<Announcement>            thông báo, oldest first (withdrawn ones keep withdrawnAt)
//     acknowledgements Y.Map<Y.Map<number>>            announcementId -> (delegateId -> when they acknowledged it)
//     speeches        Y.Array<Speech>                  finished speeches, for the minutes (biên bản)
//     config          SessionConfig
import * as Y from 'yjs';

export const SESSION_MAP = 'session';
export const SESSION_KEYS = {
  currentItemId: 'currentItemId',
  floor: 'floor',
  queue: 'queue',
  attendance: 'attendance',
  announcements: 'announcements',
  acknowledgements: 'acknowledgements',
  speeches: 'speeches',
  config: 'config',
} as const;

export const SPEECH_TYPES = ['phat-bieu', 'chat-van', 'tranh-luan'] as const;
export type SpeechType = (typeof SPEECH_TYPES)[number];

export const ATTENDANCE_STATUSES = ['present-hall', 'present-online', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const ANNOUNCEMENT_LEVELS = ['info', 'urgent'] as const;
export type AnnouncementLevel = (typeof ANNOUNCEMENT_LEVELS)[number];

/** Times are server milliseconds since the epoch. */
export interface SpeakRequest {
  readonly id: string;
  readonly delegateId: string;
  readonly type: SpeechType;
  /** The official questioned (chất vấn). */
  readonly addressee?: string;
  readonly requestedAt: number;
}

export interface Floor {
  readonly delegateId: string;
  readonly type: SpeechType;
  readonly addressee?: string;
  /** The queue entry the floor was given from, when it was. */
  readonly requestId?: string;
  readonly startedAt: number;
  /** Allowed time, adjusted by the chair while the speech runs. */
  readonly durationSec: number;
}

export interface Speech extends Floor {
  readonly endedAt: number;
}

export interface AttendanceRecord {
  readonly status: AttendanceStatus;
  readonly reason?: string;
  readonly at: number;
  /** Who recorded it: the delegate (checkIn) or the chair (recordAttendance). */
  readonly by: string;
}

export interface Announcement {
  readonly id: string;
  readonly text: string;
  readonly level: AnnouncementLevel;
  readonly at: number;
  /** When it stops being shown (announce's expiresInSec); absent: until withdrawn. */
  readonly expiresAt?: number;
  /** When the chair withdrew it (withdrawAnnouncement); a withdrawn notice is kept for the minutes, not shown. */
  readonly withdrawnAt?: number;
}

/** An announcement as readMeetingState returns it: with the members who acknowledged it ("đã xem x/N"). */
export interface AnnouncementView extends Announcement {
  /** Delegate ids, in the order they acknowledged it. */
  readonly acknowledgedBy: readonly string[];
}

/** Whether a notice is still to be shown at `now` (server milliseconds): neither withdrawn nor expired. */
export function isAnnouncementActive(a: Announcement, now: number): boolean {
  return a.withdrawnAt === undefined && (a.expiresAt === undefined || a.expiresAt > now);
}

export interface QuorumRule {
  readonly numerator: number;
  readonly denominator: number;
}

export interface SessionConfig {
  readonly speakingTimeSec: number;
  readonly quorum: QuorumRule;
  /** Delegates actually sitting: the members with role delegate or chair, unless the chair set it. */
  readonly totalDelegates: number;
  readonly totalDelegatesSetByChair: boolean;
}

export const DEFAULT_SPEAKING_TIME_SEC = 300;
/** Two thirds of the sitting delegates (Luật Tổ chức chính quyền địa phương 2015, Điều 91 khoản 3). */
export const DEFAULT_QUORUM: QuorumRule = { numerator: 2, denominator: 3 };
export const DEFAULT_CONFIG: SessionConfig = {
  speakingTimeSec: DEFAULT_SPEAKING_TIME_SEC,
  quorum: DEFAULT_QUORUM,
  totalDelegates: 0,
  totalDelegatesSetByChair: false,
};

export interface MeetingState {
  readonly currentItemId: string | null;
  readonly floor: Floor | null;
  readonly queue: readonly SpeakRequest[];
  readonly attendance: Readonly<Record<string, AttendanceRecord>>;
  readonly announcements: readonly AnnouncementView[];
  readonly speeches: readonly Speech[];
  readonly config: SessionConfig;
}

export function sessionMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(SESSION_MAP);
}

function arrayOf<T>(value: unknown): readonly T[] {
  return value instanceof Y.Array ? (value.toArray() as T[]) : [];
}

function recordOf<T>(value: unknown): Readonly<Record<string, T>> {
  return value instanceof Y.Map ? (value.toJSON() as Record<string, T>) : {};
}

function acknowledgedBy(acks: unknown, announcementId: string): string[] {
  const set: unknown = acks instanceof Y.Map ? acks.get(announcementId) : undefined;
  if (!(set instanceof Y.Map)) return [];
  const byTime = [...(set as Y.Map<number>).entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  return byTime.map(([delegateId]) => delegateId);
}

function announcementsOf(s: Y.Map<unknown>): AnnouncementView[] {
  const acks = s.get(SESSION_KEYS.acknowledgements);
  return arrayOf<Announcement>(s.get(SESSION_KEYS.announcements)).map((a) => ({ ...a, acknowledgedBy: acknowledgedBy(acks, a.id) }));
}

/** A plain snapshot of the state; a doc that has not synced yet reads as the empty default state. */
export function readMeetingState(doc: Y.Doc): MeetingState {
  const s = sessionMap(doc);
  const item = s.get(SESSION_KEYS.currentItemId);
  const config = s.get(SESSION_KEYS.config) as SessionConfig | undefined;
  return {
    currentItemId: typeof item === 'string' ? item : null,
    floor: (s.get(SESSION_KEYS.floor) as Floor | null | undefined) ?? null,
    queue: arrayOf<SpeakRequest>(s.get(SESSION_KEYS.queue)),
    attendance: recordOf<AttendanceRecord>(s.get(SESSION_KEYS.attendance)),
    announcements: announcementsOf(s),
    speeches: arrayOf<Speech>(s.get(SESSION_KEYS.speeches)),
    config: config ?? DEFAULT_CONFIG,
  };
}
