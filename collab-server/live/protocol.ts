// One y-websocket frame in, at most one reply out. Malformed input throws; the caller closes that socket.
// A socket that may only read (the meeting state for everyone, shared rooms for observers) has its SyncStep2
// and Update applied and undone at once (Room.applyClientUpdate), so its own copy converges; SyncStep1 is
// answered. Awareness goes through awarenessGuard.ts (bounded, owned client ids, the member stamped).
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '../../common/live/wire.ts';
import { AwarenessRefused, decodeAwareness, encodeAwareness, stamp, type AwarenessBounds, type AwarenessEntry, type StampedMember } from './awarenessGuard.ts';
import { awarenessMessage, type Room, type RoomPeer, type WriteOutcome } from './Room.ts';

export class MalformedFrame extends Error {}

/** What handling a frame needs to know about the socket it came from. */
export interface FrameSource {
  readonly peer: RoomPeer;
  readonly member: StampedMember;
  readonly writable: boolean;
  readonly bounds: AwarenessBounds & { readonly maxRoomBytes: number; readonly maxAwarenessClientsPerSocket: number };
}

export interface FrameOutcome {
  readonly reply?: Uint8Array;
  /** A write from a socket that may only read, undone at once. */
  readonly dropped?: boolean;
  /** A write refused because the room reached its quota. */
  readonly full?: boolean;
  /** Awareness entries refused: another socket's client id, or a state claiming another member. */
  readonly refusedAwareness?: number;
}

/** An update's bytes, checked to decode before anything applies them (y-protocols would swallow the error). */
function readValidUpdate(decoder: decoding.Decoder): { update: Uint8Array; empty: boolean } {
  const update = decoding.readVarUint8Array(decoder);
  try {
    const decoded = Y.decodeUpdate(update);
    return { update, empty: decoded.structs.length === 0 && decoded.ds.clients.size === 0 };
  } catch (e) {
    throw new MalformedFrame(`invalid update: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function writeOutcome(outcome: WriteOutcome): FrameOutcome {
  if (outcome === 'full') return { full: true };
  return outcome === 'reverted' ? { dropped: true } : {};
}

function readSync(room: Room, source: FrameSource, decoder: decoding.Decoder): FrameOutcome {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  const kind = decoding.readVarUint(decoder);
  if (kind === syncProtocol.messageYjsSyncStep1) {
    syncProtocol.readSyncStep1(decoder, encoder, room.doc);
    return { reply: encoding.toUint8Array(encoder) };
  }
  if (kind !== syncProtocol.messageYjsSyncStep2 && kind !== syncProtocol.messageYjsUpdate) throw new MalformedFrame(`unknown sync message ${kind}`);
  const { update, empty } = readValidUpdate(decoder);
  return writeOutcome(room.applyClientUpdate(update, source.peer, source.writable, source.bounds.maxRoomBytes, empty));
}

function readAwareness(room: Room, source: FrameSource, decoder: decoding.Decoder): FrameOutcome {
  let entries: AwarenessEntry[];
  try {
    entries = decodeAwareness(decoding.readVarUint8Array(decoder), source.bounds);
  } catch (e) {
    throw new MalformedFrame(e instanceof AwarenessRefused ? e.message : `invalid awareness update: ${e instanceof Error ? e.message : String(e)}`);
  }
  const accepted: AwarenessEntry[] = [];
  let refused = 0;
  for (const entry of entries) {
    // The y-websocket client sends back every awareness change it hears of, other clients' included (each
    // renewal in a room of 100 comes back 99 times). Those echoes change nothing (y-protocols ignores a clock
    // it has already seen): skip them before any claim, so they are neither logged as refusals nor make the
    // echoing socket the owner of a client that left (whose own renewal would then be refused on its return).
    if (isEcho(room, entry)) continue;
    const stamped = room.claim(source.peer, entry.clientId, source.bounds.maxAwarenessClientsPerSocket, source.member.delegateId) ? stamp(entry, source.member) : undefined;
    if (stamped) accepted.push(stamped);
    else refused++;
  }
  if (accepted.length > 0) awarenessProtocol.applyAwarenessUpdate(room.awareness, encodeAwareness(accepted), source.peer);
  return refused > 0 ? { refusedAwareness: refused } : {};
}

/** An entry applyAwarenessUpdate would ignore: its clock is not newer than the room's (a removal at the same clock still applies). */
function isEcho(room: Room, entry: AwarenessEntry): boolean {
  const known = room.awareness.meta.get(entry.clientId);
  if (!known) return false;
  if (entry.clock < known.clock) return true;
  return entry.clock === known.clock && !(entry.state === null && room.awareness.getStates().has(entry.clientId));
}

function readFrame(room: Room, source: FrameSource, decoder: decoding.Decoder): FrameOutcome {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MESSAGE_SYNC:
      return readSync(room, source, decoder);
    case MESSAGE_AWARENESS:
      return readAwareness(room, source, decoder);
    case MESSAGE_QUERY_AWARENESS:
      return { reply: awarenessMessage(room.awareness, [...room.awareness.getStates().keys()]) };
    case MESSAGE_AUTH:
      // Authentication happens on the upgrade; the client never sends this, so ignore it.
      decoding.readVarUint(decoder);
      decoding.readVarString(decoder);
      return {};
    default:
      throw new MalformedFrame(`unknown message type ${type}`);
  }
}

export function handleFrame(room: Room, source: FrameSource, data: Uint8Array): FrameOutcome {
  const decoder = decoding.createDecoder(data);
  let outcome: FrameOutcome;
  try {
    outcome = readFrame(room, source, decoder);
  } catch (e) {
    throw e instanceof MalformedFrame ? e : new MalformedFrame(e instanceof Error ? e.message : String(e));
  }
  if (decoding.hasContent(decoder)) throw new MalformedFrame('trailing bytes after the message');
  return outcome;
}

/**
 * What the server sends first: its state vector when this socket may write (so the client sends what the
 * server lacks), and the present awareness states. A socket that may only read gets no SyncStep1: it asks
 * with its own and receives the state, and never offers a write.
 */
export function greeting(room: Room, writable: boolean): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (writable && !room.readOnly) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, room.doc);
    out.push(encoding.toUint8Array(encoder));
  }
  const ids = [...room.awareness.getStates().keys()];
  if (ids.length > 0) out.push(awarenessMessage(room.awareness, ids));
  return out;
}
