// The publisher's side of common/api/http.ts: which chunks are missing, chunk upload, revision publish.
// A failed connection is NETWORK; a server error body {ok:false,error} keeps the server's code.
import {
  ADMIN_HEADER,
  API,
  type ChunksMissingResponse,
  type PublishRevisionRequest,
  type PublishRevisionResponse,
  type ReinviteRequest,
  type ReinviteResponse,
  type RevokeResponse,
} from '../../../common/api/http.ts';
import { errorFromAnswer } from '../../../common/device/serverClient.ts';
import { bilingualMessage } from '../../../common/i18n/messages.ts';
import { CouncilError } from '../../../common/result.ts';

/** Hashes asked per chunksMissing request; far below the server's own bound. */
export const MISSING_BATCH = 10_000;

export interface AdminClient {
  missingChunks(hashes: readonly string[]): Promise<Set<string>>;
  putChunk(hash: string, ciphertext: Uint8Array): Promise<void>;
  publishRevision(request: PublishRevisionRequest): Promise<PublishRevisionResponse>;
  revoke(meetingId: string, delegateId: string): Promise<RevokeResponse>;
  reinvite(meetingId: string, delegateId: string, request: ReinviteRequest): Promise<ReinviteResponse>;
}

/** "https://host:8443/" → "https://host:8443"; refuses anything that is not an http(s) URL. */
export function normalizeServer(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new CouncilError('BAD_REQUEST', bilingualMessage('SERVER_URL_INVALID', { url: server }));
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash) {
    throw new CouncilError('BAD_REQUEST', bilingualMessage('SERVER_URL_FORM', { url: server }));
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function createAdminClient(server: string, adminToken: string): AdminClient {
  const base = normalizeServer(server);
  const auth = { [ADMIN_HEADER]: `Bearer ${adminToken}` };
  const call = async (method: string, route: string, body: BodyInit, contentType: string): Promise<unknown> =>
    request(`${base}${route}`, { method, headers: { ...auth, 'content-type': contentType }, body });
  const postJson = (route: string, value: unknown): Promise<unknown> => call('POST', route, JSON.stringify(value), 'application/json');
  return {
    async missingChunks(hashes) {
      const missing = new Set<string>();
      for (let i = 0; i < hashes.length; i += MISSING_BATCH) {
        const answer = (await postJson(API.chunksMissing, { hashes: hashes.slice(i, i + MISSING_BATCH) })) as ChunksMissingResponse;
        for (const h of answer.missing) missing.add(h);
      }
      return missing;
    },
    async putChunk(hash, ciphertext) {
      await call('PUT', API.chunk(hash), new Blob([new Uint8Array(ciphertext)]), 'application/octet-stream');
    },
    async publishRevision(req) {
      return (await postJson(API.revisions(req.envelope.meetingId), req)) as PublishRevisionResponse;
    },
    async revoke(meetingId, delegateId) {
      return (await postJson(API.revoke(meetingId, delegateId), {})) as RevokeResponse;
    },
    async reinvite(meetingId, delegateId, req) {
      return (await postJson(API.reinvite(meetingId, delegateId), req)) as ReinviteResponse;
    },
  };
}

async function request(url: string, init: RequestInit): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : '';
    throw new CouncilError('NETWORK', bilingualMessage('SERVER_UNREACHABLE', { origin: new URL(url).origin, cause }));
  }
  const text = await res.text().catch(() => '');
  const body = parseBody(text);
  if (res.ok) return body;
  throw errorFromAnswer(res.status, body ?? text);
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
