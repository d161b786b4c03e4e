// A meeting's state as the delegate sees it, derived in ONE place with ONE precedence for every home:
// revoked beats everything (its keys are gone), then an expired lease, then a running download, then what the device holds.
import type { MeetingState } from '../api/appTypes.ts';
import type { MeetingRecord, RevisionRecord } from './store.ts';

export interface StateInputs {
  readonly revoked: boolean;
  /** The device lease ran out and the keys were destroyed. */
  readonly expired?: boolean;
  readonly downloading: boolean;
  /** A download of the newest revision began and did not finish. */
  readonly downloadStarted: boolean;
  /** Last complete revision; 0 when none. */
  readonly readyRevision: number;
  /** Newest revision known (pending on the device, or seen on the server). */
  readonly latestRevision: number;
}

export function deriveMeetingState(s: StateInputs): MeetingState {
  if (s.revoked) return 'revoked';
  if (s.expired === true) return 'expired';
  if (s.downloading) return 'downloading';
  if (s.readyRevision >= s.latestRevision && s.readyRevision > 0) return 'ready';
  if (s.downloadStarted) return 'paused';
  return s.readyRevision === 0 ? 'not-downloaded' : 'update-available';
}

/** What a home knows beyond the store: a download running now, the newest revision the server announced. */
export interface LiveState {
  readonly downloading: boolean;
  readonly latestKnown: number;
}

/** The inputs for a stored meeting; `pending` is its pending revision record, if any. */
export function stateInputs(record: MeetingRecord, pending: RevisionRecord | undefined, live: LiveState): StateInputs {
  const ready = record.currentRevision ?? 0;
  const latest = Math.max(ready, record.pendingRevision ?? 0, live.latestKnown);
  return {
    revoked: record.status === 'revoked',
    expired: record.status === 'expired',
    downloading: live.downloading,
    // Started counts only when it is the newest revision that is partly here.
    downloadStarted: pending?.started === true && pending.revision === latest,
    readyRevision: ready,
    latestRevision: latest,
  };
}

/** Seconds left at the average rate so far; undefined until a second and some bytes have passed. */
export function secondsLeft(bytesDone: number, bytesTotal: number, elapsedMs: number): number | undefined {
  if (bytesDone <= 0 || elapsedMs < 1000) return undefined;
  const rate = bytesDone / (elapsedMs / 1000);
  return Math.max(0, (bytesTotal - bytesDone) / rate);
}
