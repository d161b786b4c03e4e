// One room: its Y.Doc and awareness, the sockets in it, coalesced broadcasts, and the room's byte quota.
// Nothing thrown while broadcasting escapes the timer: a failure is logged and, when one peer's awareness
// state caused it, only that peer is closed (one room's bug must never end the process).
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { RoomRef } from '../../common/live/rooms.ts';
import { AWARENESS_MEMBER_FIELD, CLOSE, MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../common/live/wire.ts';

/** What a room needs from a socket. */
export interface RoomPeer {
  send(message: Uint8Array): void;
  /** Closes this peer because of what it sent (logged by the caller). */
  fail(code: number, reason: string): void;
}

export interface RoomHooks {
  readonly tickMs: number;
  readonly maxUpdatesPerMerge: number;
  readonly log: (line: string) => void;
  /** Every change of the doc, with its origin (persistence decides what to store). */
  onUpdate(room: Room, update: Uint8Array, origin: unknown): void;
  /** Every awareness change, with its origin (several instances: the fan-out relays the local ones). */
  onAwareness?(room: Room, clientIds: readonly number[], origin: unknown): void;
}

/** Origin of changes the server makes itself (commands); their persistence is the command's transaction's. */
export const SERVER_ORIGIN = Symbol('server');
/** Origin of the stored state applied when a room is loaded (never stored again). */
export const LOAD_ORIGIN = Symbol('load');
/** Origin of server changes that the room's persistence stores like a client's (room initialisation). */
export const INIT_ORIGIN = Symbol('init');
/**
 * Origin of changes another server instance made or stored (collab-server/cluster/): broadcast to this
 * instance's sockets like any change, never stored again (the instance that made it stored it).
 */
export const REMOTE_ORIGIN = Symbol('remote');

/** Owner of the awareness client ids of sockets on other instances: no local socket may claim them. */
const REMOTE_PEER: RoomPeer = { send: () => {}, fail: () => {} };

/** The client ids an encoded awareness update names (clientID, clock, state JSON per entry). */
function awarenessIds(update: Uint8Array): number[] {
  const decoder = decoding.createDecoder(update);
  const ids: number[] = [];
  for (let n = decoding.readVarUint(decoder); n > 0; n--) {
    ids.push(decoding.readVarUint(decoder));
    decoding.readVarUint(decoder);
    decoding.readVarString(decoder);
  }
  return ids;
}

export type WriteOutcome = 'applied' | 'reverted' | 'empty' | 'full';

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Each peer with the awareness client ids it controls (removed when it leaves). */
  readonly peers = new Map<RoomPeer, Set<number>>();
  /** Who controls each awareness client id: a socket may only update its own. */
  private readonly owners = new Map<number, RoomPeer>();
  private pendingUpdates: Uint8Array[] = [];
  private readonly pendingAwareness = new Set<number>();
  private tickTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bytes of the doc's encoded state, kept up to date as updates arrive (the quota counts this). */
  private bytes = 0;

  constructor(
    readonly name: string,
    readonly ref: RoomRef,
    private readonly hooks: RoomHooks,
  ) {
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onUpdate);
    this.awareness.on('update', this.onAwareness);
  }

  /** Only the server writes this room (the meeting state). */
  get readOnly(): boolean {
    return this.ref.kind === 'state';
  }

  get size(): number {
    return this.bytes;
  }

  /** Sets the size from the encoded state (after loading or compacting). */
  measure(): void {
    this.bytes = Y.encodeStateAsUpdate(this.doc).byteLength;
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    // The stored state is loaded before anyone is in the room; each joiner gets it with its sync reply.
    if (origin === LOAD_ORIGIN) return;
    this.bytes += update.byteLength;
    this.pendingUpdates.push(update);
    this.scheduleTick();
    this.hooks.onUpdate(this, update, origin);
  };

  private readonly onAwareness = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    for (const id of changes.removed) this.disown(id);
    const ids = [...changes.added, ...changes.updated, ...changes.removed];
    for (const id of ids) this.pendingAwareness.add(id);
    this.scheduleTick();
    this.hooks.onAwareness?.(this, ids, origin);
  };

  /**
   * Applies the awareness of sockets on another instance: their client ids become owned by that instance (a
   * local socket cannot overwrite them); y-protocols' outdated timeout (30 s) removes them when that instance
   * stops renewing them (it crashed).
   */
  applyRemoteAwareness(update: Uint8Array): void {
    const ids = awarenessIds(update);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
    // Only ids that now hold a state: a removal of an id never known here, or a stale clock, leaves none, and
    // an id owned with no state (no member stamped in it) could never be taken back by its client.
    const states = this.awareness.getStates();
    for (const id of ids) if (!this.owners.has(id) && states.has(id)) this.owners.set(id, REMOTE_PEER);
  }

  private stampedDelegate(clientId: number): unknown {
    const state = this.awareness.getStates().get(clientId) as Record<string, unknown> | undefined;
    return (state?.[AWARENESS_MEMBER_FIELD] as { delegateId?: unknown } | undefined)?.delegateId;
  }

  private disown(id: number): void {
    const owner = this.owners.get(id);
    if (owner) this.peers.get(owner)?.delete(id);
    this.owners.delete(id);
  }

  /**
   * May `peer` set this client id? It claims a free id, up to `maxOwned`. An id held by another instance is
   * taken over by the member it was stamped with (`delegateId`): a client whose instance died reconnects here
   * with the same id, and must not wait for the 30 s timeout to be seen again.
   */
  claim(peer: RoomPeer, clientId: number, maxOwned: number, delegateId?: string): boolean {
    const owner = this.owners.get(clientId);
    if (owner === REMOTE_PEER && delegateId !== undefined && this.stampedDelegate(clientId) === delegateId) this.owners.delete(clientId);
    else if (owner) return owner === peer;
    const owned = this.peers.get(peer);
    if (!owned || owned.size >= maxOwned) return false;
    owned.add(clientId);
    this.owners.set(clientId, peer);
    return true;
  }

  /** Applies a client's update: refused past the quota; from a read-only socket, applied and undone at once. */
  applyClientUpdate(update: Uint8Array, peer: RoomPeer, writable: boolean, maxBytes: number, empty: boolean): WriteOutcome {
    if (empty) return 'empty';
    if (this.bytes + update.byteLength > maxBytes) return 'full';
    if (writable) {
      Y.applyUpdate(this.doc, update, peer);
      return 'applied';
    }
    this.revert(update);
    return 'reverted';
  }

  /**
   * A dropped write must not stay in the writer's copy for good: the update is applied and undone in the same
   * tick, so every copy (the writer's included) converges on the server's values, and nobody else sees a change.
   * What Yjs could not integrate (a delete set naming items the server has not created yet, structs after a gap)
   * is kept by Yjs as pending and would be applied later or written into the next snapshot: the pending state is
   * put back as it was, so nothing of the dropped write outlives this call but tombstones of its own items.
   */
  private revert(update: Uint8Array): void {
    const origin = Symbol('read-only write');
    const store = this.doc.store;
    const { pendingDs, pendingStructs } = store;
    // The whole doc (not its root types): a write into a root type the doc did not have yet is undone too.
    const undo = new Y.UndoManager(this.doc, { trackedOrigins: new Set([origin]), captureTimeout: 0 });
    try {
      Y.applyUpdate(this.doc, update, origin);
      undo.undo();
    } finally {
      store.pendingDs = pendingDs;
      store.pendingStructs = pendingStructs;
      undo.destroy();
    }
  }

  private scheduleTick(): void {
    this.tickTimer ??= setTimeout(() => this.flushBroadcast(), this.hooks.tickMs);
  }

  /** Sends everything that changed since the last tick, in bounded messages; never throws. */
  flushBroadcast(): void {
    clearTimeout(this.tickTimer);
    this.tickTimer = undefined;
    let messages: Uint8Array[];
    try {
      messages = [...this.takeUpdateMessages(), ...this.takeAwarenessMessages()];
    } catch (e) {
      this.hooks.log(`live: broadcast failed in ${this.name}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    for (const peer of [...this.peers.keys()]) {
      try {
        for (const m of messages) peer.send(m);
      } catch (e) {
        this.hooks.log(`live: sending to a peer of ${this.name} failed: ${e instanceof Error ? e.message : String(e)}`);
        peer.fail(CLOSE.internalError, 'internal error');
      }
    }
  }

  /** Pending updates merged in groups: Y.mergeUpdates of 20,000 small updates at once took 14 s. */
  private takeUpdateMessages(): Uint8Array[] {
    const updates = this.pendingUpdates;
    this.pendingUpdates = [];
    const out: Uint8Array[] = [];
    for (let i = 0; i < updates.length; i += this.hooks.maxUpdatesPerMerge) {
      const group = updates.slice(i, i + this.hooks.maxUpdatesPerMerge);
      const merged = group.length === 1 ? (group[0] as Uint8Array) : Y.mergeUpdates(group);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, merged);
      out.push(encoding.toUint8Array(encoder));
    }
    return out;
  }

  private takeAwarenessMessages(): Uint8Array[] {
    if (this.pendingAwareness.size === 0) return [];
    const ids = [...this.pendingAwareness];
    this.pendingAwareness.clear();
    try {
      return [awarenessMessage(this.awareness, ids)];
    } catch {
      return this.isolateAwareness(ids);
    }
  }

  /** Encodes each state alone; a state that cannot be encoded is removed and its owner closed. */
  private isolateAwareness(ids: readonly number[]): Uint8Array[] {
    const good: number[] = [];
    for (const id of ids) {
      try {
        awarenessMessage(this.awareness, [id]);
        good.push(id);
      } catch (e) {
        const owner = this.owners.get(id);
        this.hooks.log(`live: awareness state ${id} in ${this.name} cannot be sent (${e instanceof Error ? e.message : String(e)}), removing it`);
        this.awareness.states.delete(id);
        this.disown(id);
        owner?.fail(CLOSE.malformed, 'invalid awareness state');
      }
    }
    return good.length > 0 ? [awarenessMessage(this.awareness, good)] : [];
  }

  /** The awareness client ids this instance's sockets control (what another instance joining the room is told). */
  localAwarenessIds(): number[] {
    // An id is claimed before its state is applied (and stays claimed if that is refused): only those with a state.
    return [...this.peers.values()].flatMap((ids) => [...ids]).filter((id) => this.awareness.meta.has(id));
  }

  /** Kept for callers that saved the whole state themselves; persistence now follows each update. */
  markPersisted(): void {}

  addPeer(peer: RoomPeer): void {
    this.peers.set(peer, new Set());
  }

  /** Removes the peer and the awareness states it controlled; true when the room is now empty. */
  removePeer(peer: RoomPeer): boolean {
    const owned = this.peers.get(peer);
    if (!owned) return this.peers.size === 0;
    this.peers.delete(peer);
    for (const id of owned) this.owners.delete(id);
    try {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...owned], null);
    } catch (e) {
      this.hooks.log(`live: could not remove awareness states in ${this.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return this.peers.size === 0;
  }

  /** Final flush and teardown; the registry saves and forgets the room after this. */
  destroy(): void {
    this.flushBroadcast();
    clearTimeout(this.tickTimer);
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
