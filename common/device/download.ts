// Downloading a revision beside the current one: only the chunks the device lacks, a few at a time, each
// stored as soon as it matches its address (so an interrupted download resumes where it stopped). Each
// document is decrypted and checked against the signed manifest as soon as its last chunk is stored,
// keeping no plaintext; the revision becomes current only when every readable document checked out.
import { entryChunks, type ChunkRef, type DocumentEntry } from '../pack/format.ts';
import { documentKey } from '../pack/manifest.ts';
import type { HasherFactory } from '../pack/stream.ts';
import { CouncilError } from '../result.ts';
import { verifyStoredDocument } from './documents.ts';
import { chunkRefs, totalBytes, type OpenedRevision } from './openPack.ts';
import { CANCELLED_MESSAGE, type ServerClient } from './serverClient.ts';
import type { DeviceStore } from './store.ts';

/** Parallel chunk downloads: enough to fill a slow link, few enough not to crowd a hall's Wi-Fi. */
export const DOWNLOAD_CONCURRENCY = 4;

export interface DownloadProgressEvent {
  readonly phase: 'download' | 'verify';
  /** Ciphertext bytes present (reused + downloaded) out of all the readable documents need. */
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Documents verified so far (verification follows the download). */
  readonly docsDone: number;
  readonly docsTotal: number;
}

export interface DownloadOptions {
  readonly signal?: AbortSignal;
  readonly concurrency?: number;
  readonly onProgress?: (p: DownloadProgressEvent) => void;
  readonly hasherFactory?: HasherFactory;
}

export interface Transfer {
  /** Ciphertext bytes fetched by this run. */
  readonly downloadedBytes: number;
  /** Ciphertext bytes the device already held (an earlier revision, an interrupted run). */
  readonly reusedBytes: number;
}

interface Job {
  readonly store: DeviceStore;
  readonly client: ServerClient;
  readonly opened: OpenedRevision;
  readonly options: DownloadOptions;
}

/** Downloads what is missing, verifies every readable document, then switches the meeting to this revision. */
export async function downloadRevision(store: DeviceStore, client: ServerClient, opened: OpenedRevision, options: DownloadOptions = {}): Promise<Transfer> {
  const { meetingId, revision } = opened.manifest;
  const refs = chunkRefs(opened.documents);
  // A complete revision is downloaded again only after the lease destroyed part of it: its keys and chunk
  // list were put back by the caller (DeviceStore.replaceKeys), and it stays current meanwhile.
  const held = await store.getRevision(meetingId, revision);
  if (!held?.complete) await store.beginRevision({ meetingId, revision, envelope: opened.envelope, wrappedKeys: opened.wrappedKeys, hashes: refs.map((r) => r.hash), started: true });
  const plan = planDownload(opened.documents, await store.storedChunks(refs.map((r) => r.hash)));
  const toFetch = plan.chunks;
  const bytesTotal = totalBytes(refs);
  const reusedBytes = bytesTotal - totalBytes(toFetch);
  let bytesDone = reusedBytes;
  const report = (phase: DownloadProgressEvent['phase'], docsDone: number): void =>
    options.onProgress?.({ phase, bytesDone, bytesTotal, docsDone, docsTotal: opened.documents.length });
  report('download', 0);
  // A bad document stops the downloads still running: the revision is going to be dropped anyway.
  const stop = new AbortController();
  const onOuterAbort = (): void => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (options.signal?.aborted) stop.abort(options.signal.reason);
  const job: Job = { store, client, opened, options };
  const verifier = createVerifier(job, plan, stop, (done) => report('verify', done));
  const downloaded = fetchChunks(job, toFetch, stop, (ref) => {
    bytesDone += ref.size;
    report('download', 0);
    verifier.stored(ref.hash);
  });
  // A verification failure is final for this revision; a download failure leaves it pending for a retry.
  const [download, verified] = await Promise.allSettled([downloaded, verifier.done(downloaded)]);
  options.signal?.removeEventListener('abort', onOuterAbort);
  if (verified.status === 'rejected') {
    await store.abandonRevision(meetingId, revision);
    throw verified.reason;
  }
  if (download.status === 'rejected') throw download.reason;
  await store.commitRevision(meetingId, revision);
  return { downloadedBytes: bytesDone - reusedBytes, reusedBytes };
}

export interface DownloadPlan {
  /** The chunks not on the device yet, once each, in document order. */
  readonly chunks: readonly ChunkRef[];
  /** For each missing chunk hash, the documents waiting for it. */
  readonly waiting: ReadonlyMap<string, readonly string[]>;
  /** Missing chunks left per document (documents already whole are absent). */
  readonly remaining: Map<string, number>;
}

export function planDownload(documents: readonly DocumentEntry[], stored: ReadonlySet<string>): DownloadPlan {
  const chunks = new Map<string, ChunkRef>();
  const waiting = new Map<string, string[]>();
  const remaining = new Map<string, number>();
  for (const d of documents) {
    const missing = new Set(entryChunks(d).filter((c) => !stored.has(c.hash)).map((c) => c.hash));
    if (missing.size > 0) remaining.set(d.id, missing.size);
    for (const c of entryChunks(d)) {
      if (!missing.has(c.hash)) continue;
      chunks.set(c.hash, c);
      waiting.set(c.hash, [...new Set([...(waiting.get(c.hash) ?? []), d.id])]);
    }
  }
  return { chunks: [...chunks.values()], waiting, remaining };
}

/**
 * Runs `worker` over `items` with at most `parallel` at once; stops taking new items when `stop()` says so
 * or after the first failure, which it rethrows once the items in flight have settled.
 */
export async function runQueue<T>(items: readonly T[], parallel: number, worker: (item: T) => Promise<void>, stop: () => boolean = () => false): Promise<void> {
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
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, items.length)) }, lane));
  if (failure) throw failure.error;
}

/** Runs the chunk queue; the first failure stops the other downloads; stored chunks stay stored. */
async function fetchChunks(job: Job, refs: readonly ChunkRef[], stop: AbortController, onChunk: (ref: ChunkRef) => void): Promise<void> {
  const worker = async (ref: ChunkRef): Promise<void> => {
    try {
      const bytes = await job.client.chunk(ref, stop.signal);
      await job.store.putChunk(ref.hash, bytes);
      onChunk(ref);
    } catch (e) {
      stop.abort(e);
      throw e;
    }
  };
  const failed = await runQueue(refs, job.options.concurrency ?? DOWNLOAD_CONCURRENCY, worker, () => stop.signal.aborted).then(
    () => undefined,
    (e: unknown) => ({ e }),
  );
  if (job.options.signal?.aborted) throw new CouncilError('NETWORK', CANCELLED_MESSAGE);
  if (failed) throw failed.e;
}

/**
 * Verifies each document once its last missing chunk is stored, one document at a time, so the crypto
 * overlaps the download. A failure here means the signed pack itself is bad.
 */
function createVerifier(job: Job, plan: DownloadPlan, stop: AbortController, onDoc: (done: number) => void) {
  const docs = job.opened.documents;
  const byId = new Map(docs.map((d) => [d.id, d]));
  let chain: Promise<void> = Promise.resolve();
  let verifiedDocs = 0;
  const verify = (doc: DocumentEntry): void => {
    plan.remaining.delete(doc.id);
    chain = chain.then(async () => {
      // Cancelled or failed download: stop verifying, the revision stays pending for a retry.
      if (stop.signal.aborted) return;
      await verifyStoredDocument(job.store, doc, documentKey(doc, job.opened.bundle), job.options.hasherFactory);
      onDoc(++verifiedDocs);
    });
    chain.catch((e: unknown) => stop.abort(e));
  };
  for (const doc of docs) if (!plan.remaining.has(doc.id)) verify(doc);
  return {
    stored(hash: string): void {
      for (const id of plan.waiting.get(hash) ?? []) {
        const left = (plan.remaining.get(id) ?? 0) - 1;
        const doc = byId.get(id);
        if (left > 0) plan.remaining.set(id, left);
        else if (doc && plan.remaining.has(id)) verify(doc);
      }
    },
    /** Settles when every document is verified, or when the download failed and what was queued is done. */
    async done(download: Promise<void>): Promise<void> {
      const ok = await download.then(
        () => true,
        () => false,
      );
      await chain;
      if (ok && (plan.remaining.size > 0 || verifiedDocs < docs.length)) throw new CouncilError('PACK_TRUNCATED', `${plan.remaining.size} document(s) incomplete after the download`);
    },
  };
}
