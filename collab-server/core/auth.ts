// Who is calling: the secretariat (admin token) or a member (the token derived from their invitation).
// The server stores only SHA-256 hashes of tokens, so a copy of its database opens nothing.
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { CouncilError } from '../../common/result.ts';
import { getMemberByTokenHash, getSetting, setSetting } from '../store/packQueries.ts';
import type { AuthResult, CoreRequest, Member } from './types.ts';

export const ADMIN_TOKEN_HASH_KEY = 'admin_token_hash';
const ADMIN_TOKEN_BYTES = 32;

export function sha256Hex(data: string | Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** Resolves a member token (as sent in `Authorization: Bearer`) to its member; for HTTP and WebSocket alike. */
export function authenticate(db: Database.Database, token: string): AuthResult {
  if (token.length === 0) return { ok: false, reason: 'unknown' };
  const member = getMemberByTokenHash(db, sha256Hex(token));
  if (!member) return { ok: false, reason: 'unknown' };
  if (member.revokedAt !== undefined) return { ok: false, reason: 'revoked' };
  return { ok: true, member: { meetingId: member.meetingId, delegateId: member.delegateId, role: member.role } };
}

/**
 * Stores the hash of the given admin token, or when none is given and none is stored yet, makes one.
 * Returns the token only when it was newly generated (it is shown once and never stored in clear).
 */
export function ensureAdminToken(db: Database.Database, given: string | undefined): string | undefined {
  if (given !== undefined) {
    if (given.length < 16) throw new CouncilError('BAD_REQUEST', 'the admin token must have at least 16 characters');
    setSetting(db, ADMIN_TOKEN_HASH_KEY, sha256Hex(given));
    return undefined;
  }
  if (getSetting(db, ADMIN_TOKEN_HASH_KEY) !== undefined) return undefined;
  const token = crypto.randomBytes(ADMIN_TOKEN_BYTES).toString('base64url');
  setSetting(db, ADMIN_TOKEN_HASH_KEY, sha256Hex(token));
  return token;
}

export function bearerToken(req: CoreRequest): string | undefined {
  const header = req.headers['authorization'];
  const m = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  return m?.[1];
}

function isAdminToken(db: Database.Database, token: string): boolean {
  const stored = getSetting(db, ADMIN_TOKEN_HASH_KEY);
  if (stored === undefined) return false;
  const a = Buffer.from(sha256Hex(token), 'hex');
  const b = Buffer.from(stored, 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

// ---- rate limit of authentication failures

/** A remote may fail this many times in a burst, then one more failure per refill interval. */
export const AUTH_FAILURE_BURST = 30;
export const AUTH_FAILURE_REFILL_MS = 2_000;
/** Bound on remembered remotes, so a scan from many addresses cannot grow memory without end. */
const MAX_TRACKED_REMOTES = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

export class FailureLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly burst = AUTH_FAILURE_BURST,
    private readonly refillMs = AUTH_FAILURE_REFILL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  private current(remote: string): Bucket {
    const t = this.now();
    const b = this.buckets.get(remote) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + (t - b.at) / this.refillMs);
    b.at = t;
    return b;
  }

  /** True while the remote still has failures left to spend. */
  allows(remote: string): boolean {
    return this.current(remote).tokens >= 1;
  }

  recordFailure(remote: string): void {
    const b = this.current(remote);
    b.tokens = Math.max(0, b.tokens - 1);
    this.buckets.delete(remote);
    if (this.buckets.size >= MAX_TRACKED_REMOTES) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    this.buckets.set(remote, b);
  }
}

// ---- guards used by handlers; they throw CouncilError, which the router turns into the JSON answer

export interface AuthContext {
  readonly db: Database.Database;
  readonly limiter: FailureLimiter;
}

function guardRate(ctx: AuthContext, req: CoreRequest): void {
  if (!ctx.limiter.allows(req.remote)) throw new CouncilError('RATE_LIMITED', 'too many failed authentications; try again later');
}

function refuse(ctx: AuthContext, req: CoreRequest, message: string): never {
  ctx.limiter.recordFailure(req.remote);
  throw new CouncilError('UNAUTHORIZED', message);
}

export function requireAdmin(ctx: AuthContext, req: CoreRequest): void {
  guardRate(ctx, req);
  const token = bearerToken(req);
  if (token === undefined || !isAdminToken(ctx.db, token)) refuse(ctx, req, 'admin token missing or wrong');
}

export function requireMember(ctx: AuthContext, req: CoreRequest): Member {
  guardRate(ctx, req);
  const token = bearerToken(req);
  if (token === undefined) refuse(ctx, req, 'member token missing');
  const result = authenticate(ctx.db, token);
  if (result.ok) return result.member;
  // A revoked token is a real one: not a guess, so it does not spend the remote's failure budget.
  if (result.reason === 'revoked') throw new CouncilError('REVOKED', 'this invitation was revoked');
  return refuse(ctx, req, 'unknown member token');
}
