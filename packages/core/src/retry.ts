/** How a failed send is retried: exponential backoff with full jitter, capped. */
export type RetryPolicy = {
  /** Ceiling of the first retry's delay; doubles with every attempt. */
  baseDelayMs: number;
  /** Largest ceiling, whatever the attempt. */
  maxDelayMs: number;
  /** Total attempts, the first send included. */
  maxAttempts: number;
};

/** Up to 6 attempts: retries within 30 s, 1, 2, 4, 8 min ceilings, capped at 1 hour. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  maxAttempts: 6,
};

/**
 * The delay before the next attempt after attempt number `attempt` (1 = the first send)
 * failed, or `null` when no attempt is left. Full jitter: `random × min(maxDelayMs,
 * baseDelayMs × 2^(attempt − 1))`, rounded down to a whole millisecond, so it is always
 * within `[0, maxDelayMs]`. `random` comes from the caller (`Math.random()` in production)
 * and must be in `[0, 1)`; a bad `attempt` or `random` throws (a bug).
 *
 * @example nextRetryDelay(3, DEFAULT_RETRY_POLICY, 0.5) // 60_000 (half of 2 min)
 * @example nextRetryDelay(6, DEFAULT_RETRY_POLICY, 0.5) // null
 */
export function nextRetryDelay(
  attempt: number,
  policy: RetryPolicy,
  random: number,
): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be an integer >= 1, got ${attempt}`);
  }
  if (!(random >= 0 && random < 1)) {
    throw new RangeError(`random must be in [0, 1), got ${random}`);
  }
  if (attempt >= policy.maxAttempts) return null;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random * ceiling);
}
