// y-websocket's client (3.x, y-websocket.js `_awarenessUpdateHandler`) sends an awareness message on EVERY
// awareness change, other clients' included — those it just heard from the server — so in a room of n members
// every change comes back to the server n − 1 times. The server skips them as echoes
// (collab-server/live/protocol.ts isEcho) but still reads each one; with 100 in a room that is ~7 frames a second
// per client for nothing. A client of ours sends only its own state: its own changes and its own removal.
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';

/** y-websocket's message type for awareness (y-websocket.js `messageAwareness`). */
const MESSAGE_AWARENESS = 1;

interface AwarenessChange {
  readonly added: readonly number[];
  readonly updated: readonly number[];
  readonly removed: readonly number[];
}

/**
 * Replaces the provider's awareness sender with one that sends this client's own state only, over its WebSocket
 * (our clients all set disableBc: no BroadcastChannel path to keep).
 */
export function sendOwnAwarenessOnly(provider: WebsocketProvider): void {
  const awareness = provider.awareness;
  awareness.off('update', provider._awarenessUpdateHandler);
  const handler = ({ added, updated, removed }: AwarenessChange): void => {
    const own = awareness.clientID;
    if (!added.includes(own) && !updated.includes(own) && !removed.includes(own)) return;
    const ws = provider.ws;
    if (!provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [own]));
    ws.send(encoding.toUint8Array(encoder));
  };
  // Kept on the provider under its own name, so provider.destroy() unregisters this one.
  provider._awarenessUpdateHandler = handler;
  awareness.on('update', handler);
}
