// Live session connections. RoomClient (openRoom): any room's Y.Doc over y-websocket, with its status.
// LiveClient: the meeting state room on a RoomClient, awareness (who is online, as the server stamped it),
// commands over HTTP with an outbox for a delegate's requests made offline. Framework-free; useLiveSession
// wraps LiveClient.
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { LiveCommandSchema, type LiveCommandInput } from '../../common/live/commands.ts';
import type { VotingCommandInput } from '../../common/voting/commands.ts';
import { DEFAULT_VOTING_SETTINGS, readVotingState, type VotingState } from '../../common/voting/state.ts';
import { sendOwnAwarenessOnly } from '../../common/live/ownAwareness.ts';
import { meetingStateRoom, roomToString, SYNC_PATH, type RoomRef } from '../../common/live/rooms.ts';
import { DEFAULT_CONFIG, readMeetingState, type MeetingState } from '../../common/live/state.ts';
import { AWARENESS_MEMBER_FIELD, LIVE_API } from '../../common/live/wire.ts';
import type { Role } from '../../common/meeting/types.ts';
import { errorFromAnswer } from '../../common/device/serverClient.ts';
import type { ErrorValue, Result } from '../../common/result.ts';
import type { LiveCredentials } from '../platform/Platform.ts';
import { AUDIT_KEY_PATH, readAuditHead, type AuditCheckpoint } from '../../common/live/audit.ts';
import { publishLiveLink, type LiveStatus } from './connection.ts';
import { checkAuditHead, higherHead, liveStateKey, localLiveStateStore, readSaved, verifyHead, type AuditWarning, type LiveStateStore } from './lastKnown.ts';
import { isRetryable, localOutboxStore, Outbox, QUEUEABLE_TYPES, type SendOutcome } from './outbox.ts';

// LiveStatus lives in connection.ts (which the top bar imports without the client): no import cycle.
export type { LiveStatus };

export interface LiveSnapshot {
  readonly status: LiveStatus;
  /** The state has been received at least once (before that it is the empty default). */
  readonly synced: boolean;
  readonly state: MeetingState;
  /** Polls, their coalesced progress and results (common/voting/state.ts), from the same room. */
  readonly voting: VotingState;
  /** Delegate ids with an open connection (awareness), without duplicates. */
  readonly onlineIds: readonly string[];
  readonly pending: readonly LiveCommandInput[];
  /** The last failure of a command sent from the outbox, for a notice. */
  readonly lastError?: ErrorValue;
  readonly me: { readonly delegateId: string; readonly role: Role };
  /** Server clock minus this device's clock, estimated from HTTP answers (Floor times are server ms). */
  readonly clockOffsetMs: number;
  /**
   * Device ms when the server last confirmed `state`: undefined while nothing is known (no saved state, never
   * synced). While online and synced the state is live and this is not shown (see liveFacts in facts.ts).
   */
  readonly knownAt?: number;
  /** Device ms of the last contact with the server, once the connection was lost. */
  readonly lastContactAt?: number;
  /** The server's audit head is behind, or differs from, the one this device kept (a log cut short or rewritten). */
  readonly auditWarning?: AuditWarning;
}

export const EMPTY_VOTING: VotingState = { polls: [], progress: {}, results: {}, settings: DEFAULT_VOTING_SETTINGS };

/** Any command a live client sends: the session's and the voting features'. */
export type AnyCommandInput = LiveCommandInput | VotingCommandInput;

const isLiveCommand = (c: AnyCommandInput): c is LiveCommandInput => LiveCommandSchema.options.some((o) => o.shape.type.value === c.type);

export const EMPTY_STATE: MeetingState = {
  currentItemId: null,
  floor: null,
  queue: [],
  attendance: {},
  announcements: [],
  speeches: [],
  config: DEFAULT_CONFIG,
};

/** A "Đã xem" the server refuses for good (the notice was pruned) is nothing to tell the member about. */
const QUIET_DROP: Result<unknown> = { ok: true, value: undefined };

/** Ignore clock differences below this: the Date header has one-second resolution. */
const CLOCK_TOLERANCE_MS = 1500;
const CLOSED_CODES = { min: 4400, max: 4499 } as const;
/** The live state is written to the device at most this often while it changes (and at once when the connection drops). */
export const SAVE_DELAY_MS = 300;
/** onContact is called at most this often (the device core writes the contact at most once a minute too). */
export const CONTACT_NOTE_INTERVAL_MS = 60_000;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

interface AwarenessMember {
  readonly delegateId?: unknown;
}

export interface RoomSnapshot {
  readonly status: LiveStatus;
  /** The server's state has been received at least once. */
  readonly synced: boolean;
  /** Why the server closed the room for good (status 'closed'): a CLOSE code of common/live/wire.ts. */
  readonly closeCode?: number;
  readonly closeReason?: string;
  /** Device ms of the last message from the server; set when the connection is lost (while online it is now). */
  readonly lastContactAt?: number;
}

export interface RoomClientOptions {
  /** Node (tests, tools) passes `ws`; browsers and Electron use the global WebSocket. */
  readonly WebSocketPolyfill?: typeof WebSocket;
  /** Longest wait between reconnection attempts (y-websocket's default when absent). */
  readonly maxBackoffTime?: number;
}

/**
 * One room's Y.Doc kept in sync with the server: status follows the socket and the device's network; a close
 * in 4400-4499 (revoked, room full, room quota) is final. Any room kind: `ref` is a RoomRef or a room name.
 */
export class RoomClient {
  readonly doc = new Y.Doc();
  readonly room: string;
  private readonly provider: WebsocketProvider;
  private readonly listeners = new Set<() => void>();
  private snapshot: RoomSnapshot = { status: 'connecting', synced: false };
  private everConnected = false;
  /** An attempt failed before the first connection: the server is not answering, not "still connecting". */
  private failed = false;
  private destroyed = false;

  constructor(creds: LiveCredentials, ref: RoomRef | string, opts: RoomClientOptions = {}) {
    this.room = typeof ref === 'string' ? ref : roomToString(ref);
    const wsBase = creds.server.replace(/\/+$/, '').replace(/^http/, 'ws') + SYNC_PATH;
    this.provider = new WebsocketProvider(wsBase, this.room, this.doc, {
      params: { token: creds.token },
      disableBc: true,
      ...(opts.WebSocketPolyfill ? { WebSocketPolyfill: opts.WebSocketPolyfill } : {}),
      ...(opts.maxBackoffTime !== undefined ? { maxBackoffTime: opts.maxBackoffTime } : {}),
    });
    sendOwnAwarenessOnly(this.provider);
    this.provider.on('status', this.onStatus);
    this.provider.on('sync', this.onSync);
    this.provider.on('connection-close', this.onClose);
    globalThis.addEventListener?.('offline', this.onNetwork);
    globalThis.addEventListener?.('online', this.onNetwork);
  }

  get awareness(): Awareness {
    return this.provider.awareness;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): RoomSnapshot => this.snapshot;

  destroy(): void {
    this.destroyed = true;
    globalThis.removeEventListener?.('offline', this.onNetwork);
    globalThis.removeEventListener?.('online', this.onNetwork);
    this.provider.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }

  private update(patch: Partial<RoomSnapshot>): void {
    if (this.destroyed) return;
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  private readonly onSync = (synced: boolean) => {
    if (!synced || this.snapshot.status === 'closed') return;
    this.everConnected = true;
    this.failed = false;
    this.update({ synced: true, status: 'online' });
  };

  private readonly onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
    if (this.snapshot.status === 'closed') return;
    if (status === 'connected') {
      // A read-only room sends no SyncStep1 first; the state arrives with the first update or sync reply.
      if (this.provider.synced) this.onSync(true);
      return;
    }
    this.update({ ...this.contact(), status: this.notConnected() });
  };

  private notConnected(): LiveStatus {
    if (globalThis.navigator?.onLine === false) return 'offline';
    return this.everConnected || this.failed ? 'reconnecting' : 'connecting';
  }

  /** The last contact, noted when leaving 'online' (y-websocket stamps every message it receives). */
  private contact(): Partial<RoomSnapshot> {
    if (this.snapshot.status !== 'online') return {};
    const last = this.provider.wsLastMessageReceived;
    return { lastContactAt: last > 0 ? last : Date.now() };
  }

  private readonly onClose = (event: CloseEvent | null) => {
    if (event && event.code >= CLOSED_CODES.min && event.code <= CLOSED_CODES.max) {
      this.update({ ...this.contact(), status: 'closed', closeCode: event.code, closeReason: event.reason });
      return;
    }
    if (this.snapshot.status === 'closed') return;
    // Before the first connection y-websocket reports no 'disconnected': a failed attempt is seen here.
    this.failed = true;
    this.update({ ...this.contact(), status: this.notConnected() });
  };

  private readonly onNetwork = () => {
    if (globalThis.navigator?.onLine === false) {
      this.update({ ...this.contact(), status: 'offline' });
    } else if (this.snapshot.status === 'offline') {
      this.update({ status: 'reconnecting' });
      if (!this.provider.wsconnected) this.provider.connect();
      else if (this.provider.synced) this.onSync(true);
    }
  };
}

/** A sync client for any room the member may enter. */
export function openRoom(creds: LiveCredentials, ref: RoomRef | string, opts?: RoomClientOptions): RoomClient {
  return new RoomClient(creds, ref, opts);
}

/** The audit key each server offers, asked once per server and page (a failed answer is asked again later). */
const AUDIT_KEYS = new WeakMap<FetchLike, Map<string, Promise<string | undefined>>>();
const globalFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

/** GET AUDIT_KEY_PATH: the server's audit public key, or undefined when it does not answer with one. */
export function fetchAuditKey(fetchImpl: FetchLike, server: string): Promise<string | undefined> {
  const base = server.replace(/\/+$/, '');
  const keys = AUDIT_KEYS.get(fetchImpl) ?? new Map<string, Promise<string | undefined>>();
  AUDIT_KEYS.set(fetchImpl, keys);
  const known = keys.get(base);
  if (known) return known;
  const asked = (async () => {
    try {
      const res = await fetchImpl(`${base}${AUDIT_KEY_PATH}`, { cache: 'no-store' });
      const body = (await res.json().catch(() => undefined)) as { ok?: unknown; value?: { publicKey?: unknown } } | undefined;
      const key = res.ok && body?.ok === true ? body.value?.publicKey : undefined;
      return typeof key === 'string' && key !== '' ? key : undefined;
    } catch {
      return undefined;
    }
  })();
  keys.set(base, asked);
  void asked.then((k) => k === undefined && keys.delete(base));
  return asked;
}

/** How many times a command refused with RATE_LIMITED is sent again (after Retry-After) before the refusal is shown. */
export const RATE_LIMIT_RETRIES = 30;

export async function postCommand(
  fetchImpl: FetchLike,
  creds: LiveCredentials,
  meetingId: string,
  command: AnyCommandInput,
): Promise<{ result: Result<unknown>; serverDate?: number; retryAfterMs?: number }> {
  let res: Response;
  try {
    res = await fetchImpl(`${creds.server.replace(/\/+$/, '')}${LIVE_API.commands(meetingId)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${creds.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(command),
      cache: 'no-store',
    });
  } catch (e) {
    return { result: { ok: false, error: { code: 'NETWORK', message: e instanceof Error ? e.message : 'fetch failed' } } };
  }
  const date = Date.parse(res.headers.get('date') ?? '');
  const body = (await res.json().catch(() => undefined)) as { ok?: boolean; value?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
  const serverDate = Number.isNaN(date) ? undefined : date;
  const extra = serverDate === undefined ? {} : { serverDate };
  if (res.ok && body?.ok !== false) return { result: { ok: true, value: body?.value }, ...extra };
  const error: ErrorValue = errorFromAnswer(res.status, body).toValue();
  const retryAfter = Number(res.headers.get('retry-after'));
  return { result: { ok: false, error }, ...extra, ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}) };
}

export class LiveClient {
  private readonly room: RoomClient;
  private readonly outbox: Outbox;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribeRoom: () => void;
  private snapshot: LiveSnapshot;
  private destroyed = false;
  private readonly stateStore: LiveStateStore | undefined;
  /** The highest audit head seen (only a verified one replaces it), kept with the state across reloads. */
  private auditHead: AuditCheckpoint | undefined;
  /** The server's audit key as pinned for this meeting on first sight (kept with the state). */
  private auditKey: string | undefined;
  /** Head checks run one after another (each may wait for the key). */
  private auditRun: Promise<void> = Promise.resolve();
  /** The last head checked, so an unchanged head is not verified again on every doc update. */
  private auditChecked: AuditCheckpoint | undefined;
  /** Device ms when onContact was last called (CONTACT_NOTE_INTERVAL_MS). */
  private contactNotedAt = -Infinity;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  /** `stateStore`: where the last known state is kept (localStorage per meeting and member by default; null: nowhere). */
  constructor(
    private readonly meetingId: string,
    private readonly creds: LiveCredentials,
    private readonly fetchImpl: FetchLike = globalFetch,
    roomOptions?: RoomClientOptions,
    stateStore?: LiveStateStore | null,
    /** The server answered this member (synced, or a command answered 200): the platform restarts the device lease. */
    private readonly onContact?: () => void,
  ) {
    this.outbox = new Outbox(() => this.update({ pending: this.outbox.list() }), localOutboxStore(`council.outbox.${meetingId}.${creds.delegateId}`));
    this.stateStore = stateStore === null ? undefined : (stateStore ?? localLiveStateStore(liveStateKey(meetingId, creds.delegateId)));
    // Read before connecting: the panel shows the last known state (as such) at once, never an empty one as fact.
    const saved = this.stateStore?.load();
    const known = saved && readSaved(saved);
    this.auditHead = known?.auditHead;
    this.auditKey = saved?.auditKey;
    this.snapshot = {
      status: 'connecting',
      synced: false,
      state: known?.state ?? EMPTY_STATE,
      voting: EMPTY_VOTING,
      onlineIds: [],
      pending: this.outbox.list(),
      me: { delegateId: creds.delegateId, role: creds.role },
      clockOffsetMs: 0,
      ...(known ? { knownAt: known.at } : {}),
    };
    publishLiveLink(meetingId, { status: 'connecting' });
    this.room = openRoom(creds, meetingStateRoom(meetingId), roomOptions);
    this.room.awareness.setLocalStateField('user', { delegateId: creds.delegateId, role: creds.role });
    this.room.doc.on('update', this.onDoc);
    this.unsubscribeRoom = this.room.subscribe(this.onRoom);
    this.room.awareness.on('change', this.onAwareness);
    // The local state was set before this listener: count it now, not at the first remote change.
    this.onAwareness();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LiveSnapshot => this.snapshot;

  /** Sends now when online; a delegate's request waits in the outbox when it cannot; anything else fails. */
  async send(command: AnyCommandInput): Promise<SendOutcome> {
    if (this.snapshot.status !== 'online') return this.deferOrRefuse(command);
    const result = await this.post(command);
    if (result.ok) return { status: 'sent', value: result.value };
    return isRetryable(result.error) ? this.deferOrRefuse(command, result.error) : { status: 'failed', error: result.error };
  }

  /** Resolves when the audit heads received so far have been checked (and a verified one kept). */
  auditSettled(): Promise<void> {
    return this.auditRun;
  }

  /** Takes back a request that is still waiting in the outbox. */
  cancelPending(commandId: string): boolean {
    return this.outbox.cancel(commandId);
  }

  destroy(): void {
    if (this.saveTimer !== undefined) this.save();
    this.destroyed = true;
    publishLiveLink(this.meetingId, undefined);
    this.unsubscribeRoom();
    this.room.awareness.off('change', this.onAwareness);
    this.room.doc.off('update', this.onDoc);
    this.room.destroy();
    this.listeners.clear();
  }

  private deferOrRefuse(command: AnyCommandInput, cause?: ErrorValue): SendOutcome {
    // Voting commands do not wait in the outbox yet (issue 7: a ballot queued offline is sent only while the poll is open).
    if (isLiveCommand(command) && QUEUEABLE_TYPES.has(command.type) && this.outbox.enqueue(command)) return { status: 'queued' };
    return { status: 'failed', error: cause ?? { code: 'NETWORK', message: 'not connected to the live session' } };
  }

  private async post(command: AnyCommandInput): Promise<Result<unknown>> {
    // The server's per-member budget (a burst, then a few per second) refuses before it stores anything, so the
    // same command may simply be sent again: a chair marking 80 deputies present waits a little, it does not fail.
    for (let attempt = 0; ; attempt++) {
      const sentAt = Date.now();
      const { result, serverDate, retryAfterMs } = await postCommand(this.fetchImpl, this.creds, this.meetingId, command);
      if (serverDate !== undefined) this.observeClock(serverDate, sentAt, Date.now());
      if (result.ok) this.noteContact();
      if (result.ok || result.error.code !== 'RATE_LIMITED' || attempt >= RATE_LIMIT_RETRIES || this.destroyed) return result;
      await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfterMs ?? 1000, 5000)));
    }
  }

  /** Tells the platform the server answered, at most once per CONTACT_NOTE_INTERVAL_MS. */
  private noteContact(): void {
    const now = Date.now();
    if (!this.onContact || this.destroyed || (now >= this.contactNotedAt && now - this.contactNotedAt < CONTACT_NOTE_INTERVAL_MS)) return;
    this.contactNotedAt = now;
    this.onContact();
  }

  private observeClock(serverDate: number, sentAt: number, receivedAt: number): void {
    // The Date header is truncated to the second: the true server time lies in [date, date + 1000).
    const offset = serverDate + 500 - (sentAt + receivedAt) / 2;
    const next = Math.abs(offset) < CLOCK_TOLERANCE_MS ? 0 : Math.round(offset);
    if (next !== this.snapshot.clockOffsetMs) this.update({ clockOffsetMs: next });
  }

  private flush(): void {
    void this.outbox.flush((c) => this.post(c).then((r) => (c.type === 'acknowledgeAnnouncement' && !r.ok && !isRetryable(r.error) ? QUIET_DROP : r))).then((dropped) => {
      const last = dropped[dropped.length - 1];
      if (last) this.update({ lastError: last });
    });
  }

  private update(patch: Partial<LiveSnapshot>): void {
    if (this.destroyed) return;
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  /** The server's state; before the first sync the doc is empty (or partial) and the saved state stays shown. */
  private readonly onDoc = () => {
    if (!this.room.getSnapshot().synced) return;
    this.update({ state: readMeetingState(this.room.doc), voting: readVotingState(this.room.doc) });
    this.noteContact();
    this.audit();
    this.scheduleSave();
  };

  /** Follows the room's status; each time it comes (back) online, the state is read and the outbox sent. */
  private readonly onRoom = () => {
    const room = this.room.getSnapshot();
    const cameOnline = room.status === 'online' && this.snapshot.status !== 'online';
    const wentOffline = room.status !== 'online' && this.snapshot.status === 'online';
    publishLiveLink(this.meetingId, { status: room.status, ...(room.lastContactAt === undefined ? {} : { lastContactAt: room.lastContactAt }) });
    if (room.status === this.snapshot.status && room.synced === this.snapshot.synced) return;
    const contact = wentOffline ? { lastContactAt: room.lastContactAt ?? Date.now(), knownAt: room.lastContactAt ?? Date.now() } : {};
    this.update({ status: room.status, synced: room.synced, ...contact, ...(cameOnline ? { state: readMeetingState(this.room.doc), voting: readVotingState(this.room.doc) } : {}) });
    if (cameOnline) {
      this.noteContact();
      this.audit();
      this.scheduleSave();
      this.flush();
    }
    if (wentOffline) this.save();
  };

  /** Checks the published audit head (in turn with earlier checks); see checkHead. */
  private audit(): void {
    this.auditRun = this.auditRun.then(() => this.checkHead()).catch(() => undefined);
  }

  /**
   * The published head is verified (the pinned audit key, this meeting) BEFORE it is compared with the kept one
   * or adopted: a head that does not verify is itself a warning and never replaces the kept head.
   */
  private async checkHead(): Promise<void> {
    const seen = readAuditHead(this.room.doc);
    if (!seen || this.destroyed || (this.auditChecked && sameHead(this.auditChecked, seen))) return;
    const key = await this.pinnedAuditKey();
    if (key === undefined || this.destroyed) return; // no key yet (the server did not answer): checked on the next update
    this.auditChecked = seen;
    const check = await verifyHead(seen, this.meetingId, key);
    if (!check.ok) return this.warnAudit({ kind: 'unsigned', seen });
    const warning = checkAuditHead(this.auditHead, seen);
    const before = this.auditHead;
    this.auditHead = higherHead(this.auditHead, seen);
    if (this.auditHead !== before) this.scheduleSave();
    if (warning) this.warnAudit(warning);
  }

  /** The key pinned for the meeting; pinned now when this is the first sight. Another key offered later is a warning. */
  private async pinnedAuditKey(): Promise<string | undefined> {
    const offered = await fetchAuditKey(this.fetchImpl, this.creds.server);
    if (this.auditKey === undefined) {
      this.auditKey = offered;
      if (offered !== undefined) this.scheduleSave();
    } else if (offered !== undefined && offered !== this.auditKey) {
      this.warnAudit({ kind: 'key-changed', pinned: this.auditKey, offered });
    }
    return this.auditKey;
  }

  /** Shows a warning (logged once per different finding); a changed key stays shown over later findings. */
  private warnAudit(warning: AuditWarning): void {
    const prev = this.snapshot.auditWarning;
    if (prev?.kind === 'key-changed' || (prev && auditWarningText(prev) === auditWarningText(warning))) return;
    console.warn(`audit log of ${this.meetingId}: ${auditWarningText(warning)}`);
    this.update({ auditWarning: warning });
  }

  private scheduleSave(): void {
    if (!this.stateStore || this.saveTimer !== undefined) return;
    this.saveTimer = setTimeout(() => this.save(), SAVE_DELAY_MS);
  }

  /** Writes the doc as last confirmed: now while online, the last contact after the connection dropped. */
  private save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.stateStore || this.destroyed || !this.room.getSnapshot().synced) return;
    const at = this.snapshot.status === 'online' ? Date.now() : (this.snapshot.knownAt ?? Date.now());
    this.stateStore.save({
      update: Y.encodeStateAsUpdate(this.room.doc),
      at,
      ...(this.auditHead ? { auditHead: this.auditHead } : {}),
      ...(this.auditKey ? { auditKey: this.auditKey } : {}),
    });
  }

  /** Who is online: the member the server stamped into each state, and this device itself. */
  private readonly onAwareness = () => {
    const ids = new Set<string>([this.creds.delegateId]);
    for (const [clientId, state] of this.room.awareness.getStates()) {
      if (clientId === this.room.doc.clientID) continue;
      const member = (state as Record<string, { delegateId?: unknown } | undefined>)[AWARENESS_MEMBER_FIELD] as AwarenessMember | undefined;
      if (typeof member?.delegateId === 'string') ids.add(member.delegateId);
    }
    // Awareness from others is relayed by the server: an all-day session without changes still reaches it.
    if (this.snapshot.status === 'online' && this.room.getSnapshot().synced) this.noteContact();
    const onlineIds = [...ids].sort();
    if (onlineIds.join() !== this.snapshot.onlineIds.join()) this.update({ onlineIds });
  };
}

const sameHead = (a: AuditCheckpoint, b: AuditCheckpoint): boolean => a.meetingId === b.meetingId && a.seq === b.seq && a.hash === b.hash && a.signature === b.signature && a.at === b.at;

/** The warning for the log (console), one line. */
function auditWarningText(w: AuditWarning): string {
  switch (w.kind) {
    case 'lower':
      return `the server's head (seq ${w.seen.seq}) is behind the one this device saw (seq ${w.kept.seq})`;
    case 'forked':
      return `the server's head (seq ${w.seen.seq}) is not the one this device saw (seq ${w.kept.seq})`;
    case 'unsigned':
      return `the server published a head (seq ${w.seen.seq}) that the audit key did not sign`;
    case 'key-changed':
      return `the server now offers audit key ${w.offered}, not the key ${w.pinned} this device pinned`;
  }
}
