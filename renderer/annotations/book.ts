// The meeting's note book (issue 8): every notes room this member may read (noteRoomsOf), each a Y.Doc of sealed
// blobs (sync/shape.ts) kept on the device and synced with the collab-server (sync/RoomSync.ts), opened and
// checked here (openAnnotation: decrypted, its author's signature verified), and shown as one list. Edits are
// sealed before they touch a doc, so neither the server nor the device's store ever holds a note in clear.
import { inboxEntryId, openAnnotation, openFromMember, sealAnnotation, sealToSecretariat } from '../../common/annotations/seal.ts';
import { noteRoomsOf, roomOfNote, type NoteRoom } from '../../common/annotations/rooms.ts';
import type { NoteKeys } from '../../common/annotations/noteKeys.ts';
import type { Annotation, AnnotationScope, Opinion } from '../../common/annotations/types.ts';
import { CouncilError } from '../../common/result.ts';
import type { PlatformRecords } from '../platform/Platform.ts';
import type { BookConnection, BookSnapshot, NoteBook, ShownAnnotation } from './bookTypes.ts';
import { InboxSync } from './sync/InboxSync.ts';
import { RoomSync } from './sync/RoomSync.ts';

/** How long opinions() waits for the inbox to sync before answering with what it has. */
export const OPINIONS_WAIT_MS = 10_000;
/** Device records: the revision of each document whose read receipt was last sent (sent once per revision). */
export const NOTES_OPENED_RECORD = 'notes-opened';

export interface NoteBookDeps {
  readonly keys: NoteKeys;
  /** The collab-server and this member's token (Platform.liveCredentials). */
  readonly credentials: { readonly server: string; readonly token: string };
  /** Delegate id → name, from the manifest (MeetingView.delegates). */
  readonly names?: Readonly<Record<string, string>>;
  /** Platform.records; absent: the book lives in memory only (nothing survives a reload). */
  readonly records?: PlatformRecords;
  /** Node (tests, tools) passes `ws`; browsers use the global WebSocket. */
  readonly WebSocket?: typeof WebSocket;
  readonly maxBackoffTime?: number;
  readonly persistDelayMs?: number;
  /** Do not connect (offline start; tests): the device's copy only until connect(). */
  readonly offline?: boolean;
  readonly now?: () => Date;
}

interface Entry {
  readonly blob: Uint8Array;
  /** undefined while it is being opened. */
  result: Annotation | 'rejected' | undefined;
}

interface OpenRoom {
  readonly info: NoteRoom;
  readonly sync: RoomSync;
  readonly entries: Map<string, Entry>;
}

const CONNECTION_RANK: Readonly<Record<BookConnection, number>> = { offline: 0, connecting: 1, synced: 2 };

function byAge(a: ShownAnnotation, b: ShownAnnotation): number {
  const x = a.annotation;
  const y = b.annotation;
  return x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
}

/** The book itself; the NoteBook the screens see, plus connect/disconnect for the device's network and tests. */
export class SyncedNoteBook implements NoteBook {
  readonly meetingId: string;
  readonly delegateId: string;
  private readonly rooms = new Map<string, OpenRoom>();
  private readonly inbox: InboxSync;
  private readonly listeners = new Set<(s: BookSnapshot) => void>();
  private current: BookSnapshot = { annotations: [], connection: {}, rejected: 0, pending: 0 };
  private emitQueued = false;
  private opening: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly now: () => Date;

  constructor(
    private readonly deps: NoteBookDeps,
    rooms: readonly NoteRoom[],
  ) {
    this.meetingId = deps.keys.meetingId;
    this.delegateId = deps.keys.delegateId;
    this.now = deps.now ?? (() => new Date());
    const common = {
      server: deps.credentials.server,
      token: deps.credentials.token,
      meetingId: this.meetingId,
      ...(deps.WebSocket ? { WebSocket: deps.WebSocket } : {}),
      ...(deps.maxBackoffTime !== undefined ? { maxBackoffTime: deps.maxBackoffTime } : {}),
      ...(deps.persistDelayMs !== undefined ? { persistDelayMs: deps.persistDelayMs } : {}),
    };
    for (const info of rooms) {
      const sync = new RoomSync(info.room, {
        ...common,
        ...(deps.records ? { records: deps.records } : {}),
        onEntries: (r, ids) => this.changed(r.name, ids),
        onStatus: () => this.queueEmit(),
      });
      this.rooms.set(info.room, { info, sync, entries: new Map() });
    }
    this.inbox = new InboxSync({ ...common, ...(deps.records ? { records: deps.records } : {}), onChange: () => this.queueEmit() });
    globalThis.addEventListener?.('pagehide', this.onPageHide);
  }

  /** Applies every room's copy from the device and opens all of it (before any socket: offline works). */
  async load(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((r) => r.sync.load()));
    await this.settled();
    this.emit();
  }

  /** Resolves when every entry seen so far has been opened. */
  settled(): Promise<void> {
    return this.opening;
  }

  connect(): void {
    for (const r of this.rooms.values()) r.sync.connect();
    void this.inbox.resume();
  }

  /** Stops syncing every room (the device's copy stays; edits keep being stored and are sent on connect()). */
  disconnect(): void {
    for (const r of this.rooms.values()) r.sync.disconnect();
  }

  /** The rooms this book reads (tests and the benchmark look inside; the screens never do). */
  roomSyncs(): ReadonlyMap<string, RoomSync> {
    return new Map([...this.rooms].map(([name, r]) => [name, r.sync]));
  }

  snapshot(): BookSnapshot {
    return this.current;
  }

  subscribe(listener: (s: BookSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async put(annotation: Annotation): Promise<void> {
    if (annotation.authorId !== this.delegateId) throw new CouncilError('FORBIDDEN', `${this.delegateId} cannot write a note by ${annotation.authorId}`);
    const held = this.mineHeld(annotation.id);
    const name = await roomOfNote(this.deps.keys, annotation.scope, annotation.target.documentId);
    const target = this.rooms.get(name);
    if (!target) throw new CouncilError('NOTE_KEYS_MISSING', `no notes room for a ${annotation.scope} note here`);
    const blob = await sealAnnotation(this.deps.keys, name, annotation);
    this.assertOpen();
    target.entries.set(annotation.id, { blob, result: annotation });
    target.sync.edit((map) => map.set(annotation.id, blob));
    // A note that changed scope (or was in a room of an earlier notes key) leaves its old room.
    for (const h of held) if (h.room !== target) this.deleteIn(h.room, annotation.id);
    this.emit();
  }

  async remove(id: string): Promise<void> {
    const held = this.mineHeld(id);
    this.assertOpen();
    for (const h of held) this.deleteIn(h.room, id);
    this.emit();
  }

  async sendOpinion(annotationId: string): Promise<void> {
    const found = this.find(annotationId).find((h) => h.annotation.authorId === this.delegateId);
    if (!found) throw new CouncilError('NOT_FOUND', `no note ${annotationId} of mine`);
    const a = found.annotation;
    const text = a.kind === 'ink' ? '' : (a.text ?? '');
    if (text.trim() === '') throw new CouncilError('NOTE_INVALID', 'a góp ý needs a text');
    const sentAt = this.now().toISOString();
    const { documentId, revision, page } = a.target;
    const opinion: Opinion = { id: a.id, authorId: this.delegateId, documentId, revision, page, quote: a.anchor?.quote.exact ?? '', text, sentAt };
    const blob = await sealToSecretariat(this.deps.keys, 'opinion', opinion);
    await this.inbox.send('opinions', await inboxEntryId(this.deps.keys, 'opinion', a.id), blob);
    await this.put({ ...a, opinionSentAt: sentAt });
  }

  async opinions(): Promise<readonly Opinion[]> {
    const { opinionPrivateKey, signers } = this.deps.keys;
    if (opinionPrivateKey === undefined) return [];
    const room = this.inbox.room('opinions');
    await room.whenSynced(OPINIONS_WAIT_MS);
    // One per (author, note), the newest: any member may write the inbox, so a copy of an author's góp ý (or of an
    // older version of it) under another key opens too, and must not show twice.
    const newest = new Map<string, Opinion>();
    for (const blob of room.map.values()) {
      const r = await openFromMember(opinionPrivateKey, signers, 'opinion', blob);
      if (!r.ok) continue;
      const key = `${r.value.authorId}\0${r.value.id}`;
      const had = newest.get(key);
      if (had === undefined || r.value.sentAt > had.sentAt) newest.set(key, r.value);
    }
    return [...newest.values()].sort((x, y) => (x.sentAt < y.sentAt ? -1 : x.sentAt > y.sentAt ? 1 : 0));
  }

  async noteOpened(documentId: string, revision: number): Promise<void> {
    const records = this.deps.records;
    const last = await records?.get(this.meetingId, NOTES_OPENED_RECORD, documentId);
    if (last?.ok && last.value === String(revision)) return;
    const receipt = { documentId, revision, delegateId: this.delegateId, at: this.now().toISOString() };
    const blob = await sealToSecretariat(this.deps.keys, 'receipt', receipt);
    // One entry per delegate and document: the newest opening replaces the older one.
    await this.inbox.send('receipts', await inboxEntryId(this.deps.keys, 'receipt', documentId), blob);
    await records?.put(this.meetingId, NOTES_OPENED_RECORD, documentId, String(revision));
  }

  close(): void {
    void this.closeAndFlush();
  }

  /** close(), resolved once every room's state is stored on the device. */
  async closeAndFlush(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    globalThis.removeEventListener?.('pagehide', this.onPageHide);
    this.listeners.clear();
    await Promise.all([...[...this.rooms.values()].map((r) => r.sync.destroy()), this.inbox.close()]);
  }

  /** Every stored state written now (pagehide: the page may be gone before the debounce). */
  flush(): Promise<void> {
    return Promise.all([...this.rooms.values()].map((r) => r.sync.flush())).then(() => undefined);
  }

  private readonly onPageHide = (): void => {
    void this.flush();
  };

  private assertOpen(): void {
    if (this.closed) throw new CouncilError('INTERNAL', 'the note book is closed');
  }

  private find(id: string): { room: OpenRoom; annotation: Annotation }[] {
    const out: { room: OpenRoom; annotation: Annotation }[] = [];
    for (const room of this.rooms.values()) {
      const r = room.entries.get(id)?.result;
      if (r !== undefined && r !== 'rejected') out.push({ room, annotation: r });
    }
    return out;
  }

  /**
   * My notes under `id` (one, or two during a scope move); FORBIDDEN when only other members' notes have it. An id
   * is visible to every writer of a room: another member's note under the same id (in any room) is not mine to
   * touch, and must not stop me editing or deleting mine.
   */
  private mineHeld(id: string): { room: OpenRoom; annotation: Annotation }[] {
    const held = this.find(id);
    const mine = held.filter((h) => h.annotation.authorId === this.delegateId);
    if (mine.length === 0 && held.length > 0) throw new CouncilError('FORBIDDEN', `note ${id} is not ${this.delegateId}'s`);
    return mine;
  }

  private deleteIn(room: OpenRoom, id: string): void {
    room.entries.delete(id);
    room.sync.edit((map) => map.delete(id));
  }

  /** Entries changed in a room: each new blob is opened (in order, one after another), then the snapshot is redrawn. */
  private changed(name: string, ids: ReadonlySet<string>): void {
    const room = this.rooms.get(name);
    if (!room) return;
    for (const id of ids) {
      const blob = room.sync.map.get(id);
      if (!blob) {
        room.entries.delete(id);
        continue;
      }
      if (room.entries.get(id)?.blob === blob) continue;
      const entry: Entry = { blob, result: undefined };
      room.entries.set(id, entry);
      this.opening = this.opening.then(async () => {
        const r = await openAnnotation(this.deps.keys, name, id, blob);
        entry.result = r.ok ? r.value : 'rejected';
      });
    }
    void this.opening.then(() => this.queueEmit());
    this.queueEmit();
  }

  private queueEmit(): void {
    if (this.emitQueued || this.closed) return;
    this.emitQueued = true;
    queueMicrotask(() => {
      this.emitQueued = false;
      this.emit();
    });
  }

  private emit(): void {
    if (this.closed) return;
    this.current = this.build();
    for (const l of [...this.listeners]) l(this.current);
  }

  private build(): BookSnapshot {
    const shown = new Map<string, ShownAnnotation>();
    let rejected = 0;
    let pending = this.inbox.pending;
    const connection: Partial<Record<AnnotationScope, BookConnection>> = {};
    for (const room of this.rooms.values()) {
      pending += room.sync.pending;
      const scope = room.info.scope;
      const c = room.sync.connection;
      const was = connection[scope];
      if (was === undefined || CONNECTION_RANK[c] < CONNECTION_RANK[was]) connection[scope] = c;
      for (const entry of room.entries.values()) {
        if (entry.result === 'rejected') rejected++;
        else if (entry.result) this.show(shown, entry.result);
      }
    }
    return { annotations: [...shown.values()].sort(byAge), connection, rejected, pending };
  }

  /**
   * One annotation per id: a copy in two rooms (a move not yet seen everywhere) shows the newest. My own note always
   * wins over another member's under the same id (ids are visible to a room's writers: a copy of my id, however new
   * its date, must not hide my note from me).
   */
  private show(shown: Map<string, ShownAnnotation>, a: Annotation): void {
    const had = shown.get(a.id);
    const mine = a.authorId === this.delegateId;
    if (had && had.mine !== mine) {
      if (had.mine) return;
    } else if (had && had.annotation.updatedAt >= a.updatedAt) return;
    shown.set(a.id, { annotation: a, authorName: this.deps.names?.[a.authorId] ?? a.authorId, mine });
  }
}

/**
 * Opens the meeting's note book: every room of noteRoomsOf(keys), the device's copy applied and opened first, then
 * connected (unless `offline`). Never fails for want of a network.
 */
export async function openNoteBook(deps: NoteBookDeps): Promise<SyncedNoteBook> {
  const book = new SyncedNoteBook(deps, await noteRoomsOf(deps.keys));
  await book.load();
  if (deps.offline !== true) book.connect();
  return book;
}
