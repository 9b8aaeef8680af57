import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, nextRetryDelay, type RetryPolicy } from './retry.ts';

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
