// Downloads the chunks a revision needs that are not stored yet: 4 at a time, each verified against its
// SHA-256 address before it is stored, so an interrupted download resumes where it stopped.
import { sha256Hex } from '../../../common/pack/crypto.ts';
import type { ChunkRef, DocumentEntry } from '../../../common/pack/format.ts';
import { CouncilError } from '../../../common/result.ts';
import type { DownloadProgress } from '../Platform.ts';
import { runQueue, secondsLeft } from '../meetingState.ts';

export const PARALLEL_DOWNLOADS = 4;

export interface DownloadJob {
  readonly meetingId: string;
  readonly revision: number;
  readonly documents: readonly DocumentEntry[];
  readonly stored: ReadonlySet<string>;
  fetchChunk(hash: string): Promise<Uint8Array>;
  putChunk(hash: string, ciphertext: Uint8Array): Promise<void>;
  onProgress(p: DownloadProgress): void;
  paused(): boolean;
  now(): number;
}

interface Plan {
  readonly chunks: readonly ChunkRef[];
  /** For each missing chunk hash, the documents waiting for it. */
  readonly waiting: ReadonlyMap<string, readonly string[]>;
  /** Missing chunks left per document. */
  readonly remaining: Map<string, number>;
}

export function planDownload(documents: readonly DocumentEntry[], stored: ReadonlySet<string>): Plan {
  const chunks = new Map<string, ChunkRef>();
  const waiting = new Map<string, string[]>();
  const remaining = new Map<string, number>();
  for (const d of documents) {
    const missing = new Set(d.chunks.filter((c) => !stored.has(c.hash)).map((c) => c.hash));
    if (missing.size > 0) remaining.set(d.id, missing.size);
    for (const c of d.chunks) {
      if (!missing.has(c.hash)) continue;
      chunks.set(c.hash, c);
      waiting.set(c.hash, [...(waiting.get(c.hash) ?? []), d.id]);
    }
  }
  return { chunks: [...chunks.values()], waiting, remaining };
}

export async function verifyChunk(ref: ChunkRef, ciphertext: Uint8Array): Promise<void> {
  if (ciphertext.length !== ref.size || (await sha256Hex(ciphertext)) !== ref.hash) {
    throw new CouncilError('PACK_CHUNK_MISMATCH', `chunk ${ref.hash.slice(0, 12)} does not match its address`);
  }
}

/** Resolves 'done' or 'paused'; throws the first failure after the chunks in flight settle. */
export async function runDownload(job: DownloadJob): Promise<'done' | 'paused'> {
  const plan = planDownload(job.documents, job.stored);
  const started = job.now();
  const totals = { bytesTotal: plan.chunks.reduce((n, c) => n + c.size, 0), documentsTotal: plan.remaining.size };
  let bytesDone = 0;
  let documentsDone = 0;
  const report = (phase: DownloadProgress['phase']) => {
    const left = secondsLeft(bytesDone, totals.bytesTotal, job.now() - started);
    job.onProgress({ meetingId: job.meetingId, revision: job.revision, phase, bytesDone, documentsDone, ...totals, ...(left === undefined ? {} : { secondsLeft: left }) });
  };
  report('running');
  await runQueue(plan.chunks, PARALLEL_DOWNLOADS, async (ref) => {
    const ciphertext = await job.fetchChunk(ref.hash);
    await verifyChunk(ref, ciphertext);
    await job.putChunk(ref.hash, ciphertext);
    bytesDone += ref.size;
    for (const docId of plan.waiting.get(ref.hash) ?? []) {
      const left = (plan.remaining.get(docId) ?? 1) - 1;
      plan.remaining.set(docId, left);
      if (left === 0) documentsDone++;
    }
    report('running');
  }, job.paused);
  const finished = bytesDone === totals.bytesTotal;
  report(finished ? 'done' : 'paused');
  return finished ? 'done' : 'paused';
}
