// Who is calling: the secretariat (admin token) or a member (the token derived from their invitation).
// The server stores only SHA-256 hashes of tokens, so a copy of its database opens nothing.
import crypto from 'node:crypto';
import type { ServerDb } from '../store/db.ts';
import { CouncilError } from '../../common/result.ts';
import { getMemberByTokenHash, getSetting, isRetiredToken, setSetting } from '../store/packQueries.ts';
import type { ErrorValue } from '../../common/result.ts';
import type { AuthResult, CoreRequestHead, Member, RouteAccess } from './types.ts';

export const ADMIN_TOKEN_HASH_KEY = 'admin_token_hash';
const ADMIN_TOKEN_BYTES = 32;

export function sha256Hex(data: string | Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** Resolves a member token (as sent in `Authorization: Bearer`) to its member; for HTTP and WebSocket alike. */
export function authenticate(db: ServerDb, token: string): AuthResult {
  if (token.length === 0) return { ok: false, reason: 'unknown' };
  const member = getMemberByTokenHash(db, sha256Hex(token));
  if (!member) return { ok: false, reason: isRetiredToken(db, sha256Hex(token)) ? 'revoked' : 'unknown' };
  if (member.revokedAt !== undefined) return { ok: false, reason: 'revoked' };
  return { ok: true, member: { meetingId: member.meetingId, delegateId: member.delegateId, role: member.role } };
}

/**
 * Stores the hash of the given admin token, or when none is given and none is stored yet, makes one.
 * Returns the token only when it was newly generated (it is shown once and never stored in clear).
 */
export function ensureAdminToken(db: ServerDb, given: string | undefined): string | undefined {
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

export function bearerToken(req: Pick<CoreRequestHead, 'headers'>): string | undefined {
  const header = req.headers['authorization'];
  const m = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  return m?.[1];
}

function isAdminToken(db: ServerDb, token: string): boolean {
  const stored = getSetting(db, ADMIN_TOKEN_HASH_KEY);
  if (stored === undefined) return false;
  const a = Buffer.from(sha256Hex(token), 'hex');
  const b = Buffer.from(stored, 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

// ---- rate limit of authentication failures

/** A key may fail this many times in a burst, then one more failure per refill interval. */
export const AUTH_FAILURE_BURST = 30;
export const AUTH_FAILURE_REFILL_MS = 2_000;
/** Bound on remembered keys, so a scan from many addresses cannot grow memory without end. */
const MAX_TRACKED_KEYS = 10_000;

/**
 * Where failure counts live. In memory here; a store shared by several server processes (Redis) only has
 * to implement these two calls, and may answer asynchronously.
 */
export interface FailureStore {
  /** True while `key` still has failures left to spend. */
  allows(key: string): boolean | Promise<boolean>;
  recordFailure(key: string): void | Promise<void>;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** The in-memory FailureStore: a token bucket per key. */
export class FailureLimiter implements FailureStore {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly burst = AUTH_FAILURE_BURST,
    private readonly refillMs = AUTH_FAILURE_REFILL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  private current(key: string): Bucket {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + (t - b.at) / this.refillMs);
    b.at = t;
    return b;
  }

  allows(key: string): boolean {
    return this.current(key).tokens >= 1;
  }

  recordFailure(key: string): void {
    const b = this.current(key);
    b.tokens = Math.max(0, b.tokens - 1);
    this.buckets.delete(key);
    if (this.buckets.size >= MAX_TRACKED_KEYS) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    this.buckets.set(key, b);
  }
}

/**
 * Counts failed authentications by address, by credential and by (address, credential), on every route
 * and on WebSocket upgrades alike. It only ever decides how a WRONG credential is answered (401, or 429
 * once a budget is spent): a valid token is accepted whatever others sent from the same address, so
 * nobody on a shared hall network or behind the same proxy can lock a member out.
 */
export class AuthFailureGuard {
  constructor(private readonly store: FailureStore = new FailureLimiter()) {}

  /** A token is remembered by a short hash, never in clear. Without a token only the address counts. */
  private keys(address: string, token: string | undefined): string[] {
    if (token === undefined) return [`a ${address}`];
    const credential = sha256Hex(token).slice(0, 32);
    return [`a ${address}`, `c ${credential}`, `ac ${address} ${credential}`];
  }

  /** Records one failure; RATE_LIMITED when a budget was already spent, else UNAUTHORIZED. */
  async fail(address: string, token: string | undefined, message: string): Promise<ErrorValue> {
    const keys = this.keys(address, token);
    const allowed = await Promise.all(keys.map((k) => this.store.allows(k)));
    await Promise.all(keys.map((k) => this.store.recordFailure(k)));
    return allowed.every(Boolean) ? { code: 'UNAUTHORIZED', message } : { code: 'RATE_LIMITED', message: 'too many failed authentications; try again later' };
  }
}

// ---- guards: the adapter runs `checkAccess` (which counts failures) before reading a body; handlers run
// requireAdmin/requireMember, which only verify again (a request that reaches them passed the adapter).

export interface AuthContext {
  readonly db: ServerDb;
  readonly limiter: AuthFailureGuard;
}

export type Caller = { readonly kind: 'public' } | { readonly kind: 'admin' } | { readonly kind: 'member'; readonly member: Member };

/** A refusal; `guess` when it should spend failure budget (a wrong or missing token, not a revoked one). */
type Refusal = { readonly ok: false; readonly error: ErrorValue; readonly guess: boolean };

function guessed(message: string): Refusal {
  return { ok: false, error: { code: 'UNAUTHORIZED', message }, guess: true };
}

/** Who is calling, decided from the headers (or from the given token: the WebSocket upgrade's). */
export function identify(ctx: Pick<AuthContext, 'db'>, req: Pick<CoreRequestHead, 'headers'>, access: RouteAccess, token = bearerToken(req)): { readonly ok: true; readonly caller: Caller } | Refusal {
  switch (access) {
    case 'public':
      return { ok: true, caller: { kind: 'public' } };
    case 'admin':
      return token !== undefined && isAdminToken(ctx.db, token) ? { ok: true, caller: { kind: 'admin' } } : guessed('admin token missing or wrong');
    case 'member': {
      if (token === undefined) return guessed('member token missing');
      const result = authenticate(ctx.db, token);
      if (result.ok) return { ok: true, caller: { kind: 'member', member: result.member } };
      // A revoked token is a real one: not a guess, so it does not spend anyone's failure budget.
      if (result.reason === 'revoked') return { ok: false, error: { code: 'REVOKED', message: 'this invitation was revoked' }, guess: false };
      return guessed('unknown member token');
    }
  }
}

/**
 * The refusal for a request that may not call a route with this access, or undefined when it may. Wrong
 * and missing tokens are counted against the address and the credential; once a budget is spent they get
 * RATE_LIMITED instead of UNAUTHORIZED. A valid token always passes.
 */
export async function checkAccess(ctx: AuthContext, req: Pick<CoreRequestHead, 'headers' | 'remote'>, access: RouteAccess, token = bearerToken(req)): Promise<ErrorValue | undefined> {
  const who = identify(ctx, req, access, token);
  if (who.ok) return undefined;
  return who.guess ? ctx.limiter.fail(req.remote, token, who.error.message) : who.error;
}

export function requireAdmin(ctx: Pick<AuthContext, 'db'>, req: CoreRequestHead): void {
  const who = identify(ctx, req, 'admin');
  if (!who.ok) throw new CouncilError(who.error.code, who.error.message);
}

export function requireMember(ctx: Pick<AuthContext, 'db'>, req: CoreRequestHead): Member {
  const who = identify(ctx, req, 'member');
  if (!who.ok) throw new CouncilError(who.error.code, who.error.message);
  if (who.caller.kind !== 'member') throw new CouncilError('INTERNAL', 'member access without a member');
  return who.caller.member;
}
