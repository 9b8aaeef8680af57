/** Options of {@link retryDelaySeconds}. */
export interface RetryDelayOptions {
  /** Delay after the first failed attempt. */
  baseSeconds?: number;
  /** Longest delay (Cloudflare Queues accept at most 43200 s). */
  maxSeconds?: number;
}

/** Default first delay: 15 s. */
export const RETRY_BASE_SECONDS = 15;
/** Default longest delay: 1 h. */
export const RETRY_MAX_SECONDS = 3600;

/**
 * Exponential backoff for a message that failed its `attempts`-th delivery (1 = first):
 * base · 2^(attempts − 1), capped. With the defaults and `max_retries: 10` an event is
 * retried for about 3 h before it goes to the dead-letter queue.
 */
export function retryDelaySeconds(attempts: number, options: RetryDelayOptions = {}): number {
  const base = options.baseSeconds ?? RETRY_BASE_SECONDS;
  const max = Math.min(options.maxSeconds ?? RETRY_MAX_SECONDS, 43_200);
  const exponent = Math.max(0, Math.floor(attempts) - 1);
  // 2^exponent overflows to Infinity for huge attempt counts; min() caps it either way.
  return Math.min(max, base * 2 ** Math.min(exponent, 64));
}

/** Longest delay between two replays of a dead letter: 3 h. */
export const DEAD_LETTER_MAX_SECONDS = 10_800;

/**
 * The backoff of the dead-letter consumer, for a dead letter whose `attempts`-th replay failed:
 * `baseSeconds` (default 600) doubling up to 3 h. With `max_retries: 100` (wrangler.jsonc) the
 * last replay comes about 12 days after the event was dead-lettered, inside the 14-day retention
 * the deploy guide sets on the dead-letter queue.
 */
export function deadLetterDelaySeconds(attempts: number, baseSeconds = 600): number {
  return retryDelaySeconds(attempts, { baseSeconds, maxSeconds: DEAD_LETTER_MAX_SECONDS });
}
