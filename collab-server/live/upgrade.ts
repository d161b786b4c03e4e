// Checks a WebSocket upgrade before accepting it: the path names a room, the token is valid and not revoked,
// and the member may enter that room (roomKinds.ts decides, per kind). Refusals are plain HTTP answers; the
// socket never upgrades.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
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


function roomOf(url: URL): RoomRef | undefined {
  const prefix = `${SYNC_PATH}/`;
  return url.pathname.startsWith(prefix) ? parseRoom(url.pathname.slice(prefix.length)) : undefined;
}

export function checkUpgrade(req: IncomingMessage, authenticate: (token: string) => AuthResult, groupOf: (member: Member) => string): Result<UpgradeGrant> {
  const url = new URL(req.url ?? '/', 'http://upgrade.invalid');
  const ref = roomOf(url);
  if (!ref) return { ok: false, error: { code: 'NOT_FOUND', message: 'no such room' } };
  const token = tokenFrom(req.headers, Object.fromEntries(url.searchParams));
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
