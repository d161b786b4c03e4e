// A member's budget of incoming WebSocket frames: two token buckets, frames and bytes, shared by every socket
// of that member. A socket whose member is over budget stops being read until the buckets refill, so a burst
// slows its sender and nobody else. (Commands have their own limiter, RateLimiter.ts.)
export interface FrameBudgetOptions {
  readonly frameBurst: number;
  readonly framesPerSec: number;
  readonly byteBurst: number;
  readonly bytesPerSec: number;
  readonly now?: () => number;
}

export class FrameBudget {
  private frames: number;
  private bytes: number;
  private at: number;
  private readonly now: () => number;

  constructor(private readonly opts: FrameBudgetOptions) {
    this.now = opts.now ?? (() => performance.now());
    this.frames = opts.frameBurst;
    this.bytes = opts.byteBurst;
    this.at = this.now();
  }

  private refill(): void {
    const now = this.now();
    const sec = (now - this.at) / 1000;
    this.at = now;
    this.frames = Math.min(this.opts.frameBurst, this.frames + sec * this.opts.framesPerSec);
    this.bytes = Math.min(this.opts.byteBurst, this.bytes + sec * this.opts.bytesPerSec);
  }

  /** Spends one frame of `size` bytes; false when the budget cannot cover it now. A frame larger than the byte burst is charged the whole burst. */
  take(size: number): boolean {
    this.refill();
    const cost = Math.min(size, this.opts.byteBurst);
    if (this.frames < 1 || this.bytes < cost) return false;
    this.frames -= 1;
    this.bytes -= cost;
    return true;
  }

  /** Milliseconds until a frame of `size` bytes fits. */
  waitMs(size: number): number {
    this.refill();
    const cost = Math.min(size, this.opts.byteBurst);
    const frameWait = this.frames >= 1 ? 0 : ((1 - this.frames) / this.opts.framesPerSec) * 1000;
    const byteWait = this.bytes >= cost ? 0 : ((cost - this.bytes) / this.opts.bytesPerSec) * 1000;
    return Math.ceil(Math.max(frameWait, byteWait, 1));
  }

  /** True when the buckets are full again (the budget can be forgotten). */
  get idle(): boolean {
    this.refill();
    return this.frames >= this.opts.frameBurst && this.bytes >= this.opts.byteBurst;
  }
}
