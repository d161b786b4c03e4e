// A device back online with more unsent edits than one WebSocket frame may carry (the server closes a frame above
// MAX_FRAME_BYTES with 1009, and y-websocket would send the same SyncStep2 again on every reconnection, forever:
// ~900 notes, or ~16 long pen drawings, made offline in one room) answers the server's SyncStep1 in pieces: each
// unsent local edit (one sealed note, ≤ 64 KiB) as its own Update message, in order, then a SyncStep2 with the rest
// (deletions, anything not in the log). Used only when the plain answer is too big AND the log of unsent edits
// covers everything the server lacks; otherwise y-websocket answers as usual.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MAX_FRAME_BYTES, MESSAGE_SYNC } from '../../../common/live/wire.ts';

/** A SyncStep2 above this many bytes is sent in pieces (half a frame: headroom for the delete set). */
export const CHUNKED_SYNC_BYTES = MAX_FRAME_BYTES / 2;

/**
 * The state vector the server will have once it received `log`, when the log covers, for every client whose
 * structs the server lacks, everything from the server's clock up to this doc's; undefined otherwise.
 */
export function coveredState(doc: Y.Doc, server: ReadonlyMap<number, number>, log: readonly Uint8Array[]): Map<number, number> | undefined {
  const from = new Map<number, number>();
  const to = new Map<number, number>();
  for (const u of log) {
    const meta = Y.parseUpdateMeta(u);
    for (const [c, k] of meta.from) from.set(c, Math.min(from.get(c) ?? k, k));
    for (const [c, k] of meta.to) to.set(c, Math.max(to.get(c) ?? k, k));
  }
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    const known = server.get(client) ?? 0;
    if (known >= clock) continue;
    const f = from.get(client);
    const t = to.get(client);
    if (f === undefined || t === undefined || f > known || t < clock) return undefined;
  }
  const combined = new Map(server);
  for (const [c, t] of to) combined.set(c, Math.max(combined.get(c) ?? 0, t));
  return combined;
}

function updateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

/** Answers a SyncStep1 in pieces when it must (see the header); false: let y-websocket answer. */
function answerInPieces(encoder: encoding.Encoder, decoder: decoding.Decoder, provider: WebsocketProvider, log: readonly Uint8Array[]): boolean {
  if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep1) return false;
  const sv = decoding.readVarUint8Array(decoder);
  const ws = provider.ws;
  if (!ws || Y.encodeStateAsUpdate(provider.doc, sv).byteLength <= CHUNKED_SYNC_BYTES) return false;
  const server = Y.decodeStateVector(sv);
  const combined = coveredState(provider.doc, server, log);
  if (!combined) return false;
  for (const u of log) {
    const { to } = Y.parseUpdateMeta(u);
    if ([...to].some(([c, k]) => k > (server.get(c) ?? 0))) ws.send(updateFrame(u));
  }
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep2(encoder, provider.doc, Y.encodeStateVector(combined));
  return true;
}

/** Makes `provider` answer big SyncStep1s in pieces, from the unsent local edits `log()` returns (oldest first). */
export function installChunkedSync(provider: WebsocketProvider, log: () => readonly Uint8Array[]): void {
  const plain = provider.messageHandlers[MESSAGE_SYNC];
  if (!plain) return;
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, messageType) => {
    if (!answerInPieces(encoder, decoding.clone(decoder), p, log())) plain(encoder, decoder, p, emitSynced, messageType);
  };
}
