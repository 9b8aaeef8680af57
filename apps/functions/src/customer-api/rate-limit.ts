/** How many requests a key may make per window. */
export interface RateRule {
  limit: number;
  windowMs: number;
}

/** The answer of {@link RateLimiter.take}. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** A fixed-window counter per key (an IP hash, a link id, a customer uid). */
export interface RateLimiter {
  take(key: string, now: number): RateDecision;
}

/**
 * An in-memory fixed-window rate limiter for one function instance: each key gets `limit`
 * requests per `windowMs`. Memory is bounded: expired windows are swept when the table grows
 * past `maxKeys`, and if every key is still live the oldest are dropped (fail-open for them,
 * never a crash). Per instance by design: Cloud Functions spreads load over few instances for
 * this traffic, and the limits only have to stop enumeration and scripted floods of one page.
 */
export function createRateLimiter(rule: RateRule, options: { maxKeys?: number } = {}): RateLimiter {
  const maxKeys = options.maxKeys ?? 10_000;
  const windows = new Map<string, { start: number; count: number }>();
  const sweep = (now: number) => {
    for (const [key, w] of windows) if (now - w.start >= rule.windowMs) windows.delete(key);
    for (const key of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(key);
    }
  };
  return {
    take(key, now) {
      let w = windows.get(key);
      if (!w || now - w.start >= rule.windowMs) {
        if (!w && windows.size >= maxKeys) sweep(now);
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      if (w.count >= rule.limit) {
        return {
          ok: false,
          retryAfterSeconds: Math.max(1, Math.ceil((w.start + rule.windowMs - now) / 1000)),
        };
      }
      w.count += 1;
      return { ok: true };
    },
  };
}
