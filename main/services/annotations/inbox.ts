// The secretariat's console reads the inboxes (góp ý, read receipts) and the meeting state from the collab-server,
// one shot each: a real y-websocket client over `ws` connects with the admin token (the server grants it READ
// access to these rooms only: collab-server/live/upgrade.ts), waits for the first sync, copies what it needs and
// disconnects. The entries are opened here, on the secretariat's machine, with the opinion private key of the
// publisher state (inboxKeysOf); the server only ever held them sealed.
import { WebSocket as NodeWebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { inboxRoom, NOTES_MAP, type InboxName } from '../../../common/annotations/rooms.ts';
import { openFromMember, type Receipt } from '../../../common/annotations/seal.ts';
import type { Opinion } from '../../../common/annotations/types.ts';
import { meetingStateRoom, SYNC_PATH } from '../../../common/live/rooms.ts';
import { readMeetingState, type MeetingState } from '../../../common/live/state.ts';
import { CouncilError } from '../../../common/result.ts';
import { readVotingState, type VotingState } from '../../../common/voting/state.ts';

/** The longest a one-shot read waits for its room to sync. */
export const INBOX_SYNC_TIMEOUT_MS = 15_000;
/** The inbox rooms' Y.Map (the same shape as every notes room: common/annotations/rooms.ts NOTES_MAP). */
export const INBOX_MAP = NOTES_MAP;

export interface RoomReadOptions {
  readonly server: string;
  /** The collab-server's admin token (or a member token of the meeting: it reads the same rooms). */
  readonly adminToken: string;
  readonly meetingId: string;
  /** Default: `ws`. */
  readonly WebSocket?: typeof globalThis.WebSocket;
  readonly timeoutMs?: number;
}

export interface InboxReadOptions extends RoomReadOptions {
  /** PublisherState.notes.opinion.privateKey (inboxKeysOf). */
  readonly opinionPrivateKey: string;
  /** Every member's Ed25519 public key, removed seats included (inboxKeysOf). */
  readonly signers: Readonly<Record<string, string>>;
}

export interface InboxContents {
  readonly opinions: readonly Opinion[];
  readonly receipts: readonly Receipt[];
  /** Entries that did not open or whose signature did not match (NOTE_INVALID). */
  readonly rejected: number;
}

/** Connects to one room, waits for its first sync, hands the doc to `read`, disconnects. NETWORK / REVOKED / FORBIDDEN on failure. */
export function readRoomOnce<T>(opts: RoomReadOptions, room: string, read: (doc: Y.Doc) => T): Promise<T> {
  const doc = new Y.Doc();
  const timeoutMs = opts.timeoutMs ?? INBOX_SYNC_TIMEOUT_MS;
  const provider = new WebsocketProvider(opts.server.replace(/\/+$/, '') + SYNC_PATH, room, doc, {
    params: { token: opts.adminToken },
    WebSocketPolyfill: opts.WebSocket ?? (NodeWebSocket as unknown as typeof globalThis.WebSocket),
    // Node has a process-wide BroadcastChannel: read the server, not another client in this process.
    disableBc: true,
    maxBackoffTime: 1000,
  });
  // Reading sends nothing of ours.
  provider.awareness.setLocalState(null);
  return new Promise<T>((resolve, reject) => {
    let refusals = 0;
    let done = false;
    const finish = (error?: CouncilError): void => {
      // destroy() below emits connection-close again.
      if (done) return;
      done = true;
      clearTimeout(timer);
      let value: { v: T } | undefined;
      try {
        if (!error) value = { v: read(doc) };
      } finally {
        provider.destroy();
        doc.destroy();
      }
      if (value) resolve(value.v);
      else reject(error ?? new CouncilError('NETWORK', 'nothing read'));
    };
    const timer = setTimeout(() => finish(new CouncilError('NETWORK', `${room} did not sync within ${timeoutMs} ms`)), timeoutMs);
    provider.on('sync', (synced: boolean) => {
      if (synced) finish();
    });
    provider.on('closed', (event: { code: number; reason: string }) => finish(new CouncilError(event.code === 4403 ? 'REVOKED' : 'NETWORK', `the server closed ${room} (${event.code} ${event.reason})`)));
    // A refused upgrade (wrong token, a room the token may not read) is retried by y-websocket: give up after a few.
    provider.on('connection-close', () => {
      if (++refusals >= 3 && !provider.synced) finish(new CouncilError('FORBIDDEN', `the server refused ${room}`));
    });
  });
}

/** The sealed entries of one inbox (the console's InboxSource seam). */
export function readInboxBlobs(opts: RoomReadOptions & { readonly name: InboxName }): Promise<Uint8Array[]> {
  return readRoomOnce(opts, inboxRoom(opts.meetingId, opts.name), (doc) => [...doc.getMap<Uint8Array>(NOTES_MAP).values()].map((b) => new Uint8Array(b)));
}

/** Every góp ý and read receipt, opened and checked; damaged or forged entries are counted, never returned. */
export async function readInbox(opts: InboxReadOptions): Promise<InboxContents> {
  const [opinionBlobs, receiptBlobs] = await Promise.all([readInboxBlobs({ ...opts, name: 'opinions' }), readInboxBlobs({ ...opts, name: 'receipts' })]);
  let rejected = 0;
  const opinions: Opinion[] = [];
  const receipts: Receipt[] = [];
  for (const blob of opinionBlobs) {
    const r = await openFromMember(opts.opinionPrivateKey, opts.signers, 'opinion', blob);
    if (r.ok) opinions.push(r.value);
    else rejected++;
  }
  for (const blob of receiptBlobs) {
    const r = await openFromMember(opts.opinionPrivateKey, opts.signers, 'receipt', blob);
    if (r.ok) receipts.push(r.value);
    else rejected++;
  }
  const newestOpinions = newestBy(opinions, (o) => `${o.authorId}\0${o.id}`, (a, b) => a.sentAt > b.sentAt);
  const newestReceipts = newestBy(receipts, (r) => `${r.delegateId}\0${r.documentId}`, (a, b) => a.revision > b.revision || (a.revision === b.revision && a.at > b.at));
  newestOpinions.sort((a, b) => (a.sentAt < b.sentAt ? -1 : a.sentAt > b.sentAt ? 1 : 0));
  newestReceipts.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { opinions: newestOpinions, receipts: newestReceipts, rejected };
}

/**
 * One entry per key, the newest. Any member may write an inbox room and a sealed entry does not bind its map key, so
 * a member can put a copy of another's góp ý (or an older version of it) under a new key: its author signed it, so it
 * opens, but it must not show twice, nor its old text beside the new one.
 */
export function newestBy<T>(items: readonly T[], keyOf: (x: T) => string, newer: (a: T, b: T) => boolean): T[] {
  const out = new Map<string, T>();
  for (const x of items) {
    const k = keyOf(x);
    const had = out.get(k);
    if (had === undefined || newer(x, had)) out.set(k, x);
  }
  return [...out.values()];
}

export interface LiveStateRead {
  readonly meeting: MeetingState;
  readonly voting: VotingState;
}

/** The meeting state room as the server has it now (agenda position, floor, attendance, polls), read with the admin token. */
export function readLiveState(opts: RoomReadOptions): Promise<LiveStateRead> {
  return readRoomOnce(opts, meetingStateRoom(opts.meetingId), (doc) => ({ meeting: readMeetingState(doc), voting: readVotingState(doc) }));
}
