// The transport-agnostic core's request/response shapes. Only collab-server/http/ knows node:http.
import type { Role } from '../../common/meeting/types.ts';

export interface CoreRequest {
  readonly method: string;
  /** Path without the query string, e.g. /api/meetings/m1/manifest */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The whole body, already bounded by the adapter (see MAX_* constants). Empty for GET/HEAD. */
  readonly body: Uint8Array;
  /** The client's address (X-Forwarded-For only from a trusted proxy), for rate limits and logs. */
  readonly remote: string;
}

/** A request before its body is read: enough to decide who is calling. */
export type CoreRequestHead = Omit<CoreRequest, 'body'>;

/**
 * Who may call a route. The adapter checks it from the headers alone, BEFORE reading any body, so an
 * unauthenticated client never gets a byte buffered; the handler still checks again (and authorises).
 */
export type RouteAccess = 'public' | 'member' | 'admin';

export type CoreBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'bytes'; readonly value: Uint8Array }
  /** A file streamed by the adapter; start/end inclusive byte offsets (Range). */
  | { readonly kind: 'file'; readonly path: string; readonly start: number; readonly end: number }
  | { readonly kind: 'empty' };

export interface CoreResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: CoreBody;
}

export interface RouteParams {
  readonly [name: string]: string;
}

export interface Route {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  /** Express-like pattern: /api/meetings/:meetingId/commands */
  readonly pattern: string;
  readonly access: RouteAccess;
  /** Largest body accepted, in bytes (the adapter refuses larger with 413 TOO_LARGE). */
  readonly maxBody?: number;
  readonly handler: (req: CoreRequest, params: RouteParams) => Promise<CoreResponse> | CoreResponse;
}

/** A delegate (or chair, secretary, observer) authenticated by the token from their invitation. */
export interface Member {
  readonly meetingId: string;
  readonly delegateId: string;
  readonly role: Role;
}

export type AuthResult = { readonly ok: true; readonly member: Member } | { readonly ok: false; readonly reason: 'unknown' | 'revoked' };
