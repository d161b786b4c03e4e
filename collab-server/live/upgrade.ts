// Checks a WebSocket upgrade before accepting it: the path names a room, the token is valid and not revoked,
// and the member may enter that room (roomKinds.ts decides, per kind). Refusals are plain HTTP answers; the
// socket never upgrades.
//
// The secretariat's admin token (when the caller passes `isAdmin`) enters only the rooms the console reads, and only
// to read: the meeting state and the two inboxes (góp ý, read receipts; sealed to the secretariat, so the admin
// reads nothing else a member wrote). Its grant names no delegate (ADMIN_READER_ID cannot be a delegate id).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { INBOX_FEATURE } from '../../common/annotations/rooms.ts';
import { parseRoom, SYNC_PATH, type RoomRef } from '../../common/live/rooms.ts';
import type { ErrorValue, Result } from '../../common/result.ts';
import { statusOf } from '../core/responses.ts';
import type { AuthResult, Member } from '../core/types.ts';
import { memberFor, tokenFrom } from './auth.ts';
import { roomAccess, type RoomMember } from './roomKinds.ts';

export interface UpgradeGrant {
  readonly ref: RoomRef;
  readonly member: RoomMember;
  readonly token: string;
  /** 'read': every write from this socket is dropped (and reverted for it) and logged. */
  readonly access: 'read' | 'write';
}

/** The grant's delegate id for the admin token: outside ID_PATTERN, so it never matches a member. */
export const ADMIN_READER_ID = '~admin';

/** The rooms the admin token may read: the meeting state and the secretariat's inboxes. Nothing is writable. */
export function adminRoomAccess(ref: RoomRef): 'read' | 'none' {
  if (ref.kind === 'state') return 'read';
  return ref.kind === 'feature' && ref.feature === INBOX_FEATURE ? 'read' : 'none';
}

function roomOf(url: URL): RoomRef | undefined {
  const prefix = `${SYNC_PATH}/`;
  return url.pathname.startsWith(prefix) ? parseRoom(url.pathname.slice(prefix.length)) : undefined;
}

function adminGrant(ref: RoomRef, token: string): Result<UpgradeGrant> {
  if (adminRoomAccess(ref) === 'none') return { ok: false, error: { code: 'FORBIDDEN', message: 'the admin token reads only the state and inbox rooms' } };
  const member: RoomMember = { meetingId: ref.meetingId, delegateId: ADMIN_READER_ID, role: 'observer', groupId: '' };
  return { ok: true, value: { ref, member, token, access: 'read' } };
}

/**
 * `isAdmin` (a constant-time check of the admin token, core/auth.ts identify): when given, the admin token gets a
 * read-only grant to the state and inbox rooms of any meeting.
 */
export function checkUpgrade(
  req: IncomingMessage,
  authenticate: (token: string) => AuthResult,
  groupOf: (member: Member) => string,
  isAdmin?: (token: string) => boolean,
): Result<UpgradeGrant> {
  const url = new URL(req.url ?? '/', 'http://upgrade.invalid');
  const ref = roomOf(url);
  if (!ref) return { ok: false, error: { code: 'NOT_FOUND', message: 'no such room' } };
  const token = tokenFrom(req.headers, Object.fromEntries(url.searchParams));
  if (token !== undefined && isAdmin?.(token) === true) return adminGrant(ref, token);
  const member = memberFor(authenticate, token, ref.meetingId);
  if (!member.ok) return member;
  const roomMember: RoomMember = { ...member.value, groupId: groupOf(member.value) };
  const access = roomAccess(roomMember, ref);
  if (access === 'none') return { ok: false, error: { code: 'FORBIDDEN', message: 'not allowed in this room' } };
  return { ok: true, value: { ref, member: roomMember, token: token as string, access } };
}

const REASON: Readonly<Record<number, string>> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' };

/** Answers the upgrade request with an HTTP error and closes the socket. */
export function refuseUpgrade(socket: Duplex, error: ErrorValue): void {
  const status = statusOf(error.code);
  const body = JSON.stringify({ ok: false, error });
  socket.end(
    `HTTP/1.1 ${status} ${REASON[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Cache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.once('finish', () => socket.destroy());
}
