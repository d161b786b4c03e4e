// Reads the meeting state room once, as a member: a real y-websocket client over `ws` (the same protocol as the
// app), waits for the first sync, takes a plain snapshot and disconnects. The CLI never writes the room (only
// the server does), and a member's token can read nothing a member may not.
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { meetingStateRoom, SYNC_PATH } from '../common/live/rooms.ts';
import { CouncilError } from '../common/result.ts';
import { readVotingState, type VotingState } from '../common/voting/state.ts';

/** The longest the CLI waits for the state room to sync before it gives up. */
export const STATE_SYNC_TIMEOUT_MS = 15_000;

export interface MemberCredentials {
  readonly server: string;
  readonly token: string;
}

/** The voting part of the meeting state as the server has it now. NETWORK when it cannot be read in time. */
export function readLiveVoting(creds: MemberCredentials, meetingId: string, timeoutMs = STATE_SYNC_TIMEOUT_MS): Promise<VotingState> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(creds.server.replace(/\/+$/, '') + SYNC_PATH, meetingStateRoom(meetingId), doc, {
    params: { token: creds.token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Node has a process-wide BroadcastChannel; a CLI run must read the server, not another client in-process.
    disableBc: true,
    maxBackoffTime: 1000,
  });
  return new Promise<VotingState>((resolve, reject) => {
    const finish = (error?: CouncilError): void => {
      clearTimeout(timer);
      const state = error ? undefined : readVotingState(doc);
      provider.destroy();
      doc.destroy();
      if (state) resolve(state);
      else reject(error ?? new CouncilError('NETWORK', 'no state'));
    };
    const timer = setTimeout(() => finish(new CouncilError('NETWORK', `the meeting state did not sync within ${timeoutMs} ms`)), timeoutMs);
    provider.on('sync', (synced: boolean) => {
      if (synced) finish();
    });
    provider.on('closed', (event: { code: number; reason: string }) => finish(new CouncilError(event.code === 4403 ? 'REVOKED' : 'NETWORK', `the server closed the state room (${event.code} ${event.reason})`)));
  });
}
