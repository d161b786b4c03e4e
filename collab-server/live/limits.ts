// Every limit of the live session, named (STYLE.md rule 11). Tests and benchmarks may override some through
// createLiveSession's `limits`; the defaults are what production runs with.
import { MAX_FRAME_BYTES } from '../../common/live/wire.ts';

export interface LiveLimits {
  /** Largest WebSocket frame accepted; larger closes the socket (1009). */
  readonly maxFrameBytes: number;
  /** A socket whose unsent bytes exceed this is a slow consumer and is closed rather than buffered. */
  readonly maxSendBufferBytes: number;
  /** Ping every interval; a socket that has not answered the previous ping by then is terminated. */
  readonly heartbeatMs: number;
  /** How often open sockets' tokens are checked again, so a revoked member is cut off. */
  readonly revocationCheckMs: number;
  /** Updates and awareness changes within one tick go out as one message per socket. */
  readonly broadcastTickMs: number;
  /** Client-written rooms are saved this long after their last change (and when the last client leaves). */
  readonly persistDebounceMs: number;
  /** Token bucket per member for commands: burst size and refill rate. */
  readonly commandBurst: number;
  readonly commandRefillPerSec: number;
  /** Buckets kept in memory at most; full buckets are dropped first. */
  readonly maxRateBuckets: number;
  /** WebSocket connections per server process. */
  readonly maxConnections: number;
  /** WebSocket connections per member (tabs, devices). */
  readonly maxConnectionsPerMember: number;
  /** Announcements and finished speeches kept in the state document. */
  readonly maxAnnouncements: number;
  readonly maxSpeeches: number;

  // ---- incremental persistence (roomStore.ts)
  /** A room's log is folded into a new snapshot after this many appended updates or bytes (and on unload). */
  readonly compactAfterUpdates: number;
  readonly compactAfterBytes: number;

  // ---- awareness (who is online, cursors): bounded on receipt, before anything parses deeper
  /** The JSON text of one awareness state, in bytes. */
  readonly maxAwarenessStateBytes: number;
  /** Nesting of one awareness state ([ and { levels). */
  readonly maxAwarenessDepth: number;
  /** Entries in one awareness message. */
  readonly maxAwarenessEntries: number;
  /** Awareness client ids one socket may control (a y-websocket client has one). */
  readonly maxAwarenessClientsPerSocket: number;

  // ---- per-member budget of incoming frames (token buckets, shared by that member's sockets)
  readonly memberFrameBurst: number;
  readonly memberFramesPerSec: number;
  readonly memberByteBurst: number;
  readonly memberBytesPerSec: number;
  /** Frames handled for one socket before yielding to the event loop. */
  readonly framesPerTurn: number;
  /** Received but not yet handled: above the soft bound the socket stops being read; above the hard bound it is closed. */
  readonly inboxPauseFrames: number;
  readonly inboxMaxFrames: number;
  readonly inboxMaxBytes: number;
  /** Updates merged into one broadcast message at most (Y.mergeUpdates grows faster than linearly). */
  readonly maxUpdatesPerMerge: number;

  // ---- quotas
  /** Bytes of a client-written room (its encoded state); a write past it closes the writer with CLOSE.roomFull. */
  readonly maxRoomBytes: number;
  /** Rooms stored per meeting; opening a new one past it closes with CLOSE.roomQuota. */
  readonly maxRoomsPerMeeting: number;
  /** New rooms one member may open: a burst, then one every roomCreateIntervalMs. */
  readonly roomCreateBurst: number;
  readonly roomCreateIntervalMs: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = {
  maxFrameBytes: MAX_FRAME_BYTES,
  maxSendBufferBytes: 4 * 1024 * 1024,
  heartbeatMs: 5_000,
  revocationCheckMs: 5_000,
  broadcastTickMs: 15,
  persistDebounceMs: 500,
  commandBurst: 20,
  commandRefillPerSec: 5,
  maxRateBuckets: 10_000,
  maxConnections: 20_000,
  maxConnectionsPerMember: 32,
  maxAnnouncements: 200,
  maxSpeeches: 2_000,
  compactAfterUpdates: 500,
  compactAfterBytes: 1024 * 1024,
  maxAwarenessStateBytes: 8 * 1024,
  maxAwarenessDepth: 16,
  maxAwarenessEntries: 16,
  maxAwarenessClientsPerSocket: 4,
  memberFrameBurst: 500,
  memberFramesPerSec: 200,
  memberByteBurst: 2 * 1024 * 1024,
  memberBytesPerSec: 512 * 1024,
  framesPerTurn: 64,
  inboxPauseFrames: 256,
  inboxMaxFrames: 50_000,
  inboxMaxBytes: 4 * 1024 * 1024,
  maxUpdatesPerMerge: 64,
  maxRoomBytes: 2 * 1024 * 1024,
  maxRoomsPerMeeting: 2_000,
  roomCreateBurst: 30,
  roomCreateIntervalMs: 2_000,
};
