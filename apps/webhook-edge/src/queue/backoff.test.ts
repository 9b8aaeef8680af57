import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from './backoff.ts';

describe('retryDelaySeconds', () => {
  it.each([
    [1, 15],
    [2, 30],
    [3, 60],
    [5, 240],
    [8, 1920],
    [9, 3600],
    [10, 3600],
    [1_000, 3600],
    [0, 15],
  ])('attempt %i → %i s', (attempts, expected) => {
    expect(retryDelaySeconds(attempts)).toBe(expected);
  });

  it('never exceeds the Queues maximum of 12 h, whatever the options', () => {
    expect(retryDelaySeconds(30, { baseSeconds: 60, maxSeconds: 100_000 })).toBe(43_200);
  });

  it('is non-decreasing in the attempt number', () => {
    const delays = Array.from({ length: 40 }, (_, i) => retryDelaySeconds(i + 1));
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
  });
});
