// The collab-server's HTTP routes as the browser calls them. Failures become CouncilErrors with the server's
// stable code, or NETWORK when the server cannot be reached.
import { API, type ManifestResponse } from '../../../common/api/http.ts';
import { isErrorCode } from '../../../common/errors.ts';
import { CouncilError } from '../../../common/result.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

async function call(fetchImpl: FetchLike, url: string, token: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetchImpl(url, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
  } catch (e) {
    throw new CouncilError('NETWORK', e instanceof Error ? e.message : 'fetch failed');
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

async function errorOf(res: Response): Promise<CouncilError> {
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    const code = body.error?.code;
    if (isErrorCode(code)) return new CouncilError(code, String(body.error?.message ?? res.statusText));
  } catch {
    // not our JSON (a proxy page?): fall through to the status
  }
  if (res.status === 401) return new CouncilError('UNAUTHORIZED', res.statusText);
  if (res.status === 404) return new CouncilError('NOT_FOUND', res.statusText);
  return new CouncilError(res.status >= 500 ? 'NETWORK' : 'BAD_REQUEST', `HTTP ${res.status}`);
}

const join = (server: string, path: string) => `${server.replace(/\/+$/, '')}${path}`;

export async function fetchManifest(fetchImpl: FetchLike, server: string, meetingId: string, token: string): Promise<ManifestResponse> {
  const res = await call(fetchImpl, join(server, API.manifest(meetingId)), token);
  return (await res.json()) as ManifestResponse;
}

export async function fetchChunk(fetchImpl: FetchLike, server: string, hash: string, token: string): Promise<Uint8Array> {
  const res = await call(fetchImpl, join(server, API.chunk(hash)), token);
  return new Uint8Array(await res.arrayBuffer());
}

/** True when the server answers its health route. */
export async function ping(fetchImpl: FetchLike, server: string): Promise<boolean> {
  try {
    const res = await fetchImpl(join(server, API.health), { cache: 'no-store' });
    return res.ok;
  } catch {
    return false;
  }
}
