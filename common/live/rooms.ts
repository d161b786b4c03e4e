// Room names of the live session (STYLE.md rule 9: no room-name literals at call sites).
//
//   m/<meetingId>/state                      the meeting state; every member reads, only the server writes
//   m/<meetingId>/p/<delegateId>/<name>      a delegate's private room (notes, bookmarks); that delegate only
//   m/<meetingId>/s/<name>                   a shared room (e.g. a shared annotation layer); every member
//
// Every segment matches ID_PATTERN ([A-Za-z0-9_-]{1,40}), so a name is URL-safe as it stands: the
// y-websocket client appends it to `<server>/sync/` without encoding.
import { ID_PATTERN } from '../pack/format.ts';

/** Path prefix of the WebSocket endpoint; clients use `new WebsocketProvider(origin + SYNC_PATH, room, doc)`. */
export const SYNC_PATH = '/sync';

const MEETING = 'm';
const STATE = 'state';
const PRIVATE = 'p';
const SHARED = 's';

export type RoomRef =
  | { readonly kind: 'state'; readonly meetingId: string }
  | { readonly kind: 'private'; readonly meetingId: string; readonly delegateId: string; readonly name: string }
  | { readonly kind: 'shared'; readonly meetingId: string; readonly name: string };

function assertId(what: string, value: string): string {
  if (!ID_PATTERN.test(value)) throw new Error(`invalid ${what} in room name: ${JSON.stringify(value)}`);
  return value;
}

export function meetingStateRoom(meetingId: string): string {
  return `${MEETING}/${assertId('meetingId', meetingId)}/${STATE}`;
}

export function privateRoom(meetingId: string, delegateId: string, name: string): string {
  return `${MEETING}/${assertId('meetingId', meetingId)}/${PRIVATE}/${assertId('delegateId', delegateId)}/${assertId('name', name)}`;
}

export function sharedRoom(meetingId: string, name: string): string {
  return `${MEETING}/${assertId('meetingId', meetingId)}/${SHARED}/${assertId('name', name)}`;
}

/** The inverse of the three builders; undefined for anything else (the server answers 404). */
export function parseRoom(room: string): RoomRef | undefined {
  const parts = room.split('/');
  if (parts[0] !== MEETING || !parts.every((p, i) => i === 0 || ID_PATTERN.test(p))) return undefined;
  const [, meetingId = '', kind, a, b] = parts;
  if (parts.length === 3 && kind === STATE) return { kind: 'state', meetingId };
  if (parts.length === 4 && kind === SHARED && a) return { kind: 'shared', meetingId, name: a };
  if (parts.length === 5 && kind === PRIVATE && a && b) return { kind: 'private', meetingId, delegateId: a, name: b };
  return undefined;
}

export function roomToString(ref: RoomRef): string {
  switch (ref.kind) {
    case 'state':
      return meetingStateRoom(ref.meetingId);
    case 'private':
      return privateRoom(ref.meetingId, ref.delegateId, ref.name);
    case 'shared':
      return sharedRoom(ref.meetingId, ref.name);
  }
}
