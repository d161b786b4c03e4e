// Wire constants of the live session: y-websocket message types, close codes, frame limit, HTTP paths.
import { pathTo, ROUTES } from '../api/routes.ts';

/** y-websocket message types (first varUint of every frame). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** Largest WebSocket frame either side accepts (the `ws` default is 100 MiB; SECURITY.md). */
export const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * Close codes. The y-websocket client stops reconnecting on 4400-4499 (a decision reconnecting cannot fix)
 * and retries on anything else.
 */
export const CLOSE = {
  /** The server shuts down or restarts; reconnect. */
  goingAway: 1001,
  /** A frame that is not a valid y-websocket message. */
  malformed: 1007,
  /** Larger than MAX_FRAME_BYTES (sent by `ws` itself). */
  tooLarge: 1009,
  /** The server failed handling this socket (a bug, logged); reconnect. */
  internalError: 1011,
  /** The member was revoked while connected: do not reconnect. */
  revoked: 4403,
  /** The room reached its size quota; this write was refused and reconnecting cannot fix it. */
  roomFull: 4413,
  /** Too many rooms: the meeting's room quota, or this member opened new rooms too fast. */
  roomQuota: 4429,
  /** The socket could not keep up with the broadcasts; reconnect and resync. */
  slowConsumer: 4508,
  /** The member sent far more than their budget (the socket was already paused); reconnect later. */
  rateLimited: 4529,
} as const;

/**
 * The field the server stamps into every awareness state with the member who controls it ({delegateId, role}),
 * overriding whatever the client wrote there: "who is online" reads this, never a client-chosen name.
 */
export const AWARENESS_MEMBER_FIELD = 'member';

/** HTTP endpoints of the live session. */
export const LIVE_API = {
  /** POST (member, Bearer) LiveCommand -> CommandResult */
  commands: (meetingId: string) => pathTo(ROUTES.commands, { meetingId }),
  /** GET (chair, secretary) ?after=SEQ -> AuditPage */
  audit: (meetingId: string) => pathTo(ROUTES.audit, { meetingId }),
} as const;
