// The member's side of the secretariat's inboxes (góp ý, read receipts). A member never needs the others' sealed
// entries, so an inbox room is opened only while something waits to be sent (and, for a secretary, to read): each
// entry is first kept in the device's outbox record, set in the room, and marked sent ('') once the server
// confirmed it (RoomSync.pending). A book opened later with unsent entries sends them again (the same key and blob:
// the entry is replaced by itself).
import { inboxRoom, type InboxName } from '../../../common/annotations/rooms.ts';
import { fromB64url, toB64url } from '../../../common/pack/encoding.ts';
import type { PlatformRecords } from '../../platform/Platform.ts';
import { RoomSync, type RoomSyncOptions } from './RoomSync.ts';
import { NOTES_OUTBOX_RECORD } from './shape.ts';

export type InboxRoomOptions = Omit<RoomSyncOptions, 'records' | 'onEntries' | 'onStatus'> & {
  readonly records?: PlatformRecords;
  /** Something changed (pending counts). */
  readonly onChange: () => void;
};

interface Waiting {
  readonly name: InboxName;
  readonly entryId: string;
  readonly blob: Uint8Array;
}

const outboxKey = (name: InboxName, entryId: string): string => `${name}:${entryId}`;

export class InboxSync {
  private readonly rooms = new Map<InboxName, RoomSync>();
  /** Entries set in a room and not confirmed yet, by outbox key. */
  private readonly waiting = new Map<string, Waiting>();
  private closed = false;
  private resumed = false;

  constructor(private readonly opts: InboxRoomOptions) {}

  /** Entries of earlier sessions that never reached the server: sent again. */
  async resume(): Promise<void> {
    const records = this.opts.records;
    if (!records || this.resumed) return;
    this.resumed = true;
    const listed = await records.list(this.opts.meetingId, NOTES_OUTBOX_RECORD);
    if (!listed.ok) return;
    for (const { key, value } of listed.value) {
      const [name, entryId] = key.split(':') as [string, string | undefined];
      const blob = value === '' ? null : fromB64url(value);
      if (blob && entryId && (name === 'opinions' || name === 'receipts')) this.setEntry({ name, entryId, blob });
    }
  }

  /** Keeps the entry on the device, then sends it. */
  async send(name: InboxName, entryId: string, blob: Uint8Array): Promise<void> {
    await this.opts.records?.put(this.opts.meetingId, NOTES_OUTBOX_RECORD, outboxKey(name, entryId), toB64url(blob));
    this.setEntry({ name, entryId, blob });
  }

  get pending(): number {
    return this.waiting.size;
  }

  /** The inbox room, opened (and connected) on first use. */
  room(name: InboxName): RoomSync {
    let room = this.rooms.get(name);
    if (!room) {
      const { records: _records, onChange: _onChange, ...rest } = this.opts;
      // New entries re-emit the book's snapshot: a secretary's panel re-reads opinions() on each one.
      room = new RoomSync(inboxRoom(this.opts.meetingId, name), { ...rest, onEntries: () => this.opts.onChange(), onStatus: (r) => this.onStatus(name, r) });
      this.rooms.set(name, room);
      room.connect();
    }
    return room;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.rooms.values()].map((r) => r.destroy()));
    this.rooms.clear();
  }

  private setEntry(w: Waiting): void {
    if (this.closed) return;
    this.waiting.set(outboxKey(w.name, w.entryId), w);
    this.room(w.name).edit((map) => map.set(w.entryId, w.blob));
    this.opts.onChange();
  }

  private onStatus(name: InboxName, room: RoomSync): void {
    if (room.pending === 0 && room.connection === 'synced') {
      for (const [key, w] of this.waiting) {
        if (w.name !== name) continue;
        this.waiting.delete(key);
        void this.opts.records?.put(this.opts.meetingId, NOTES_OUTBOX_RECORD, key, '');
      }
    }
    this.opts.onChange();
  }
}
