// The live session: WebSocket rooms (y-websocket protocol) and the command routes, over one SQLite file.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type Database from 'better-sqlite3';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE } from '../../common/live/wire.ts';
import type { AuthResult, Route } from '../core/types.ts';
import { liveRoutes } from './commandRoutes.ts';
import { DEFAULT_LIVE_LIMITS, type LiveLimits } from './limits.ts';
import { votingMemberCount } from './liveQueries.ts';
import { LiveConnection } from './LiveConnection.ts';
import { RateLimiter } from './RateLimiter.ts';
import { SERVER_ORIGIN, type Room } from './Room.ts';
import { RoomRegistry } from './RoomRegistry.ts';
import { ensureSessionShape, refreshTotalDelegates } from './stateWriter.ts';
import { checkUpgrade, refuseUpgrade, type UpgradeGrant } from './upgrade.ts';

export interface LiveSessionDeps {
  readonly db: Database.Database;
  authenticate(token: string): AuthResult;
  readonly dataDir: string;
  readonly log?: (line: string) => void;
  /** Overrides of the named limits (tests, benchmarks). */
  readonly limits?: Partial<LiveLimits>;
}

export interface LiveSession {
  readonly routes: readonly Route[];
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

export class LiveSessionServer implements LiveSession {
  readonly routes: readonly Route[];
  private readonly limits: LiveLimits;
  private readonly log: (line: string) => void;
  private readonly registry: RoomRegistry;
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<LiveConnection>();
  private readonly perMember = new Map<string, number>();
  private readonly timers: ReturnType<typeof setInterval>[];
  private closing = false;

  constructor(private readonly deps: LiveSessionDeps) {
    this.limits = { ...DEFAULT_LIVE_LIMITS, ...deps.limits };
    this.log = deps.log ?? (() => {});
    this.registry = new RoomRegistry({
      db: deps.db,
      tickMs: this.limits.broadcastTickMs,
      persistDebounceMs: this.limits.persistDebounceMs,
      onLoad: (room) => this.initRoom(room),
      log: this.log,
    });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.limits.maxFrameBytes, perMessageDeflate: false, clientTracking: false });
    const limiter = new RateLimiter({ burst: this.limits.commandBurst, refillPerSec: this.limits.commandRefillPerSec, maxBuckets: this.limits.maxRateBuckets });
    this.routes = liveRoutes({ db: deps.db, authenticate: (t) => deps.authenticate(t), registry: this.registry, limiter, limits: this.limits });
    this.timers = [
      setInterval(() => this.heartbeat(), this.limits.heartbeatMs),
      setInterval(() => this.checkRevocations(), this.limits.revocationCheckMs),
    ];
    for (const t of this.timers) t.unref();
  }

  private initRoom(room: Room): void {
    if (room.ref.kind !== 'state') return;
    const count = votingMemberCount(this.deps.db, room.ref.meetingId);
    room.doc.transact(() => refreshTotalDelegates(ensureSessionShape(room.doc), count), SERVER_ORIGIN);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const grant = checkUpgrade(req, (t) => this.deps.authenticate(t));
    if (!grant.ok) return refuseUpgrade(socket, grant.error);
    const busy = this.capacityError(grant.value);
    if (busy) return refuseUpgrade(socket, busy);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, grant.value));
  }

  private capacityError(grant: UpgradeGrant): { code: 'RATE_LIMITED'; message: string } | undefined {
    if (this.closing || this.connections.size >= this.limits.maxConnections) return { code: 'RATE_LIMITED', message: 'server is full' };
    if ((this.perMember.get(memberKey(grant)) ?? 0) >= this.limits.maxConnectionsPerMember) return { code: 'RATE_LIMITED', message: 'too many connections' };
    return undefined;
  }

  private accept(ws: WebSocket, grant: UpgradeGrant): void {
    const room = this.registry.acquire(grant.ref);
    const conn = new LiveConnection(ws, room, grant.member, grant.token, {
      maxSendBufferBytes: this.limits.maxSendBufferBytes,
      log: this.log,
      onClosed: (c) => this.onClosed(c, grant),
    });
    this.connections.add(conn);
    this.perMember.set(memberKey(grant), (this.perMember.get(memberKey(grant)) ?? 0) + 1);
    room.addPeer(conn);
    conn.start();
  }

  private onClosed(conn: LiveConnection, grant: UpgradeGrant): void {
    this.connections.delete(conn);
    const left = (this.perMember.get(memberKey(grant)) ?? 1) - 1;
    if (left > 0) this.perMember.set(memberKey(grant), left);
    else this.perMember.delete(memberKey(grant));
    if (conn.room.removePeer(conn)) this.registry.releaseIfIdle(conn.room);
  }

  private heartbeat(): void {
    for (const conn of [...this.connections]) {
      if (!conn.heartbeat()) {
        this.log(`live: no pong from ${conn.member.delegateId} in ${conn.room.name}, terminating`);
        conn.ws.terminate();
      }
    }
  }

  /** Closes the sockets of members whose token no longer authenticates (revoked or removed). */
  checkRevocations(): void {
    const verdicts = new Map<string, boolean>();
    for (const conn of [...this.connections]) {
      let valid = verdicts.get(conn.token);
      if (valid === undefined) {
        valid = this.deps.authenticate(conn.token).ok;
        verdicts.set(conn.token, valid);
      }
      if (!valid) conn.close(CLOSE.revoked, 'revoked');
    }
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const t of this.timers) clearInterval(t);
    for (const conn of [...this.connections]) conn.close(CLOSE.goingAway, 'server shutting down');
    this.registry.closeAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function memberKey(grant: UpgradeGrant): string {
  return `${grant.member.meetingId}/${grant.member.delegateId}`;
}
