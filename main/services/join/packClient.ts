// The delegate's side of common/api/http.ts: fetch the manifest and chunks with the invitation's token,
// turning every HTTP or network failure into a CouncilError with a stable code.
import { createHash } from 'node:crypto';
import { API, type ManifestResponse } from '../../../common/api/http.ts';
import { isErrorCode } from '../../../common/errors.ts';
import { MAX_CHUNK_CIPHERTEXT, type ChunkRef } from '../../../common/pack/format.ts';
import { CouncilError } from '../../../common/result.ts';

export type FetchImpl = typeof fetch;

export interface PackClient {
  manifest(meetingId: string): Promise<ManifestResponse>;
  /** Downloads one chunk and checks its size and SHA-256 against its address (PACK_CHUNK_MISMATCH). */
  chunk(ref: ChunkRef, signal?: AbortSignal): Promise<Uint8Array>;
}

export function createPackClient(server: string, authToken: string, fetchImpl: FetchImpl = fetch, signal?: AbortSignal): PackClient {
  const headers = { authorization: `Bearer ${authToken}` };
  const call = async (path: string, s: AbortSignal | undefined): Promise<Response> => {
    let res: Response;
    try {
      res = await fetchImpl(`${server}${path}`, { headers, signal: s ?? null });
    } catch (e) {
      if (s?.aborted) throw new CouncilError('NETWORK', 'cancelled / đã hủy');
      throw new CouncilError('NETWORK', `${server}: ${describeFetchError(e)}`);
    }
    if (!res.ok) throw await errorOf(res);
    return res;
  };
  return {
    async manifest(meetingId) {
      const res = await call(API.manifest(meetingId), signal);
      return (await readBody(res, signal, 'json')) as ManifestResponse;
    },
    async chunk(ref, chunkSignal) {
      const sig = chunkSignal ?? signal;
      const res = await call(API.chunk(ref.hash), sig);
      const declared = Number(res.headers.get('content-length') ?? ref.size);
      if (declared > MAX_CHUNK_CIPHERTEXT || declared !== ref.size) {
        await res.body?.cancel();
        throw new CouncilError('PACK_CHUNK_MISMATCH', `chunk ${ref.hash}: ${declared} bytes, the manifest says ${ref.size}`);
      }
      const bytes = (await readBody(res, sig, 'bytes')) as Uint8Array;
      checkChunk(ref, bytes);
      return bytes;
    },
  };
}

async function readBody(res: Response, signal: AbortSignal | undefined, kind: 'json' | 'bytes'): Promise<unknown> {
  try {
    return kind === 'json' ? await res.json() : new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    if (signal?.aborted) throw new CouncilError('NETWORK', 'cancelled / đã hủy');
    if (kind === 'json' && e instanceof SyntaxError) throw new CouncilError('PACK_FORMAT', 'the server answered with something that is not JSON');
    throw new CouncilError('NETWORK', `the connection broke while downloading: ${describeFetchError(e)}`);
  }
}

/** The ciphertext must be exactly what the manifest addresses; anything else is refused before storage. */
export function checkChunk(ref: ChunkRef, bytes: Uint8Array): void {
  if (bytes.length !== ref.size) {
    throw new CouncilError('PACK_CHUNK_MISMATCH', `chunk ${ref.hash}: received ${bytes.length} bytes, the manifest says ${ref.size}`);
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== ref.hash) throw new CouncilError('PACK_CHUNK_MISMATCH', `chunk ${ref.hash}: the data received has SHA-256 ${actual}`);
}

async function errorOf(res: Response): Promise<CouncilError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const err = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const message = typeof err?.message === 'string' ? err.message : `HTTP ${res.status}`;
  if (res.status === 401) return new CouncilError('UNAUTHORIZED', message);
  const code = err?.code;
  if (isErrorCode(code)) return new CouncilError(code, message);
  if (res.status === 403) return new CouncilError('FORBIDDEN', message);
  if (res.status === 404) return new CouncilError('NOT_FOUND', message);
  return new CouncilError('NETWORK', `the server answered HTTP ${res.status}: ${message}`);
}

function describeFetchError(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return e instanceof Error ? e.message : String(e);
}
