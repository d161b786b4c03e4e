// Reads the meeting state room once (main/services/annotations/inbox.ts readLiveState: a real y-websocket client,
// first sync, a plain snapshot, disconnect; it never writes), with the admin token (the server's read-only grant,
// collab-server/live/upgrade.ts). Before the admin logged in, a clerk's console reads as the meeting's secretary
// (or chair) member, whose secret the publisher state holds.
import { deriveCredentials } from '../../../common/pack/invite.ts';
import { consoleMessage } from '../../../common/i18n/consoleText.ts';
import { CouncilError } from '../../../common/result.ts';
import type { Delegate } from '../../../common/meeting/types.ts';
import { readLiveState, type LiveStateRead } from '../annotations/inbox.ts';
import type { PublisherState } from '../publish/state.ts';

export const LIVE_SYNC_TIMEOUT_MS = 10_000;

export type LiveSnapshot = LiveStateRead;

/** A member token the console may read the state and inbox rooms with: the secretary's, else the chair's. */
export async function readerToken(state: PublisherState, delegates: readonly Delegate[]): Promise<string> {
  for (const role of ['secretary', 'chair'] as const) {
    for (const d of delegates.filter((x) => x.role === role)) {
      const m = state.members[d.id];
      if (m && m.revokedAt === undefined) return (await deriveCredentials({ secret: m.secret, meetingId: state.meetingId, delegateId: d.id })).authToken;
    }
  }
  throw new CouncilError('NOT_FOUND', consoleMessage('NO_STATE_READER'));
}

export function readLiveSnapshot(server: string, meetingId: string, token: string, timeoutMs = LIVE_SYNC_TIMEOUT_MS): Promise<LiveSnapshot> {
  return readLiveState({ server, meetingId, adminToken: token, timeoutMs });
}
