// One room: its Y.Doc and awareness, the sockets in it, coalesced broadcasts and debounced persistence.
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import type { RoomRef } from '../../common/live/rooms.ts';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../common/live/wire.ts';

/** What a room needs from a socket. */
export interface RoomPeer {
  send(message: Uint8Array): void;
}

export interface RoomHooks {
  readonly tickMs: number;
  readonly persistDebounceMs: number;
  persist(room: Room): void;
}

/** Origin of changes the server makes itself (commands, initialisation). */
export const SERVER_ORIGIN = Symbol('server');

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Each peer with the awareness client ids it controls (removed when it leaves). */
  readonly peers = new Map<RoomPeer, Set<number>>();
  private pendingUpdates: Uint8Array[] = [];
  private readonly pendingAwareness = new Set<number>();
  private tickTimer: ReturnType<typeof setTimeout> | undefined;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private dirty = false;

  constructor(
    readonly name: string,
    readonly ref: RoomRef,
    private readonly hooks: RoomHooks,
  ) {
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onUpdate);
    this.awareness.on('update', this.onAwareness);
  }

  get readOnly(): boolean {
    return this.ref.kind === 'state';
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    this.pendingUpdates.push(update);
    this.scheduleTick();
    this.dirty = true;
    if (origin !== SERVER_ORIGIN) this.schedulePersist();
  };

  private readonly onAwareness = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    const owned = this.peers.get(origin as RoomPeer);
    if (owned) {
      for (const id of changes.added) owned.add(id);
      for (const id of changes.removed) owned.delete(id);
    }
    for (const id of [...changes.added, ...changes.updated, ...changes.removed]) this.pendingAwareness.add(id);
    this.scheduleTick();
  };

  private scheduleTick(): void {
    this.tickTimer ??= setTimeout(() => this.flushBroadcast(), this.hooks.tickMs);
  }

  private schedulePersist(): void {
    if (this.persistTimer) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      this.persistIfDirty();
    }, this.hooks.persistDebounceMs);
  }

  /** Sends everything that changed since the last tick as at most two messages per peer. */
  flushBroadcast(): void {
    clearTimeout(this.tickTimer);
    this.tickTimer = undefined;
    const messages = [this.takeUpdateMessage(), this.takeAwarenessMessage()].filter((m): m is Uint8Array => m !== undefined);
    if (messages.length === 0) return;
    for (const peer of [...this.peers.keys()]) for (const m of messages) peer.send(m);
  }

  private takeUpdateMessage(): Uint8Array | undefined {
    if (this.pendingUpdates.length === 0) return undefined;
    const updates = this.pendingUpdates;
    this.pendingUpdates = [];
    const merged = updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, merged);
    return encoding.toUint8Array(encoder);
  }

  private takeAwarenessMessage(): Uint8Array | undefined {
    if (this.pendingAwareness.size === 0) return undefined;
    const ids = [...this.pendingAwareness];
    this.pendingAwareness.clear();
    return awarenessMessage(this.awareness, ids);
  }

  markPersisted(): void {
    this.dirty = false;
    clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
  }

  persistIfDirty(): void {
    if (this.dirty) this.hooks.persist(this);
  }

  addPeer(peer: RoomPeer): void {
    this.peers.set(peer, new Set());
  }

  /** Removes the peer and the awareness states it controlled; true when the room is now empty. */
  removePeer(peer: RoomPeer): boolean {
    const owned = this.peers.get(peer);
    if (!owned) return this.peers.size === 0;
    this.peers.delete(peer);
    awarenessProtocol.removeAwarenessStates(this.awareness, [...owned], null);
    return this.peers.size === 0;
  }

  /** Final flush and teardown; the registry forgets the room after this. */
  destroy(): void {
    this.flushBroadcast();
    this.persistIfDirty();
    this.markPersisted();
    this.doc.off('update', this.onUpdate);
    this.awareness.off('update', this.onAwareness);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

export function awarenessMessage(awareness: awarenessProtocol.Awareness, clientIds: readonly number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [...clientIds]));
  return encoding.toUint8Array(encoder);
}
