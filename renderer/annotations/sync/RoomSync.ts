// One notes (or inbox) room on this device: its Y.Doc, kept on the device (Platform.records) and in sync with the
// collab-server over y-websocket. The stored state is applied before any socket opens, so every note is there
// offline. Nothing is ever put in the room's awareness (a room name and its awareness must not tell the page).
//
// `pending` (edits the server has not confirmed): y-websocket has no acknowledgement, but the server handles one
// socket's frames in order and answers a SyncStep1 with a SyncStep2. So after local edits, once the room is synced,
// the room sends a SyncStep1 of its own (with `synced` set back to false); the SyncStep2 that answers it means the
// server has applied every edit made before it was sent. A reconnection starts a new round (the sync step 2 the
// client sends on connecting may not be applied yet when the server's first SyncStep2 arrives).
import { fromBase64, toBase64 } from 'lib0/buffer';
import * as encoding from 'lib0/encoding';
import { Awareness } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import { sendOwnAwarenessOnly } from '../../../common/live/ownAwareness.ts';
import * as Y from 'yjs';
import { SYNC_PATH } from '../../../common/live/rooms.ts';
import { MESSAGE_SYNC } from '../../../common/live/wire.ts';
import type { PlatformRecords } from '../../platform/Platform.ts';
import type { BookConnection } from '../bookTypes.ts';
import { installChunkedSync } from './chunkedSync.ts';
import { notesMap, NOTES_ROOM_RECORD } from './shape.ts';

/** The room's state is written to the device this long after its last change (and at once on close / pagehide). */
export const PERSIST_DELAY_MS = 300;
/**
 * A big room (1,000 notes: 1.3 MB of state) costs a few ms to encode each time: while edits keep coming the
 * writes are spaced at least this many times their own cost apart, so storing never takes more than ~1/10 of the time.
 */
export const PERSIST_COST_FACTOR = 10;
/** Local edits within this window are confirmed by one round trip. */
export const CONFIRM_DELAY_MS = 15;
/** Device records: how many edits of a room were not confirmed when its state was last written. */
export const NOTES_PENDING_RECORD = 'notes-pending';
/** Device records: the room's local edits not confirmed yet (JSON array of base64 Yjs updates), for chunkedSync.ts. */
export const NOTES_UNSENT_RECORD = 'notes-unsent';

/** Origin of this device's own edits (counted as pending until confirmed). */
export const LOCAL_ORIGIN = Symbol('local note edit');
const LOAD_ORIGIN = Symbol('stored notes');

export interface RoomSyncOptions {
  readonly server: string;
  readonly token: string;
  readonly meetingId: string;
  /** Where the room's state is kept; absent: in memory only. */
  readonly records?: PlatformRecords;
  readonly WebSocket?: typeof WebSocket;
  readonly maxBackoffTime?: number;
  readonly persistDelayMs?: number;
  /** Entries of the map changed (added, replaced or deleted), locally, remotely or from the device's copy. */
  readonly onEntries: (room: RoomSync, ids: ReadonlySet<string>) => void;
  /** The connection or the pending count changed. */
  readonly onStatus: (room: RoomSync) => void;
}

export class RoomSync {
  readonly doc = new Y.Doc();
  readonly map = notesMap(this.doc);
  private provider: WebsocketProvider | undefined;
  private state: BookConnection = 'connecting';
  /** Why the server closed the room for good (4403 revoked, 4413 room full, …). */
  closeCode: number | undefined;
  private localEdits = 0;
  private confirmed = 0;
  /** The local edit count a confirmation round in flight covers. */
  private confirming: number | undefined;
  private confirmTimer: ReturnType<typeof setTimeout> | undefined;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private writes: Promise<void> = Promise.resolve();
  /** How long the last write took to encode (ms). */
  private writeCost = 0;
  private destroyed = false;
  private readonly waiters = new Set<(synced: boolean) => void>();
  /** This device's edits not confirmed yet, numbered like localEdits (what chunkedSync.ts sends piece by piece). */
  private unsent: { readonly n: number; readonly update: Uint8Array }[] = [];

  constructor(
    readonly name: string,
    private readonly opts: RoomSyncOptions,
  ) {
    this.map.observe((event) => this.opts.onEntries(this, event.keysChanged));
    this.doc.on('update', this.onUpdate);
  }

  get connection(): BookConnection {
    return this.state;
  }

  get pending(): number {
    return Math.max(0, this.localEdits - this.confirmed);
  }

  /** Applies the copy kept on the device (before connecting: offline, this is all there is). */
  async load(): Promise<void> {
    const records = this.opts.records;
    if (!records) return;
    const { meetingId } = this.opts;
    const [saved, pending, unsent] = await Promise.all([
      records.get(meetingId, NOTES_ROOM_RECORD, this.name),
      records.get(meetingId, NOTES_PENDING_RECORD, this.name),
      records.get(meetingId, NOTES_UNSENT_RECORD, this.name),
    ]);
    this.unsent = unsent.ok && unsent.value ? parseUnsent(unsent.value) : [];
    if (saved.ok && saved.value) {
      try {
        Y.applyUpdate(this.doc, fromBase64(saved.value), LOAD_ORIGIN);
      } catch {
        // A damaged copy: the server's state replaces it on the next sync.
      }
    }
    const n = pending.ok ? Number(pending.value ?? '0') : 0;
    this.localEdits = Math.max(Number.isSafeInteger(n) && n > 0 ? n : 0, this.unsent.length);
  }

  connect(): void {
    if (this.provider || this.destroyed) return;
    const awareness = new Awareness(this.doc);
    awareness.setLocalState(null);
    const base = this.opts.server.replace(/\/+$/, '').replace(/^http/, 'ws') + SYNC_PATH;
    const provider = new WebsocketProvider(base, this.name, this.doc, {
      params: { token: this.opts.token },
      awareness,
      disableBc: true,
      ...(this.opts.WebSocket ? { WebSocketPolyfill: this.opts.WebSocket } : {}),
      ...(this.opts.maxBackoffTime !== undefined ? { maxBackoffTime: this.opts.maxBackoffTime } : {}),
    });
    sendOwnAwarenessOnly(provider);
    installChunkedSync(provider, () => this.unsent.map((e) => e.update));
    provider.on('status', this.onProviderStatus);
    provider.on('sync', this.onSync);
    provider.on('closed', this.onClosed);
    // Before the first connection y-websocket reports no 'disconnected': a failed attempt is seen here.
    provider.on('connection-close', this.onConnectionClose);
    this.provider = provider;
  }

  /** Stops syncing (the doc and its copy on the device stay); connect() again resumes. */
  disconnect(): void {
    this.provider?.destroy();
    this.provider = undefined;
    this.confirming = undefined;
    this.setState('offline');
  }

  /** Sets or deletes entries as one local edit. */
  edit(change: (map: Y.Map<Uint8Array>) => void): void {
    this.doc.transact(() => change(this.map), LOCAL_ORIGIN);
  }

  /** Writes the state to the device now (pending writes included); resolves when stored. */
  flush(): Promise<void> {
    if (this.persistTimer !== undefined) {
      clearTimeout(this.persistTimer);
      this.persistTimer = undefined;
      this.write();
    }
    return this.writes;
  }

  /** Resolves true once the room is synced; false when it goes offline first, or after `boundMs`. */
  whenSynced(boundMs: number): Promise<boolean> {
    if (this.state === 'synced') return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (v: boolean): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve(v);
      };
      const timer = setTimeout(() => done(false), boundMs);
      this.waiters.add(done);
    });
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    clearTimeout(this.confirmTimer);
    const stored = this.flush();
    this.provider?.destroy();
    this.provider = undefined;
    await stored;
    this.doc.destroy();
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOAD_ORIGIN || this.destroyed) return;
    if (origin === LOCAL_ORIGIN) {
      this.localEdits++;
      this.unsent.push({ n: this.localEdits, update });
      this.scheduleConfirm();
      this.opts.onStatus(this);
    }
    this.schedulePersist();
  };

  private schedulePersist(): void {
    if (!this.opts.records || this.persistTimer !== undefined) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      this.write();
    }, Math.max(this.opts.persistDelayMs ?? PERSIST_DELAY_MS, this.writeCost * PERSIST_COST_FACTOR));
  }

  private write(): void {
    const records = this.opts.records;
    if (!records) return;
    const t0 = performance.now();
    const state = toBase64(Y.encodeStateAsUpdate(this.doc));
    const pending = String(this.pending);
    const unsent = JSON.stringify(this.unsent.map((e) => toBase64(e.update)));
    this.writeCost = performance.now() - t0;
    const { meetingId } = this.opts;
    this.writes = this.writes.then(async () => {
      await records.put(meetingId, NOTES_ROOM_RECORD, this.name, state);
      await records.put(meetingId, NOTES_UNSENT_RECORD, this.name, unsent);
      await records.put(meetingId, NOTES_PENDING_RECORD, this.name, pending);
    });
  }

  private scheduleConfirm(): void {
    if (this.confirmTimer !== undefined || this.confirming !== undefined) return;
    this.confirmTimer = setTimeout(() => {
      this.confirmTimer = undefined;
      this.confirm();
    }, CONFIRM_DELAY_MS);
  }

  /** One round trip: a SyncStep1 after the edits; its answer confirms them (see the header). */
  private confirm(): void {
    const p = this.provider;
    const ws = p?.ws;
    if (!p || !ws || !p.wsconnected || !p.synced || this.pending === 0) return;
    this.confirming = this.localEdits;
    p.synced = false;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    ws.send(encoding.toUint8Array(encoder));
  }

  private readonly onSync = (synced: boolean): void => {
    if (!synced || this.destroyed) return;
    if (this.confirming !== undefined) {
      this.confirmed = Math.max(this.confirmed, this.confirming);
      const confirmed = this.confirmed;
      this.unsent = this.unsent.filter((e) => e.n > confirmed);
      this.confirming = undefined;
      this.schedulePersist();
    }
    this.setState('synced');
    if (this.pending > 0) this.scheduleConfirm();
  };

  private readonly onProviderStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }): void => {
    if (status === 'connected') return;
    // A round in flight on a lost socket confirms nothing.
    this.confirming = undefined;
    this.setState(status === 'disconnected' || this.state === 'offline' ? 'offline' : 'connecting');
  };

  private readonly onConnectionClose = (): void => {
    this.confirming = undefined;
    this.setState('offline');
  };

  private readonly onClosed = (event: { code: number }): void => {
    this.closeCode = event.code;
    this.confirming = undefined;
    this.setState('offline');
  };

  private setState(s: BookConnection): void {
    if (this.destroyed) return;
    this.state = s;
    if (s !== 'connecting') for (const w of [...this.waiters]) w(s === 'synced');
    this.opts.onStatus(this);
  }
}

function parseUnsent(text: string): { n: number; update: Uint8Array }[] {
  try {
    const list = JSON.parse(text) as unknown;
    if (!Array.isArray(list)) return [];
    return list.filter((x): x is string => typeof x === 'string').map((b64, i) => ({ n: i + 1, update: fromBase64(b64) }));
  } catch {
    return [];
  }
}
