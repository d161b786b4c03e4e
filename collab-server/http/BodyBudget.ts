// Bytes of request bodies held in memory at once, across all requests. Only authenticated requests get
// here (the route's access is checked first), and each is capped by its route; this bounds the sum.
export class BodyBudget {
  private used = 0;
  peak = 0;

  constructor(private readonly max: number) {}

  get inFlight(): number {
    return this.used;
  }

  /** Takes `n` bytes; false (and nothing taken) when that would pass the bound. */
  take(n: number): boolean {
    if (this.used + n > this.max) return false;
    this.used += n;
    this.peak = Math.max(this.peak, this.used);
    return true;
  }

  give(n: number): void {
    this.used = Math.max(0, this.used - n);
  }
}
