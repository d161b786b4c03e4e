// The collab-server's HTTP contract (pack distribution). Every error body is ApiErrorBody.
import type { ErrorValue } from '../result.ts';
import type { Role } from '../meeting/types.ts';
import type { ManifestEnvelope, WrappedKeys } from '../pack/format.ts';
import { pathTo, ROUTES } from './routes.ts';

/** Paths of the pack routes, built from the one route table (common/api/routes.ts) the server mounts. */
export const API = {
  health: ROUTES.health,
  /** POST (admin) {hashes} -> {missing} */
  chunksMissing: ROUTES.chunksMissing,
  /** PUT (admin) ciphertext body; GET/HEAD (delegate) with Range */
  chunk: (hash: string) => pathTo(ROUTES.chunk, { hash }),
  /** POST (admin) PublishRevisionRequest -> PublishRevisionResponse */
  revisions: (meetingId: string) => pathTo(ROUTES.revisions, { meetingId }),
  /** GET (delegate) -> ManifestResponse; ?revision=N for an older one */
  manifest: (meetingId: string) => pathTo(ROUTES.manifest, { meetingId }),
  /** POST (admin) -> {revoked:true} */
  revoke: (meetingId: string, delegateId: string) => pathTo(ROUTES.revoke, { meetingId, delegateId }),
  /** POST (admin) ReinviteRequest -> ReinviteResponse: a new secret for the same seat (issue 14 §5) */
  reinvite: (meetingId: string, delegateId: string) => pathTo(ROUTES.reinvite, { meetingId, delegateId }),
  /** GET (delegate) -> MeResponse */
  me: ROUTES.me,
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
  /** The slug of the member's delegate group (common/live/rooms.ts groupSlug), for group rooms; absent for none. */
  readonly groupId?: string;
}

export interface PublishRevisionRequest {
  readonly envelope: ManifestEnvelope;
  /** Every chunk hash the revision references (all must already be uploaded). */
  readonly chunks: readonly string[];
  readonly members: readonly MemberUpload[];
  /**
   * The deputies in office (meeting.json totalDelegates): the quorum's N unless the chair sets another. Absent
   * (an older publisher): the server counts the voting seats, revoked ones included.
   */
  readonly totalDelegates?: number;
}
export interface PublishRevisionResponse {
  readonly meetingId: string;
  readonly revision: number;
}

export interface RevokeResponse {
  readonly revoked: true;
}

/**
 * A re-invitation: the member's new token hash and their key bundle wrapped under the new secret, for the
 * latest revision at least. The server replaces the token hash (the old link stops working), clears the
 * revocation, and drops the member's wrapped keys of every revision not listed (they are under the old secret).
 */
export interface ReinviteRequest {
  readonly tokenHash: string;
  readonly keys: readonly { readonly revision: number; readonly wrappedKeys: WrappedKeys }[];
}
export interface ReinviteResponse {
  readonly reinvited: true;
  readonly latestRevision: number;
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
