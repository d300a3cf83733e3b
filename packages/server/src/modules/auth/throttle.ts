/** A sign-in counter: attempts in the current window and the time before which the next attempt is refused. */
export type Counter = { key: string; count: number; resetAt: Date; blockedUntil: Date | null };
export type ThrottleRule = { freeAttempts: number; windowMs: number; maxBackoffMs: number };

/** Seconds until `counter` allows another attempt, or 0 when it does now. */
export function waitSeconds(counter: Counter, now: Date): number {
  const until = counter.blockedUntil?.getTime() ?? 0;
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

/**
 * One more attempt: past `freeAttempts` in a window, the next must wait 2^k seconds (k = attempts over the allowance),
 * capped. Exponential backoff instead of a lockout: the right password gets in after seconds, not a quarter hour.
 */
export function countAttempt(counter: Counter, now: Date, rule: ThrottleRule): Counter {
  const count = counter.resetAt.getTime() <= now.getTime() ? 1 : counter.count + 1;
  const over = count - rule.freeAttempts;
  const backoffMs = over > 0 ? Math.min(2 ** Math.min(over, 30) * 1000, rule.maxBackoffMs) : 0;
  return {
    key: counter.key,
    count,
    resetAt: new Date(now.getTime() + Math.max(rule.windowMs, backoffMs)),
    blockedUntil: backoffMs > 0 ? new Date(now.getTime() + backoffMs) : null,
  };
}

/** A successful sign-in takes its attempt back, so an office behind one address is not slowed by its own logins. */
export function forgiveAttempt(counter: Counter, rule: ThrottleRule): Counter {
  const count = Math.max(0, counter.count - 1);
  return { ...counter, count, blockedUntil: count > rule.freeAttempts ? counter.blockedUntil : null };
}
