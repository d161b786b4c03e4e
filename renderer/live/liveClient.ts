// One live session connection: the state room's Y.Doc over y-websocket, awareness (who is online), commands
// over HTTP with an outbox for a delegate's requests made offline. Framework-free; useLiveSession wraps it.
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { LiveCommandInput } from '../../common/live/commands.ts';
import { meetingStateRoom, SYNC_PATH } from '../../common/live/rooms.ts';
import { DEFAULT_CONFIG, readMeetingState, type MeetingState } from '../../common/live/state.ts';
import { LIVE_API } from '../../common/live/wire.ts';
import type { Role } from '../../common/meeting/types.ts';
import { isErrorCode } from '../../common/errors.ts';
import type { ErrorValue, Result } from '../../common/result.ts';
import type { LiveCredentials } from '../platform/Platform.ts';
import { isRetryable, localOutboxStore, Outbox, QUEUEABLE_TYPES, type SendOutcome } from './outbox.ts';

/** connecting: never connected yet; online: synced with the server; reconnecting: lost it, retrying;
 * offline: the device has no network; closed: the server refused us for good (revoked). */
export type LiveStatus = 'connecting' | 'online' | 'reconnecting' | 'offline' | 'closed';

export interface LiveSnapshot {
  readonly status: LiveStatus;
  /** The state has been received at least once (before that it is the empty default). */
  readonly synced: boolean;
  readonly state: MeetingState;
  /** Delegate ids with an open connection (awareness), without duplicates. */
  readonly onlineIds: readonly string[];
  readonly pending: readonly LiveCommandInput[];
  /** The last failure of a command sent from the outbox, for a notice. */
  readonly lastError?: ErrorValue;
  readonly me: { readonly delegateId: string; readonly role: Role };
  /** Server clock minus this device's clock, estimated from HTTP answers (Floor times are server ms). */
  readonly clockOffsetMs: number;
}

export const EMPTY_STATE: MeetingState = {
  currentItemId: null,
  floor: null,
  queue: [],
  attendance: {},
  announcements: [],
  speeches: [],
  config: DEFAULT_CONFIG,
};

/** Ignore clock differences below this: the Date header has one-second resolution. */
const CLOCK_TOLERANCE_MS = 1500;
const CLOSED_CODES = { min: 4400, max: 4499 } as const;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

interface AwarenessUser {
  readonly delegateId?: unknown;
}

export async function postCommand(fetchImpl: FetchLike, creds: LiveCredentials, meetingId: string, command: LiveCommandInput): Promise<{ result: Result<unknown>; serverDate?: number }> {
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
  const code = body?.error?.code;
  const error: ErrorValue = isErrorCode(code)
    ? { code, message: String(body?.error?.message ?? res.statusText) }
    : { code: res.status >= 500 ? 'NETWORK' : 'BAD_REQUEST', message: `HTTP ${res.status}` };
  return { result: { ok: false, error }, ...extra };
}

export class LiveClient {
  private readonly doc = new Y.Doc();
  private readonly provider: WebsocketProvider;
  private readonly outbox: Outbox;
  private readonly listeners = new Set<() => void>();
  private snapshot: LiveSnapshot;
  private everConnected = false;
  private destroyed = false;

  constructor(
    private readonly meetingId: string,
    private readonly creds: LiveCredentials,
    private readonly fetchImpl: FetchLike = (input, init) => globalThis.fetch(input, init),
  ) {
    this.outbox = new Outbox(() => this.update({ pending: this.outbox.list() }), localOutboxStore(`council.outbox.${meetingId}.${creds.delegateId}`));
    this.snapshot = { status: 'connecting', synced: false, state: EMPTY_STATE, onlineIds: [], pending: this.outbox.list(), me: { delegateId: creds.delegateId, role: creds.role }, clockOffsetMs: 0 };
    const wsBase = creds.server.replace(/\/+$/, '').replace(/^http/, 'ws') + SYNC_PATH;
    this.provider = new WebsocketProvider(wsBase, meetingStateRoom(meetingId), this.doc, { params: { token: creds.token }, disableBc: true });
    this.provider.awareness.setLocalStateField('user', { delegateId: creds.delegateId, role: creds.role });
    this.doc.on('update', this.onDoc);
    this.provider.on('status', this.onStatus);
    this.provider.on('sync', this.onSync);
    this.provider.on('connection-close', this.onClose);
    this.provider.awareness.on('change', this.onAwareness);
    // The local state was set before this listener: count it now, not at the first remote change.
    this.onAwareness();
    globalThis.addEventListener?.('offline', this.onNetwork);
    globalThis.addEventListener?.('online', this.onNetwork);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LiveSnapshot => this.snapshot;

  /** Sends now when online; a delegate's request waits in the outbox when it cannot; anything else fails. */
  async send(command: LiveCommandInput): Promise<SendOutcome> {
    if (this.snapshot.status !== 'online') return this.deferOrRefuse(command);
    const result = await this.post(command);
    if (result.ok) return { status: 'sent' };
    return isRetryable(result.error) ? this.deferOrRefuse(command, result.error) : { status: 'failed', error: result.error };
  }

  /** Takes back a request that is still waiting in the outbox. */
  cancelPending(commandId: string): boolean {
    return this.outbox.cancel(commandId);
  }

  destroy(): void {
    this.destroyed = true;
    globalThis.removeEventListener?.('offline', this.onNetwork);
    globalThis.removeEventListener?.('online', this.onNetwork);
    this.provider.awareness.off('change', this.onAwareness);
    this.doc.off('update', this.onDoc);
    this.provider.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }

  private deferOrRefuse(command: LiveCommandInput, cause?: ErrorValue): SendOutcome {
    if (QUEUEABLE_TYPES.has(command.type) && this.outbox.enqueue(command)) return { status: 'queued' };
    return { status: 'failed', error: cause ?? { code: 'NETWORK', message: 'not connected to the live session' } };
  }

  private async post(command: LiveCommandInput): Promise<Result<unknown>> {
    const sentAt = Date.now();
    const { result, serverDate } = await postCommand(this.fetchImpl, this.creds, this.meetingId, command);
    if (serverDate !== undefined) this.observeClock(serverDate, sentAt, Date.now());
    return result;
  }

  private observeClock(serverDate: number, sentAt: number, receivedAt: number): void {
    // The Date header is truncated to the second: the true server time lies in [date, date + 1000).
    const offset = serverDate + 500 - (sentAt + receivedAt) / 2;
    const next = Math.abs(offset) < CLOCK_TOLERANCE_MS ? 0 : Math.round(offset);
    if (next !== this.snapshot.clockOffsetMs) this.update({ clockOffsetMs: next });
  }

  private flush(): void {
    void this.outbox.flush((c) => this.post(c)).then((dropped) => {
      const last = dropped[dropped.length - 1];
      if (last) this.update({ lastError: last });
    });
  }

  private update(patch: Partial<LiveSnapshot>): void {
    if (this.destroyed) return;
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  private readonly onDoc = () => this.update({ state: readMeetingState(this.doc) });

  private readonly onSync = (synced: boolean) => {
    if (!synced) return;
    this.everConnected = true;
    this.update({ synced: true, status: 'online', state: readMeetingState(this.doc) });
    this.flush();
  };

  private readonly onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
    if (this.snapshot.status === 'closed') return;
    if (status === 'connected') {
      // A read-only room sends no SyncStep1 first; the state arrives with the first update or sync reply.
      if (this.provider.synced) this.onSync(true);
      return;
    }
    if (globalThis.navigator?.onLine === false) this.update({ status: 'offline' });
    else this.update({ status: this.everConnected ? 'reconnecting' : 'connecting' });
  };

  private readonly onClose = (event: CloseEvent | null) => {
    if (event && event.code >= CLOSED_CODES.min && event.code <= CLOSED_CODES.max) this.update({ status: 'closed' });
  };

  private readonly onNetwork = () => {
    if (globalThis.navigator?.onLine === false) {
      this.update({ status: 'offline' });
    } else if (this.snapshot.status === 'offline') {
      this.update({ status: 'reconnecting' });
      if (!this.provider.wsconnected) this.provider.connect();
      else if (this.provider.synced) this.onSync(true);
    }
  };

  private readonly onAwareness = () => {
    const ids = new Set<string>();
    for (const state of this.provider.awareness.getStates().values()) {
      const user = (state as { user?: AwarenessUser }).user;
      if (typeof user?.delegateId === 'string') ids.add(user.delegateId);
    }
    const onlineIds = [...ids].sort();
    if (onlineIds.join() !== this.snapshot.onlineIds.join()) this.update({ onlineIds });
  };
}
