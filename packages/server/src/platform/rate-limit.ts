import { AppError } from './errors';

/**
 * Fixed-window counters in memory. Per process: behind a load balancer each process limits on its own,
 * which is still a bound on abuse (documented in docs/architecture.md).
 */
export function createRateLimiter(opts: { limit: number; windowMs: number; now?: () => number }) {
  const hits = new Map<string, { count: number; resetAt: number }>();
  const now = opts.now ?? Date.now;
  function sweep(t: number) {
    if (hits.size < 10_000) return;
    for (const [k, v] of hits) if (v.resetAt <= t) hits.delete(k);
  }
  return {
    /** Counts one hit; throws rate_limited past the limit. */
    hit(key: string): void {
      const t = now();
      sweep(t);
      const entry = hits.get(key);
      if (!entry || entry.resetAt <= t) {
        hits.set(key, { count: 1, resetAt: t + opts.windowMs });
        return;
      }
      entry.count++;
      if (entry.count > opts.limit) {
        const retryAfter = Math.ceil((entry.resetAt - t) / 1000);
        throw new AppError('rate_limited', `Too many requests: try again in ${retryAfter} s`, { retryAfter });
      }
    },
    check(key: string): void {
      const t = now();
      const entry = hits.get(key);
      if (entry && entry.resetAt > t && entry.count >= opts.limit) {
        const retryAfter = Math.ceil((entry.resetAt - t) / 1000);
        throw new AppError('rate_limited', `Too many attempts: try again in ${retryAfter} s`, { retryAfter });
      }
    },
    reset(key: string): void {
      hits.delete(key);
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
