// Server-side writes into the meeting state document (the shape is in common/live/state.ts). Only commands
// and room initialisation call these, always inside a transaction with SERVER_ORIGIN.
import * as Y from 'yjs';
import {
  DEFAULT_CONFIG,
  SESSION_KEYS,
  sessionMap,
  type Announcement,
  type AttendanceRecord,
  type Floor,
  type SessionConfig,
  type SpeakRequest,
  type Speech,
} from '../../common/live/state.ts';

export interface SessionTypes {
  readonly map: Y.Map<unknown>;
  readonly queue: Y.Array<SpeakRequest>;
  readonly attendance: Y.Map<AttendanceRecord>;
  readonly announcements: Y.Array<Announcement>;
  /** announcementId -> (delegateId -> when acknowledged). */
  readonly acknowledgements: Y.Map<Y.Map<number>>;
  readonly speeches: Y.Array<Speech>;
}

function ensureType<T>(map: Y.Map<unknown>, key: string, make: () => T, is: (v: unknown) => v is T): T {
  const existing = map.get(key);
  if (is(existing)) return existing;
  const created = make();
  map.set(key, created);
  return created;
}

const isArray = <T>(v: unknown): v is Y.Array<T> => v instanceof Y.Array;
const isMap = <T>(v: unknown): v is Y.Map<T> => v instanceof Y.Map;

/** Gives a fresh state document its shape; a no-op on a document that has it. */
export function ensureSessionShape(doc: Y.Doc): SessionTypes {
  const map = sessionMap(doc);
  if (!map.has(SESSION_KEYS.currentItemId)) map.set(SESSION_KEYS.currentItemId, null);
  if (!map.has(SESSION_KEYS.floor)) map.set(SESSION_KEYS.floor, null);
  if (!map.has(SESSION_KEYS.config)) map.set(SESSION_KEYS.config, DEFAULT_CONFIG);
  return {
    map,
    queue: ensureType(map, SESSION_KEYS.queue, () => new Y.Array<SpeakRequest>(), isArray<SpeakRequest>),
    attendance: ensureType(map, SESSION_KEYS.attendance, () => new Y.Map<AttendanceRecord>(), isMap<AttendanceRecord>),
    announcements: ensureType(map, SESSION_KEYS.announcements, () => new Y.Array<Announcement>(), isArray<Announcement>),
    acknowledgements: ensureType(map, SESSION_KEYS.acknowledgements, () => new Y.Map<Y.Map<number>>(), isMap<Y.Map<number>>),
    speeches: ensureType(map, SESSION_KEYS.speeches, () => new Y.Array<Speech>(), isArray<Speech>),
  };
}

export function getConfig(t: SessionTypes): SessionConfig {
  return (t.map.get(SESSION_KEYS.config) as SessionConfig | undefined) ?? DEFAULT_CONFIG;
}

export function setConfig(t: SessionTypes, patch: Partial<SessionConfig>): void {
  const next = { ...getConfig(t), ...patch };
  t.map.set(SESSION_KEYS.config, next);
}

export function getFloor(t: SessionTypes): Floor | null {
  return (t.map.get(SESSION_KEYS.floor) as Floor | null | undefined) ?? null;
}

/** Ends the running speech (into the speeches list) and sets the next floor, or none. */
export function replaceFloor(t: SessionTypes, next: Floor | null, now: number, maxSpeeches: number): void {
  const current = getFloor(t);
  if (current) {
    t.speeches.push([{ ...current, endedAt: now }]);
    if (t.speeches.length > maxSpeeches) t.speeches.delete(0, t.speeches.length - maxSpeeches);
  }
  t.map.set(SESSION_KEYS.floor, next);
}

/** Keeps the server's member count in the config unless the chair fixed the total. */
export function refreshTotalDelegates(t: SessionTypes, memberCount: number): void {
  const config = getConfig(t);
  if (!config.totalDelegatesSetByChair && config.totalDelegates !== memberCount) setConfig(t, { totalDelegates: memberCount });
}
