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
};
