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

/**
 * Attempts (the first included) a message refused with HTTP 429 gets before it is given up:
 * rate limiting is about us, not the message, so it is retried longer than other errors —
 * but not for ever (then `failed` with an alert: the sender's throughput needs looking at).
 */
export const RATE_LIMIT_MAX_ATTEMPTS = 10;

/** Earliest retry after a 429 that carried no `Retry-After`. */
export const RATE_LIMIT_MIN_DELAY_MS = 1_000;

/** What to do after a failed attempt that core classified `retry`. */
export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: 'retries_exhausted' | 'rate_limit_exhausted' };

/** Input of {@link decideRetry}. */
export interface RetryInput {
  /** The attempt that failed (1 = the first send). */
  attempt: number;
  /** The classification's own hints (`classifyTwilioError`): fewer attempts, a later retry. */
  classified: { maxAttempts?: number | undefined; minDelayMs?: number | undefined };
  policy: RetryPolicy;
  /** In [0, 1): the backoff's jitter. */
  random: number;
  /** Set when the provider answered HTTP 429, with its `Retry-After` in ms when it sent one. */
  rateLimited?: { retryAfterMs: number | null } | undefined;
  /** Earliest retry whatever the hints say (e.g. 5 min after a carrier already tried). */
  floorMs?: number | undefined;
  /** A cap of the caller's own on the attempts (e.g. resends after a delivery failure). */
  maxAttempts?: number | undefined;
}

/**
 * The one retry rule of every send (pure): the first attempt, the queue's later runs and the
 * resends after a delivery failure all ask it.
 * - HTTP 429: up to {@link RATE_LIMIT_MAX_ATTEMPTS} attempts, never sooner than the provider's
 *   `Retry-After` (else {@link RATE_LIMIT_MIN_DELAY_MS}) nor than the policy's backoff.
 * - Otherwise: up to `min(policy.maxAttempts, classified.maxAttempts, maxAttempts)` attempts,
 *   after the policy's jittered backoff, never sooner than `classified.minDelayMs` or `floorMs`.
 *
 * @example decideRetry({ attempt: 1, classified: { maxAttempts: 2 }, policy: DEFAULT_RETRY_POLICY, random: 0 }) // { retry: true, delayMs: 0 }
 * @example decideRetry({ attempt: 2, classified: { maxAttempts: 2 }, policy: DEFAULT_RETRY_POLICY, random: 0 }) // { retry: false, reason: 'retries_exhausted' }
 */
export function decideRetry(input: RetryInput): RetryDecision {
  const { attempt, classified, policy, random, rateLimited } = input;
  if (rateLimited) {
    if (attempt >= RATE_LIMIT_MAX_ATTEMPTS) return { retry: false, reason: 'rate_limit_exhausted' };
    const policyForRate = { ...policy, maxAttempts: RATE_LIMIT_MAX_ATTEMPTS };
    const backoff = nextRetryDelay(attempt, policyForRate, random) ?? 0;
    const floor = Math.max(rateLimited.retryAfterMs ?? RATE_LIMIT_MIN_DELAY_MS, input.floorMs ?? 0);
    return { retry: true, delayMs: Math.max(floor, backoff) };
  }
  const cap = Math.min(
    policy.maxAttempts,
    classified.maxAttempts ?? Number.POSITIVE_INFINITY,
    input.maxAttempts ?? Number.POSITIVE_INFINITY,
  );
  if (attempt >= cap) return { retry: false, reason: 'retries_exhausted' };
  const backoff = nextRetryDelay(attempt, policy, random) ?? 0;
  return {
    retry: true,
    delayMs: Math.max(backoff, classified.minDelayMs ?? 0, input.floorMs ?? 0),
  };
}

/** A task queue's retry configuration (Cloud Tasks' `retryConfig` of `onTaskDispatched`). */
export interface QueueRetryConfig {
  maxAttempts: number;
  minBackoffSeconds: number;
  maxBackoffSeconds: number;
  maxDoublings: number;
}

/**
 * The send queue's retry configuration, derived from the policy (pure). A refusal the provider
 * answered is retried by the send path itself ({@link decideRetry}: the task records the error
 * and queues the next attempt for its time); the queue's own retries only cover a run that
 * threw or died before recording anything (nothing was sent, or the next run reconciles), so
 * they follow the same backoff and stop after as many runs as the rate-limit ceiling allows.
 */
export function queueRetryConfig(policy: RetryPolicy): QueueRetryConfig {
  const minBackoffSeconds = Math.max(1, Math.round(policy.baseDelayMs / 1000));
  const maxBackoffSeconds = Math.max(minBackoffSeconds, Math.round(policy.maxDelayMs / 1000));
  return {
    maxAttempts: RATE_LIMIT_MAX_ATTEMPTS,
    minBackoffSeconds,
    maxBackoffSeconds,
    maxDoublings: Math.max(0, Math.ceil(Math.log2(maxBackoffSeconds / minBackoffSeconds))),
  };
}
