/**
 * A token bucket per connection: `burst` events at once, refilled at `perSecond`.
 * Local to the socket on purpose: it protects this process's event loop from one client.
 */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();
  /** Events refused since the bucket was last full. */
  refused = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      if (this.tokens >= this.burst - 1) this.refused = 0;
      return true;
    }
    this.refused += 1;
    return false;
  }
}
