// The live session: WebSocket rooms (y-websocket protocol) and the command routes, over one SQLite file.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ServerDb } from '../store/db.ts';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE } from '../../common/live/wire.ts';
import type { AuthResult, Route } from '../core/types.ts';
import { liveRoutes } from './commandRoutes.ts';
import { CommandRegistry, type Feature } from './commands/registry.ts';
import { openAuditSigner } from './auditKey.ts';
import { BUILTIN_FEATURES } from './features/index.ts';
import type { ProgressMode } from './voting/progress.ts';
import { COUNTDOWN_RESCAN_MS, startVotingRuntime, type VotingRuntime } from './voting/runtime.ts';
import { DEFAULT_LIVE_LIMITS, type LiveLimits } from './limits.ts';
import { onMemberRevoked, type MemberRevoked } from '../store/memberEvents.ts';
import { FrameBudget } from './FrameBudget.ts';
import { memberGroup, votingMemberCount } from './liveQueries.ts';
import { LiveConnection } from './LiveConnection.ts';
import { RateLimiter, type CommandLimiter } from './RateLimiter.ts';
import { INIT_ORIGIN, type Room } from './Room.ts';
import { ROOM_LOAD_FAILED_REASON, RoomLoadError, RoomRegistry, type RoomFanout } from './RoomRegistry.ts';
import { ensureSessionShape, refreshTotalDelegates } from './stateWriter.ts';
import { identify } from '../core/auth.ts';
import { ADMIN_READER_ID, checkUpgrade, refuseUpgrade, type UpgradeGrant } from './upgrade.ts';

export interface LiveSessionDeps {
  readonly db: ServerDb;
  authenticate(token: string): AuthResult;
  readonly dataDir: string;
  readonly log?: (line: string) => void;
  /** Overrides of the named limits (tests, benchmarks). */
  readonly limits?: Partial<LiveLimits>;
  /** Command features beside the built-in ones (commands/registry.ts). */
  readonly features?: readonly Feature[];
  /** How poll progress reaches the doc: coalesced (default) or one update per ballot (benchmark comparison). */
  readonly votingProgress?: ProgressMode;
  /** Several server instances on one store (collab-server/cluster/): the fan-out between them, a shared rate limit. */
  readonly cluster?: LiveCluster;
}

export interface LiveCluster {
  readonly fanout: RoomFanout;
  /** Gives the fan-out the rooms its messages apply to. */
  attach(registry: RoomRegistry): void;
  /** Builds the command rate limit counted across instances, around this instance's own (its fallback). */
  commandLimiter?(local: RateLimiter, rate: { readonly burst: number; readonly refillPerSec: number }): CommandLimiter;
  /**
   * A revocation committed on one instance closes the member's sockets on every instance at once: `checkNow` runs
   * when another instance announces one; `announce` tells the others of one committed here.
   */
  revocations?(checkNow: () => void): { announce(): void };
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
  /** Frame budgets by member, shared by that member's sockets; dropped when the member has none open. */
  private readonly budgets = new Map<string, FrameBudget>();
  /** New rooms each member may still open (a token bucket of room creations per member). */
  private readonly roomCreations = new Map<string, FrameBudget>();
  private readonly timers: ReturnType<typeof setInterval>[];
  private readonly unsubscribe: () => void;
  private readonly voting: VotingRuntime;
  private closing = false;

  /** The admin token (constant-time, core/auth.ts): it may read the state and inbox rooms, read-only (upgrade.ts). */
  private readonly isAdmin = (token: string): boolean => identify({ db: this.deps.db }, { headers: {} }, 'admin', token).ok;

  constructor(private readonly deps: LiveSessionDeps) {
    this.limits = { ...DEFAULT_LIVE_LIMITS, ...deps.limits };
    this.log = deps.log ?? (() => {});
    this.registry = new RoomRegistry({
      db: deps.db,
      tickMs: this.limits.broadcastTickMs,
      persistDebounceMs: this.limits.persistDebounceMs,
      maxUpdatesPerMerge: this.limits.maxUpdatesPerMerge,
      compactAfterUpdates: this.limits.compactAfterUpdates,
      compactAfterBytes: this.limits.compactAfterBytes,
      onLoad: (room) => this.initRoom(room),
      log: this.log,
      ...(deps.cluster ? { fanout: deps.cluster.fanout } : {}),
    });
    deps.cluster?.attach(this.registry);
    const revocations = deps.cluster?.revocations?.(() => this.safely('revocation check', () => this.checkRevocations()));
    this.unsubscribe = onMemberRevoked(deps.db, (e) => {
      this.closeRevoked(e);
      revocations?.announce();
    });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.limits.maxFrameBytes, perMessageDeflate: false, clientTracking: false });
    const local = new RateLimiter({ burst: this.limits.commandBurst, refillPerSec: this.limits.commandRefillPerSec, maxBuckets: this.limits.maxRateBuckets });
    const limiter = deps.cluster?.commandLimiter?.(local, { burst: this.limits.commandBurst, refillPerSec: this.limits.commandRefillPerSec }) ?? local;
    this.routes = liveRoutes({ db: deps.db, authenticate: (t) => deps.authenticate(t), registry: this.registry, limiter, limits: this.limits, dataDir: deps.dataDir, log: this.log, ...(deps.features ? { features: deps.features } : {}) });
    this.timers = [
      setInterval(() => this.safely('heartbeat', () => this.heartbeat()), this.limits.heartbeatMs),
      setInterval(() => this.safely('revocation check', () => this.checkRevocations()), this.limits.revocationCheckMs),
    ];
    for (const t of this.timers) t.unref();
    this.voting = this.startVoting();
  }

  /** Countdowns and the coalesced progress run as server changes, through the same store as commands. */
  private startVoting(): VotingRuntime {
    const { db, dataDir } = this.deps;
    const commands = new CommandRegistry([...BUILTIN_FEATURES, ...(this.deps.features ?? [])]);
    const deps = { db, rooms: this.registry, commands, signer: openAuditSigner(db, dataDir), limits: this.limits, log: this.log };
    return startVotingRuntime(deps, { progress: this.deps.votingProgress ?? 'coalesced', ...(this.deps.cluster ? { countdownRescanMs: COUNTDOWN_RESCAN_MS } : {}) });
  }

  private initRoom(room: Room): void {
    if (room.ref.kind !== 'state') return;
    const count = votingMemberCount(this.deps.db, room.ref.meetingId);
    // INIT_ORIGIN: stored like a client's update, so the types later commands write into exist after a restart.
    room.doc.transact(() => refreshTotalDelegates(ensureSessionShape(room.doc), count), INIT_ORIGIN);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    try {
      this.upgrade(req, socket, head);
    } catch (e) {
      this.log(`live: upgrade failed: ${e instanceof Error ? e.message : String(e)}`);
      refuseUpgrade(socket, { code: 'INTERNAL', message: 'the upgrade failed' });
    }
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const grant = checkUpgrade(req, (t) => this.deps.authenticate(t), (m) => memberGroup(this.deps.db, m.meetingId, m.delegateId), this.isAdmin);
    if (!grant.ok) return refuseUpgrade(socket, grant.error);
    const busy = this.capacityError(grant.value);
    if (busy) return refuseUpgrade(socket, busy);
    const quota = this.roomQuotaError(grant.value);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (quota) {
        // Accepted only to say why in a close code the y-websocket client stops on (4429): it cannot fix this by retrying.
        this.log(`live: ${memberKey(grant.value)} may not open ${grant.value.ref.meetingId} room: ${quota}`);
        ws.on('error', () => ws.terminate());
        ws.close(CLOSE.roomQuota, quota);
        return;
      }
      this.accept(ws, grant.value);
    });
  }

  /** Opening a room that does not exist creates it: bounded per meeting and, in rate, per member. */
  private roomQuotaError(grant: UpgradeGrant): string | undefined {
    if (this.registry.exists(grant.ref)) return undefined;
    if (this.registry.roomCount(grant.ref.meetingId) >= this.limits.maxRoomsPerMeeting) return 'meeting room quota';
    if (!this.creationBudget(memberKey(grant)).take(0)) return 'too many new rooms';
    return undefined;
  }

  private creationBudget(key: string): FrameBudget {
    let budget = this.roomCreations.get(key);
    if (!budget) {
      if (this.roomCreations.size >= this.limits.maxRateBuckets) for (const [k, b] of this.roomCreations) if (b.idle) this.roomCreations.delete(k);
      const perSec = 1000 / this.limits.roomCreateIntervalMs;
      budget = new FrameBudget({ frameBurst: this.limits.roomCreateBurst, framesPerSec: perSec, byteBurst: Number.POSITIVE_INFINITY, bytesPerSec: 0 });
      this.roomCreations.set(key, budget);
    }
    return budget;
  }

  private capacityError(grant: UpgradeGrant): { code: 'RATE_LIMITED'; message: string } | undefined {
    if (this.closing || this.connections.size >= this.limits.maxConnections) return { code: 'RATE_LIMITED', message: 'server is full' };
    if ((this.perMember.get(memberKey(grant)) ?? 0) >= this.limits.maxConnectionsPerMember) return { code: 'RATE_LIMITED', message: 'too many connections' };
    return undefined;
  }

  private accept(ws: WebSocket, grant: UpgradeGrant): void {
    let room: Room;
    try {
      room = this.registry.acquire(grant.ref);
    } catch (e) {
      // The room could not be loaded (logged; the registry dropped it): 1011 makes the client reconnect, which loads it again.
      if (!(e instanceof RoomLoadError)) this.log(`live: could not open ${grant.ref.meetingId} room: ${e instanceof Error ? e.message : String(e)}`);
      ws.on('error', () => ws.terminate());
      ws.close(CLOSE.internalError, ROOM_LOAD_FAILED_REASON);
      return;
    }
    const conn = new LiveConnection(ws, room, grant.member, grant.token, {
      limits: this.limits,
      writable: grant.access === 'write',
      budget: this.budgetOf(memberKey(grant)),
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
    // A budget still refilling is kept, so reconnecting does not buy a fresh burst; the heartbeat forgets it once full.
    if (left === 0 && this.budgets.get(memberKey(grant))?.idle) this.budgets.delete(memberKey(grant));
    if (conn.room.removePeer(conn)) this.registry.releaseIfIdle(conn.room);
  }

  /** Timers never throw out: a failure is logged and the next round tries again. */
  private safely(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.log(`live: ${what} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private budgetOf(key: string): FrameBudget {
    let budget = this.budgets.get(key);
    if (!budget) {
      const l = this.limits;
      budget = new FrameBudget({ frameBurst: l.memberFrameBurst, framesPerSec: l.memberFramesPerSec, byteBurst: l.memberByteBurst, bytesPerSec: l.memberBytesPerSec });
      this.budgets.set(key, budget);
    }
    return budget;
  }

  /** A committed revocation closes the member's sockets at once (before the revoke answer is sent). */
  private closeRevoked(e: MemberRevoked): void {
    for (const conn of [...this.connections]) {
      if (conn.member.meetingId === e.meetingId && conn.member.delegateId === e.delegateId) conn.close(CLOSE.revoked, 'revoked');
    }
  }

  /** Budgets of members with no socket open, once refilled (each heartbeat): none outlives its member's sockets for long. */
  private sweepBudgets(): void {
    for (const [key, budget] of this.budgets) if (!this.perMember.has(key) && budget.idle) this.budgets.delete(key);
  }

  private heartbeat(): void {
    this.sweepBudgets();
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
        valid = conn.member.delegateId === ADMIN_READER_ID ? this.isAdmin(conn.token) : this.deps.authenticate(conn.token).ok;
        verdicts.set(conn.token, valid);
      }
      if (!valid) conn.close(CLOSE.revoked, 'revoked');
    }
  }

  /**
   * Says goodbye to every socket with 1001 (going away): the y-websocket client reconnects on it (only
   * 4400-4499 are final, common/live/wire.ts), so behind a proxy it lands on another instance, and on a
   * hall laptop it comes back when the server does. Resolves once every socket has closed (the client's
   * answer, or LiveConnection's terminate after CLOSE_GRACE_MS), so the goodbye is on the wire before the
   * caller cuts connections or closes the store.
   */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.unsubscribe();
    for (const t of this.timers) clearInterval(t);
    this.safely('voting stop', () => this.voting.stop());
    const open = [...this.connections];
    const gone = open.map((conn) => new Promise<void>((resolve) => (conn.ws.readyState === conn.ws.CLOSED ? resolve() : conn.ws.once('close', () => resolve()))));
    for (const conn of open) conn.close(CLOSE.goingAway, 'server shutting down');
    this.registry.closeAll();
    await Promise.all(gone);
    if (open.length > 0) this.log(`live: ${open.length} sockets closed (going away)`);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function memberKey(grant: UpgradeGrant): string {
  return `${grant.member.meetingId}/${grant.member.delegateId}`;
}
