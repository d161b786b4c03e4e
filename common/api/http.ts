// The collab-server's HTTP contract (pack distribution). Every error body is ApiErrorBody.
import type { ErrorValue } from '../result.ts';
import type { Role } from '../meeting/types.ts';
import type { ManifestEnvelope, WrappedKeys } from '../pack/format.ts';

export const API = {
  health: '/api/health',
  /** POST (admin) {hashes} -> {missing} */
  chunksMissing: '/api/chunks/missing',
  /** PUT (admin) ciphertext body; GET/HEAD (delegate) with Range */
  chunk: (hash: string) => `/api/chunks/${hash}`,
  /** POST (admin) PublishRevisionRequest -> PublishRevisionResponse */
  revisions: (meetingId: string) => `/api/meetings/${meetingId}/revisions`,
  /** GET (delegate) -> ManifestResponse; ?revision=N for an older one */
  manifest: (meetingId: string) => `/api/meetings/${meetingId}/manifest`,
  /** POST (admin) -> {revoked:true} */
  revoke: (meetingId: string, delegateId: string) => `/api/meetings/${meetingId}/members/${delegateId}/revoke`,
  /** GET (delegate) -> MeResponse */
  me: '/api/me',
} as const;

export const ADMIN_HEADER = 'authorization'; // "Bearer <admin token>"
export const MAX_JSON_BODY = 8 * 1024 * 1024;

export interface ApiErrorBody {
  readonly ok: false;
  readonly error: ErrorValue;
}

export interface MemberUpload {
  readonly delegateId: string;
  readonly role: Role;
  /** Lowercase hex SHA-256 of the delegate's auth token. */
  readonly tokenHash: string;
  readonly wrappedKeys: WrappedKeys;
}

export interface PublishRevisionRequest {
  readonly envelope: ManifestEnvelope;
  /** Every chunk hash the revision references (all must already be uploaded). */
  readonly chunks: readonly string[];
  readonly members: readonly MemberUpload[];
}
export interface PublishRevisionResponse {
  readonly meetingId: string;
  readonly revision: number;
}

export interface ChunksMissingRequest {
  readonly hashes: readonly string[];
}
export interface ChunksMissingResponse {
  readonly missing: readonly string[];
}

export interface ManifestResponse {
  readonly envelope: ManifestEnvelope;
  readonly wrappedKeys: WrappedKeys;
  readonly delegateId: string;
  readonly role: Role;
  readonly latestRevision: number;
}

export interface MeResponse {
  readonly meetingId: string;
  readonly delegateId: string;
  readonly role: Role;
}
