import { classifyTwilioError, DEFAULT_RETRY_POLICY } from '@omega/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ASYNC_RETRY_MAX_ATTEMPTS,
  ASYNC_RETRY_MIN_DELAY_MS,
  asyncRetryId,
  asyncRetryOf,
} from './async-retry.ts';

const now = new Date('2026-03-02T09:00:00.000Z');
const classify = (code: number) => classifyTwilioError({ code, channel: 'sms' });
const retry = (code: number, attempt: number, random = 0.5) =>
  asyncRetryOf({ attempt, classified: classify(code), policy: DEFAULT_RETRY_POLICY, random, now });
const minutesLater = (r: ReturnType<typeof asyncRetryOf>) =>
  r ? (r.at.getTime() - now.getTime()) / 60_000 : null;

describe('asyncRetryOf', () => {
  it.each([
    // code, attempt of the failed send, resend attempt, minutes later
    [30003, 1, 2, 15], // core: 3 attempts, not before 15 min
    [30003, 2, 3, 15],
    [30003, 3, null, null], // capped
    [30008, 1, 2, 5], // core: 2 attempts; our 5 min floor
    [30008, 2, null, null],
    [30001, 1, 2, 5], // no cap from core: ours (3 sends)
    [30001, 2, 3, 5],
    [30001, 3, null, null],
    [30450, 1, 2, 30], // SMS pumping protection: not before 30 min
    [99999, 1, 2, 5], // unknown code: core retries once
    [99999, 2, null, null],
  ])('%i after send %i → resend %s, %s min later', (code, attempt, next, minutes) => {
    const r = retry(code, attempt);
    expect(r?.attempt ?? null).toBe(next);
    expect(minutesLater(r)).toBe(minutes);
  });

  it.each([30005, 30006, 30007, 63016, 63024, 21610, 30004])(
    '%i is not a transient failure: no resend',
    (code) => {
      expect(retry(code, 1)).toBeNull();
    },
  );

  it('a long policy backoff wins over the floor', () => {
    const policy = { baseDelayMs: 3_600_000, maxDelayMs: 7_200_000, maxAttempts: 6 };
    const r = asyncRetryOf({ attempt: 1, classified: classify(30001), policy, random: 0.5, now });
    expect(minutesLater(r)).toBe(30);
  });

  it('never more sends than core, the policy or our cap allow; never sooner than the floor', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(30001, 30003, 30008, 30036, 30450, 63017, 12345),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 10 }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (code, attempt, maxAttempts, random) => {
          const classified = classify(code);
          const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts };
          const r = asyncRetryOf({ attempt, classified, policy, random, now });
          const cap = Math.min(
            classified.maxAttempts ?? ASYNC_RETRY_MAX_ATTEMPTS,
            maxAttempts,
            ASYNC_RETRY_MAX_ATTEMPTS,
          );
          if (attempt >= cap) return r === null;
          if (r === null || r.attempt !== attempt + 1) return false;
          const delay = r.at.getTime() - now.getTime();
          return (
            delay >= (classified.minDelayMs ?? ASYNC_RETRY_MIN_DELAY_MS) &&
            delay <=
              Math.max(classified.minDelayMs ?? 0, ASYNC_RETRY_MIN_DELAY_MS, policy.maxDelayMs)
          );
        },
      ),
    );
  });

  it('resend ids are deterministic per root and attempt', () => {
    expect(asyncRetryId('t1_sms_0123456789abcdef', 2)).toBe('t1_sms_0123456789abcdef-retry2');
    expect(asyncRetryId('t1_sms_0123456789abcdef', 3)).not.toBe(
      asyncRetryId('t1_sms_0123456789abcdef', 2),
    );
  });
});
