// A token bucket per key: `burst` commands at once, then `refillPerSec` a second. A flood from one member
// is refused (429) while every other member carries on.
export interface RateLimiterOptions {
  readonly burst: number;
  readonly refillPerSec: number;
  readonly maxBuckets: number;
  readonly now?: () => number;
}

export interface RateVerdict {
  readonly ok: boolean;
  readonly retryAfterSec: number;
}

/** What the command route asks; several instances count in Redis (collab-server/cluster/), hence maybe async. */
export interface CommandLimiter {
  take(key: string): RateVerdict | Promise<RateVerdict>;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter implements CommandLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(private readonly opts: RateLimiterOptions) {
    this.now = opts.now ?? (() => performance.now());
  }

  /** Takes one token; false (and the seconds until the next one) when the bucket is empty. */
  take(key: string): RateVerdict {
    const bucket = this.refill(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, retryAfterSec: 0 };
    }
    return { ok: false, retryAfterSec: Math.ceil((1 - bucket.tokens) / this.opts.refillPerSec) };
  }

  private refill(key: string): Bucket {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      this.prune(now);
      bucket = { tokens: this.opts.burst, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.opts.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.opts.refillPerSec);
    bucket.at = now;
    return bucket;
  }

  /** Drops buckets that have refilled (they equal a new one); then the oldest, if still too many. */
  private prune(now: number): void {
    if (this.buckets.size < this.opts.maxBuckets) return;
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.opts.refillPerSec >= this.opts.burst) this.buckets.delete(key);
    }
    while (this.buckets.size >= this.opts.maxBuckets) {
      const oldest = this.buckets.keys().next();
      if (oldest.done) break;
      this.buckets.delete(oldest.value);
    }
  }
}
