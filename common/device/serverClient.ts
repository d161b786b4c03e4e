// THE client of the collab-server's pack routes (common/api/http.ts), for every home of the device core:
// fetch-based with an injectable fetch, and ONE mapping from an HTTP answer to our stable ErrorCode.
import { API, type ManifestResponse } from '../api/http.ts';
import { isErrorCode, type ErrorCode } from '../errors.ts';
import { bilingualMessage } from '../i18n/messages.ts';
import { sha256Hex } from '../pack/crypto.ts';
import { MAX_CHUNK_CIPHERTEXT, type ChunkRef } from '../pack/format.ts';
import { CouncilError } from '../result.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ServerClient {
  readonly server: string;
  manifest(meetingId: string, signal?: AbortSignal): Promise<ManifestResponse>;
  /** One chunk, refused (PACK_CHUNK_MISMATCH) unless its size and SHA-256 are the ones the manifest addresses. */
  chunk(ref: ChunkRef, signal?: AbortSignal): Promise<Uint8Array>;
}

/** Status → code when the body carries none of our codes (a proxy's page, an old server). */
const STATUS_CODES: Readonly<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'REVOKED',
  413: 'TOO_LARGE',
  422: 'BAD_REQUEST',
  429: 'RATE_LIMITED',
};

/**
 * The one error mapping: the server's own stable code wins (its ApiErrorBody); otherwise the status decides;
 * 5xx and anything unknown is NETWORK (worth retrying), other 4xx BAD_REQUEST.
 */
export function errorFromAnswer(status: number, body: unknown): CouncilError {
  const err = typeof body === 'object' && body !== null ? (body as { error?: { code?: unknown; message?: unknown; details?: unknown } }).error : undefined;
  const details = Array.isArray(err?.details) ? err.details.map(String) : undefined;
  if (isErrorCode(err?.code)) return new CouncilError(err.code, typeof err.message === 'string' ? err.message : `HTTP ${status}`, details);
  const code = STATUS_CODES[status] ?? (status >= 400 && status < 500 ? 'BAD_REQUEST' : 'NETWORK');
  // A body that is not ours (a proxy's page) is a text: its start says what answered.
  const text = typeof err?.message === 'string' ? err.message : typeof body === 'string' ? body.slice(0, 200) : '';
  return new CouncilError(code, bilingualMessage('SERVER_ANSWERED', { status, text }));
}

/** Reads an error answer's JSON body, if any, and maps it. */
export async function errorOfResponse(res: Response): Promise<CouncilError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  return errorFromAnswer(res.status, body);
}

export const CANCELLED_MESSAGE = bilingualMessage('CANCELLED', {});

export function describeFetchError(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return e instanceof Error ? e.message : String(e);
}

const joinUrl = (server: string, path: string): string => `${server.replace(/\/+$/, '')}${path}`;
const defaultFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

/**
 * `onAnswer` runs after every authenticated success (the device lease counts from the last one); an error
 * answer, REVOKED included, is no contact.
 */
export function createServerClient(server: string, authToken: string, fetchImpl: FetchLike = defaultFetch, onAnswer?: () => Promise<void>): ServerClient {
  const call = async (path: string, signal: AbortSignal | undefined): Promise<Response> => {
    let res: Response;
    try {
      res = await fetchImpl(joinUrl(server, path), { headers: { authorization: `Bearer ${authToken}` }, cache: 'no-store', signal: signal ?? null });
    } catch (e) {
      if (signal?.aborted) throw new CouncilError('NETWORK', CANCELLED_MESSAGE);
      throw new CouncilError('NETWORK', `${server}: ${describeFetchError(e)}`);
    }
    if (!res.ok) throw await errorOfResponse(res);
    await onAnswer?.();
    return res;
  };
  return {
    server,
    async manifest(meetingId, signal) {
      const res = await call(API.manifest(meetingId), signal);
      return (await readBody(res, signal, 'json')) as ManifestResponse;
    },
    async chunk(ref, signal) {
      const res = await call(API.chunk(ref.hash), signal);
      const declared = Number(res.headers.get('content-length') ?? ref.size);
      if (declared > MAX_CHUNK_CIPHERTEXT || declared !== ref.size) {
        await res.body?.cancel().catch(() => undefined);
        throw new CouncilError('PACK_CHUNK_MISMATCH', `chunk ${ref.hash}: ${declared} bytes, the manifest says ${ref.size}`);
      }
      const bytes = (await readBody(res, signal, 'bytes')) as Uint8Array;
      await checkChunk(ref, bytes);
      return bytes;
    },
  };
}

/** True when the server answers its health route. */
export async function pingServer(server: string, fetchImpl: FetchLike = defaultFetch): Promise<boolean> {
  try {
    return (await fetchImpl(joinUrl(server, API.health), { cache: 'no-store' })).ok;
  } catch {
    return false;
  }
}

async function readBody(res: Response, signal: AbortSignal | undefined, kind: 'json' | 'bytes'): Promise<unknown> {
  try {
    return kind === 'json' ? await res.json() : new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    if (signal?.aborted) throw new CouncilError('NETWORK', CANCELLED_MESSAGE);
    if (kind === 'json' && e instanceof SyntaxError) throw new CouncilError('PACK_FORMAT', 'the server answered with something that is not JSON');
    throw new CouncilError('NETWORK', `the connection broke while downloading: ${describeFetchError(e)}`);
  }
}

/** The ciphertext must be exactly what the manifest addresses; anything else is refused before storage. */
export async function checkChunk(ref: ChunkRef, bytes: Uint8Array): Promise<void> {
  if (bytes.length !== ref.size) throw new CouncilError('PACK_CHUNK_MISMATCH', `chunk ${ref.hash}: received ${bytes.length} bytes, the manifest says ${ref.size}`);
  const actual = await sha256Hex(bytes);
  if (actual !== ref.hash) throw new CouncilError('PACK_CHUNK_MISMATCH', `chunk ${ref.hash}: the data received has SHA-256 ${actual}`);
}
