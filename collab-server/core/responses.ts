// JSON responses and the one mapping from stable error codes to HTTP statuses.
import type { ApiErrorBody } from '../../common/api/http.ts';
import type { ErrorCode } from '../../common/errors.ts';
import { CouncilError } from '../../common/result.ts';
import type { CoreResponse } from './types.ts';

const STATUS: Readonly<Record<ErrorCode, number>> = {
  INTERNAL: 500,
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  REVOKED: 403,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
  CONFLICT: 409,
  NETWORK: 502,
  MEETING_INVALID: 400,
  PACK_FORMAT: 400,
  PACK_BAD_SIGNATURE: 400,
  PACK_WRONG_PUBLISHER: 409,
  PACK_TAMPERED: 400,
  PACK_TRUNCATED: 400,
  PACK_WRONG_KEY: 400,
  PACK_UNSUPPORTED_VERSION: 400,
  PACK_CHUNK_MISMATCH: 400,
  PACK_PLAINTEXT_MISMATCH: 400,
  LINK_INVALID: 400,
  VAULT_NOT_FOUND: 404,
  VAULT_LOCKED: 403,
  VAULT_FUTURE_SCHEMA: 500,
  NOT_A_READER: 403,
  LEASE_EXPIRED: 410,
  NOT_CHAIR: 403,
  COMMAND_INVALID: 400,
  POLL_NOT_FOUND: 404,
  POLL_STATE: 409,
  POLL_ALREADY_OPEN: 409,
  POLL_CLOSED: 409,
  NO_QUORUM: 409,
  NOT_ELIGIBLE: 403,
  ALREADY_VOTED: 409,
  BALLOT_INVALID: 400,
  COUNTER_KEYS_MISSING: 409,
  NOT_COUNTER: 403,
  ENTRIES_DISAGREE: 409,
  NOTE_INVALID: 400,
  NOTE_KEYS_MISSING: 409,
  FILE_REJECTED: 422,
  BACKUP_INVALID: 400,
  DRAFT_CONFLICT: 409,
};

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

// API answers carry tokens' consequences (keys, membership): no shared cache may keep them.
const NO_STORE = { 'cache-control': 'no-store' } as const;

export function json(status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): CoreResponse {
  return { status, headers: { ...NO_STORE, ...headers }, body: { kind: 'json', value } };
}

export function errorResponse(code: ErrorCode, message: string, details?: readonly string[], headers?: Readonly<Record<string, string>>): CoreResponse {
  const body: ApiErrorBody = { ok: false, error: details && details.length > 0 ? { code, message, details } : { code, message } };
  return json(statusOf(code), body, headers);
}

/**
 * Turns anything a handler threw into a client-safe answer. Only CouncilError messages reach the client;
 * anything else is logged with its stack and answered with a generic INTERNAL.
 */
export function responseForError(e: unknown, log: (line: string) => void, context: string): CoreResponse {
  if (e instanceof CouncilError) return errorResponse(e.code, e.message, e.details);
  log(`internal error in ${context}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return errorResponse('INTERNAL', 'internal server error');
}
