// Rate limits counted in Redis, so that N instances do not give a member N budgets: the command rate limit
// and the authentication failure budget (core/auth.ts FailureStore). One small Lua token bucket, atomic in
// Redis and timed by Redis's clock (instances' clocks may differ). When Redis fails, each instance counts
// alone again (its in-memory limiter) and says so once: a Redis outage must never refuse or crash a request.
import type { Redis } from 'ioredis';
import { AUTH_FAILURE_BURST, AUTH_FAILURE_REFILL_MS, FailureLimiter, type FailureStore } from '../core/auth.ts';
import type { CommandLimiter, RateLimiter, RateVerdict } from '../live/RateLimiter.ts';
import type { RedisNames } from './redis.ts';

/**
 * KEYS[1]: the bucket. ARGV: burst, refill per ms, mode — 'take' (one token if there is one), 'peek' (is
 * there one?), 'spend' (one token, down to zero: a failure counts even past the limit). Returns {ok, waitMs}.
 * The key expires once it would be full again (it then equals a missing one).
 */
const BUCKET_LUA = `
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local mode = ARGV[3]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local stored = redis.call('HMGET', KEYS[1], 't', 'a')
local tokens = tonumber(stored[1]) or burst
local at = tonumber(stored[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local ok = 0
if tokens >= 1 then ok = 1 end
if mode == 'take' and ok == 1 then tokens = tokens - 1 end
if mode == 'spend' then tokens = math.max(0, tokens - 1) end
if mode ~= 'peek' then
  redis.call('HSET', KEYS[1], 't', tostring(tokens), 'a', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate) + 1)
end
local wait = 0
if ok == 0 then wait = math.ceil((1 - tokens) / rate) end
return {ok, wait}
`;

type Mode = 'take' | 'peek' | 'spend';

interface BucketSpec {
  readonly burst: number;
  readonly perMs: number;
}

async function bucket(redis: Redis, key: string, spec: BucketSpec, mode: Mode): Promise<{ ok: boolean; waitMs: number }> {
  const reply = (await redis.eval(BUCKET_LUA, 1, key, String(spec.burst), String(spec.perMs), mode)) as [number, number];
  return { ok: reply[0] === 1, waitMs: reply[1] };
}

/** Logs the first failure after a success and the first success after a failure. */
class Fallback {
  private failing = false;

  constructor(
    private readonly what: string,
    private readonly log: (line: string) => void,
  ) {}

  failed(e: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.log(`cluster: ${this.what} counted on this instance only (redis: ${e instanceof Error ? e.message : String(e)})`);
  }

  worked(): void {
    if (!this.failing) return;
    this.failing = false;
    this.log(`cluster: ${this.what} counted in redis again`);
  }
}

/** The authentication failure budget shared by every instance (same burst and refill as core/auth.ts's). */
export class RedisFailureStore implements FailureStore {
  private readonly local = new FailureLimiter();
  private readonly spec: BucketSpec = { burst: AUTH_FAILURE_BURST, perMs: 1 / AUTH_FAILURE_REFILL_MS };
  private readonly fallback: Fallback;

  constructor(
    private readonly redis: Redis,
    private readonly names: RedisNames,
    log: (line: string) => void,
  ) {
    this.fallback = new Fallback('authentication failures', log);
  }

  async allows(key: string): Promise<boolean> {
    try {
      const r = await bucket(this.redis, this.names.bucket('auth', key), this.spec, 'peek');
      this.fallback.worked();
      return r.ok;
    } catch (e) {
      this.fallback.failed(e);
      return this.local.allows(key);
    }
  }

  async recordFailure(key: string): Promise<void> {
    // Counted here too: should Redis go away, this instance still knows the recent failures.
    this.local.recordFailure(key);
    try {
      await bucket(this.redis, this.names.bucket('auth', key), this.spec, 'spend');
      this.fallback.worked();
    } catch (e) {
      this.fallback.failed(e);
    }
  }
}

/** The command rate limit (live/RateLimiter.ts) shared by every instance. */
export class RedisCommandLimiter implements CommandLimiter {
  private readonly spec: BucketSpec;
  private readonly fallback: Fallback;

  constructor(
    private readonly redis: Redis,
    private readonly names: RedisNames,
    private readonly local: RateLimiter,
    rate: { readonly burst: number; readonly refillPerSec: number },
    log: (line: string) => void,
  ) {
    this.spec = { burst: rate.burst, perMs: rate.refillPerSec / 1000 };
    this.fallback = new Fallback('command rate limits', log);
  }

  async take(key: string): Promise<RateVerdict> {
    try {
      const r = await bucket(this.redis, this.names.bucket('cmd', key), this.spec, 'take');
      this.fallback.worked();
      return { ok: r.ok, retryAfterSec: Math.ceil(r.waitMs / 1000) };
    } catch (e) {
      this.fallback.failed(e);
      return this.local.take(key);
    }
  }
}
