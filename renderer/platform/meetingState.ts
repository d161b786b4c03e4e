// Pure rules shared by every Platform implementation: a meeting's state, what a revision changes, time left.
import type { MeetingState } from './Platform.ts';

export interface StateInputs {
  readonly revoked: boolean;
  readonly downloading: boolean;
  readonly downloadStarted: boolean;
  readonly readyRevision: number;
  readonly latestRevision: number;
}

export function deriveMeetingState(s: StateInputs): MeetingState {
  if (s.revoked) return 'revoked';
  if (s.downloading) return 'downloading';
  if (s.readyRevision >= s.latestRevision && s.readyRevision > 0) return 'ready';
  if (s.downloadStarted) return 'paused';
  return s.readyRevision === 0 ? 'not-downloaded' : 'update-available';
}

/** Seconds left at the average rate so far; undefined until a second and some bytes have passed. */
export function secondsLeft(bytesDone: number, bytesTotal: number, elapsedMs: number): number | undefined {
  if (bytesDone <= 0 || elapsedMs < 1000) return undefined;
  const rate = bytesDone / (elapsedMs / 1000);
  return Math.max(0, (bytesTotal - bytesDone) / rate);
}

/** Runs `worker` over `items` with at most `parallel` at once; stops taking new items when `stop()` says so
 * or after the first failure, which it rethrows once the items in flight have settled. */
export async function runQueue<T>(
  items: readonly T[],
  parallel: number,
  worker: (item: T) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (next < items.length && !stop() && !failure) {
      const item = items[next++] as T;
      try {
        await worker(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, lane));
  if (failure) throw failure.error;
}
