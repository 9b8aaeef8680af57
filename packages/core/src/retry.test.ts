import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  decideRetry,
  nextRetryDelay,
  queueRetryConfig,
  RATE_LIMIT_MAX_ATTEMPTS,
  type RetryPolicy,
} from './retry.ts';
import { classifyTwilioError } from './twilio-errors.ts';

const POLICY: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 10_000, maxAttempts: 6 };

describe('nextRetryDelay', () => {
  it.each([
    // attempt, random, delay
    [1, 0, 0],
    [1, 0.5, 500],
    [1, 0.999, 999],
    [2, 0.5, 1000],
    [3, 0.5, 2000],
    [4, 0.5, 4000],
    [4, 0.99, 7920],
    [5, 0.5, 5000], // 16 s ceiling capped at 10 s
    [5, 0.9999, 9999],
    [6, 0.5, null], // sixth attempt was the last
    [7, 0.5, null],
    [100, 0.5, null],
  ])('attempt %i, random %f → %s ms', (attempt, random, expected) => {
    expect(nextRetryDelay(attempt, POLICY, random)).toBe(expected);
  });

  it('caps even huge attempt numbers', () => {
    const policy = { ...POLICY, maxAttempts: 10_000 };
    expect(nextRetryDelay(2000, policy, 0.5)).toBe(5000);
  });

  it('gives no retry when a single attempt is allowed', () => {
    expect(nextRetryDelay(1, { ...POLICY, maxAttempts: 1 }, 0.5)).toBeNull();
    expect(nextRetryDelay(1, { ...POLICY, maxAttempts: 2 }, 0.5)).toBe(500);
  });

  it.each([0, -1, 1.5, Number.NaN])('throws on attempt %f', (attempt) => {
    expect(() => nextRetryDelay(attempt, POLICY, 0.5)).toThrow(
      new RangeError(`attempt must be an integer >= 1, got ${attempt}`),
    );
  });

  it.each([-0.1, 1, 1.5, Number.NaN])('throws on random %f', (random) => {
    expect(() => nextRetryDelay(1, POLICY, random)).toThrow(
      new RangeError(`random must be in [0, 1), got ${random}`),
    );
  });

  it('uses the default policy', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      baseDelayMs: 30_000,
      maxDelayMs: 3_600_000,
      maxAttempts: 6,
    });
    expect(nextRetryDelay(3, DEFAULT_RETRY_POLICY, 0.5)).toBe(60_000);
    expect(nextRetryDelay(5, DEFAULT_RETRY_POLICY, 0.5)).toBe(240_000);
    expect(nextRetryDelay(6, DEFAULT_RETRY_POLICY, 0.5)).toBeNull();
  });

  it('stays within [0, cap] and below the doubling ceiling (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 1, max: 3_600_000 }),
        fc.integer({ min: 1, max: 60 }),
        (attempt, random, baseDelayMs, maxDelayMs, maxAttempts) => {
          const delay = nextRetryDelay(attempt, { baseDelayMs, maxDelayMs, maxAttempts }, random);
          if (attempt >= maxAttempts) {
            expect(delay).toBeNull();
            return;
          }
          expect(delay).not.toBeNull();
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(maxDelayMs);
          expect(delay).toBeLessThanOrEqual(baseDelayMs * 2 ** (attempt - 1));
        },
      ),
      { seed: 2026, numRuns: 2000 },
    );
  });

  it('grows with the attempt for the same random draw until the cap (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, random) => {
          const policy = { ...POLICY, maxAttempts: 100 };
          const now = nextRetryDelay(attempt, policy, random) as number;
          const next = nextRetryDelay(attempt + 1, policy, random) as number;
          expect(next).toBeGreaterThanOrEqual(now);
        },
      ),
      { seed: 2027, numRuns: 500 },
    );
  });
});

describe('decideRetry', () => {
  const policy = DEFAULT_RETRY_POLICY;
  const classified = (code: number | null, httpStatus: number | null) =>
    classifyTwilioError({ code, httpStatus, channel: 'sms' });

  it('retries an unknown code once, then gives up (its own cap beats the policy)', () => {
    const unknown = classified(39999, 400);
    expect(decideRetry({ attempt: 1, classified: unknown, policy, random: 0.5 })).toEqual({
      retry: true,
      delayMs: 15_000,
    });
    expect(decideRetry({ attempt: 2, classified: unknown, policy, random: 0.5 })).toEqual({
      retry: false,
      reason: 'retries_exhausted',
    });
  });

  it('waits at least the classification minimum (21611: 10 min, not seconds)', () => {
    const c = classified(21611, 400);
    expect(c.minDelayMs).toBeGreaterThanOrEqual(600_000);
    const d = decideRetry({ attempt: 1, classified: c, policy, random: 0 });
    expect(d).toEqual({ retry: true, delayMs: c.minDelayMs });
  });

  it('follows the policy for a network error: maxAttempts attempts in all', () => {
    const c = classified(null, null);
    const decisions = [1, 2, 3, 4, 5, 6].map(
      (attempt) => decideRetry({ attempt, classified: c, policy, random: 0.5 }).retry,
    );
    expect(decisions).toEqual([true, true, true, true, true, false]);
  });

  it('retries 429 up to its ceiling, never before Retry-After, then says rate_limit_exhausted', () => {
    const c = classified(20429, 429);
    const first = decideRetry({
      attempt: 1,
      classified: c,
      policy,
      random: 0,
      rateLimited: { retryAfterMs: 7_000 },
    });
    expect(first).toEqual({ retry: true, delayMs: 7_000 });
    const noHeader = decideRetry({
      attempt: 1,
      classified: c,
      policy,
      random: 0,
      rateLimited: { retryAfterMs: null },
    });
    expect(noHeader).toEqual({ retry: true, delayMs: 1_000 });
    expect(
      decideRetry({
        attempt: RATE_LIMIT_MAX_ATTEMPTS - 1,
        classified: c,
        policy,
        random: 0.5,
        rateLimited: { retryAfterMs: null },
      }).retry,
    ).toBe(true);
    expect(
      decideRetry({
        attempt: RATE_LIMIT_MAX_ATTEMPTS,
        classified: c,
        policy,
        random: 0.5,
        rateLimited: { retryAfterMs: null },
      }),
    ).toEqual({ retry: false, reason: 'rate_limit_exhausted' });
  });

  it('honours a caller floor and cap (resends after a delivery failure)', () => {
    const c = classified(30003, null);
    const d = decideRetry({
      attempt: 1,
      classified: c,
      policy,
      random: 0,
      floorMs: 300_000,
      maxAttempts: 3,
    });
    expect(d.retry && d.delayMs).toBeGreaterThanOrEqual(300_000);
    expect(
      decideRetry({ attempt: 3, classified: c, policy, random: 0, maxAttempts: 3 }).retry,
    ).toBe(false);
  });

  it('never retries sooner than any floor, never past the attempt cap (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 3_600_000 }), { nil: undefined }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        fc.boolean(),
        (attempt, maxAttempts, minDelayMs, random, limited) => {
          const d = decideRetry({
            attempt,
            classified: { maxAttempts, minDelayMs },
            policy,
            random,
            rateLimited: limited ? { retryAfterMs: minDelayMs ?? null } : undefined,
          });
          const cap = limited
            ? RATE_LIMIT_MAX_ATTEMPTS
            : Math.min(policy.maxAttempts, maxAttempts ?? 99);
          expect(d.retry).toBe(attempt < cap);
          if (d.retry) {
            expect(d.delayMs).toBeGreaterThanOrEqual(
              limited ? (minDelayMs ?? 1000) : (minDelayMs ?? 0),
            );
            expect(d.delayMs).toBeLessThanOrEqual(Math.max(policy.maxDelayMs, minDelayMs ?? 0));
          }
        },
      ),
    );
  });
});

describe('queueRetryConfig', () => {
  it('derives the send queue backoff from the policy', () => {
    expect(queueRetryConfig(DEFAULT_RETRY_POLICY)).toEqual({
      maxAttempts: RATE_LIMIT_MAX_ATTEMPTS,
      minBackoffSeconds: 30,
      maxBackoffSeconds: 3600,
      maxDoublings: 7,
    });
  });
});
