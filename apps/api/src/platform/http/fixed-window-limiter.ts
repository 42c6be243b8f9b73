/**
 * A fixed-window request counter per key, in this process's memory: what a shared rate limit
 * (rate-limits.ts) counts with while its Redis store does not answer. Several API processes each
 * allow the limit then.
 */
export class FixedWindowLimiter {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  /** @param limit requests allowed per window; @param windowMs window length, ms. */
  constructor(private readonly limit: number, private readonly windowMs = 60_000, private readonly maxKeys = 200_000) {}

  /**
   * Counts one request for `key`.
   * @returns 0 when it is allowed, else the seconds until the window resets (for Retry-After).
   */
  take(key: string, now = Date.now()): number {
    const start = now - (now % this.windowMs);
    if (start !== this.windowStart || this.counts.size >= this.maxKeys) {
      this.windowStart = start;
      this.counts.clear();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count > this.limit ? Math.max(1, Math.ceil((start + this.windowMs - now) / 1000)) : 0;
  }
}
