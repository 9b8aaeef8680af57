import { describe, expect, it } from 'vitest';
import { parseCallbackUrl } from './connection-overrides.ts';

describe('parseCallbackUrl', () => {
  it('keeps the query, drops the fragment and applies Twilio defaults', () => {
    const { url, overrides } = parseCallbackUrl('https://x.test/s?m=1');
    expect(url).toBe('https://x.test/s?m=1');
    expect(overrides).toEqual({
      connectTimeoutMs: 5_000,
      readTimeoutMs: 15_000,
      totalTimeMs: 15_000,
      retryCount: 1,
      retryPolicy: new Set(['ct']),
    });
  });

  it.each([
    ['#rc=3&rp=ct,rt,5xx&ct=3000', { retryCount: 3, policy: ['ct', 'rt', '5xx'], ct: 3000 }],
    ['#rc=9', { retryCount: 5, policy: ['ct'], ct: 5000 }],
    ['#rc=-1&ct=10', { retryCount: 0, policy: ['ct'], ct: 100 }],
    ['#rp=all', { retryCount: 1, policy: ['4xx', '5xx', 'ct', 'rt'], ct: 5000 }],
    ['#rp=bogus', { retryCount: 1, policy: [], ct: 5000 }],
    ['#rc=two', { retryCount: 1, policy: ['ct'], ct: 5000 }],
  ])('reads %s', (fragment, expected) => {
    const { url, overrides } = parseCallbackUrl(`https://x.test/s?m=1${fragment}`);
    expect(url).toBe('https://x.test/s?m=1');
    expect(overrides.retryCount).toBe(expected.retryCount);
    expect([...overrides.retryPolicy].sort()).toEqual([...expected.policy].sort());
    expect(overrides.connectTimeoutMs).toBe(expected.ct);
  });
});
