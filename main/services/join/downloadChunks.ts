// Downloads missing chunks a few at a time, storing each one as soon as it is verified, so an interrupted
// join resumes where it stopped. The first failure stops the other downloads; stored chunks stay stored.
import type { ChunkRef } from '../../../common/pack/format.ts';
import { CouncilError } from '../../../common/result.ts';
import { putChunk } from '../vault/chunkQueries.ts';
import type { VaultDb } from '../vault/vaultDb.ts';
import type { PackClient } from './packClient.ts';

/** Parallel chunk downloads: enough to fill a slow link, few enough not to crowd a hall's Wi-Fi. */
export const DOWNLOAD_CONCURRENCY = 4;

export interface DownloadInput {
  readonly db: VaultDb;
  readonly client: PackClient;
  readonly refs: readonly ChunkRef[];
  readonly signal?: AbortSignal;
  readonly concurrency?: number;
  /** Called after each chunk is stored. */
  readonly onChunk?: (ref: ChunkRef) => void;
}

export async function downloadChunks(input: DownloadInput): Promise<void> {
  const stop = new AbortController();
  const onOuterAbort = (): void => stop.abort(input.signal?.reason);
  input.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (input.signal?.aborted) stop.abort(input.signal.reason);
  const queue = [...input.refs];
  let failure: unknown;
  const worker = async (): Promise<void> => {
    for (let ref = queue.shift(); ref && !stop.signal.aborted; ref = queue.shift()) {
      try {
        const bytes = await input.client.chunk(ref, stop.signal);
        putChunk(input.db, ref.hash, bytes);
        input.onChunk?.(ref);
      } catch (e) {
        failure ??= e;
        stop.abort(e);
      }
    }
  };
  try {
    const n = Math.max(1, Math.min(input.concurrency ?? DOWNLOAD_CONCURRENCY, queue.length));
    await Promise.all(Array.from({ length: n }, worker));
  } finally {
    input.signal?.removeEventListener('abort', onOuterAbort);
  }
  if (failure !== undefined) throw failure;
  if (input.signal?.aborted) throw new CouncilError('NETWORK', 'cancelled / đã hủy');
}
