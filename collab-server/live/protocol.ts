// One y-websocket frame in, at most one reply out. Malformed input throws; the caller closes that socket.
// In a read-only room (the meeting state) a client's SyncStep2 and Update are dropped, SyncStep1 answered.
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '../../common/live/wire.ts';
import { awarenessMessage, type Room, type RoomPeer } from './Room.ts';

export class MalformedFrame extends Error {}

export interface FrameOutcome {
  readonly reply?: Uint8Array;
  /** A write into a read-only room that was dropped. */
  readonly dropped?: boolean;
}

/** An update's bytes, checked to decode before anything applies them (y-protocols would swallow the error). */
function readValidUpdate(decoder: decoding.Decoder): Uint8Array {
  const update = decoding.readVarUint8Array(decoder);
  try {
    Y.decodeUpdate(update);
  } catch (e) {
    throw new MalformedFrame(`invalid update: ${e instanceof Error ? e.message : String(e)}`);
  }
  return update;
}

function readSync(room: Room, peer: RoomPeer, decoder: decoding.Decoder): FrameOutcome {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  const kind = decoding.readVarUint(decoder);
  if (kind === syncProtocol.messageYjsSyncStep1) {
    syncProtocol.readSyncStep1(decoder, encoder, room.doc);
    return { reply: encoding.toUint8Array(encoder) };
  }
  if (kind !== syncProtocol.messageYjsSyncStep2 && kind !== syncProtocol.messageYjsUpdate) throw new MalformedFrame(`unknown sync message ${kind}`);
  const update = readValidUpdate(decoder);
  if (room.readOnly) return { dropped: true };
  Y.applyUpdate(room.doc, update, peer);
  return {};
}

function readFrame(room: Room, peer: RoomPeer, decoder: decoding.Decoder): FrameOutcome {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MESSAGE_SYNC:
      return readSync(room, peer, decoder);
    case MESSAGE_AWARENESS:
      awarenessProtocol.applyAwarenessUpdate(room.awareness, decoding.readVarUint8Array(decoder), peer);
      return {};
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

export function handleFrame(room: Room, peer: RoomPeer, data: Uint8Array): FrameOutcome {
  const decoder = decoding.createDecoder(data);
  let outcome: FrameOutcome;
  try {
    outcome = readFrame(room, peer, decoder);
  } catch (e) {
    throw e instanceof MalformedFrame ? e : new MalformedFrame(e instanceof Error ? e.message : String(e));
  }
  if (decoding.hasContent(decoder)) throw new MalformedFrame('trailing bytes after the message');
  return outcome;
}

/** What the server sends first: its state vector (writable rooms) and the present awareness states. */
export function greeting(room: Room): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (!room.readOnly) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, room.doc);
    out.push(encoding.toUint8Array(encoder));
  }
  const ids = [...room.awareness.getStates().keys()];
  if (ids.length > 0) out.push(awarenessMessage(room.awareness, ids));
  return out;
}
