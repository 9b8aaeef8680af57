import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLLOUT, isInRollout, type RolloutSettings, rolloutBucket } from './rollout.ts';
import { CHANNELS, type Channel } from './types.ts';

function rolloutOf(channel: Channel, percent: number, allowlist: string[] = []): RolloutSettings {
  return { ...DEFAULT_ROLLOUT, [channel]: { percent, allowlist } };
}

const channelArb = fc.constantFrom(...CHANNELS);

describe('rolloutBucket', () => {
  // Pinned: changing the hash would move existing customers in or out of a partial rollout.
  it.each([
    ['cust_42', 'sms', 38],
    ['cust_42', 'whatsapp', 63],
    ['client_7', 'sms', 53],
    ['', 'email', 31],
    ['é', 'push', 77],
    ['a', 'sms', 83],
  ] as const)('%j on %s → %i', (key, channel, bucket) => {
    expect(rolloutBucket(key, channel)).toBe(bucket);
  });

  it('is an integer from 0 to 99, the same on every call', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), channelArb, (key, channel) => {
        const bucket = rolloutBucket(key, channel);
        expect(Number.isInteger(bucket)).toBe(true);
        expect(bucket).toBeGreaterThanOrEqual(0);
        expect(bucket).toBeLessThanOrEqual(99);
        expect(rolloutBucket(key, channel)).toBe(bucket);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('spreads 10,000 ids evenly and differently per channel', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `cust_${i}`);
    const perBucket = new Array<number>(100).fill(0);
    for (const key of keys)
      perBucket[rolloutBucket(key, 'sms')] = (perBucket[rolloutBucket(key, 'sms')] ?? 0) + 1;
    expect(Math.min(...perBucket)).toBeGreaterThan(60);
    expect(Math.max(...perBucket)).toBeLessThan(140);
    const sameBucket = keys.filter((k) => rolloutBucket(k, 'sms') === rolloutBucket(k, 'whatsapp'));
    expect(sameBucket.length).toBeLessThan(300);
  });
});

describe('isInRollout', () => {
  it('lets everyone in at 100 % and nobody at 0 %', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `id${i}`);
    expect(keys.every((k) => isInRollout(k, 'sms', DEFAULT_ROLLOUT))).toBe(true);
    expect(keys.some((k) => isInRollout(k, 'sms', rolloutOf('sms', 0)))).toBe(false);
  });

  it('lets in about the given share', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `cust_${i}`);
    for (const percent of [10, 50]) {
      const inside = keys.filter((k) => isInRollout(k, 'whatsapp', rolloutOf('whatsapp', percent)));
      expect(inside.length).toBeGreaterThan(percent * 100 - 300);
      expect(inside.length).toBeLessThan(percent * 100 + 300);
    }
  });

  it('admits a key exactly when the percentage passes its bucket', () => {
    // cust_42 is in bucket 38 for sms.
    expect(isInRollout('cust_42', 'sms', rolloutOf('sms', 38))).toBe(false);
    expect(isInRollout('cust_42', 'sms', rolloutOf('sms', 39))).toBe(true);
    expect(isInRollout('cust_42', 'sms', rolloutOf('sms', 38.5))).toBe(true);
  });

  it('reads only the channel asked for', () => {
    const settings = { ...rolloutOf('sms', 0), whatsapp: { percent: 100, allowlist: [] } };
    expect(isInRollout('cust_42', 'sms', settings)).toBe(false);
    expect(isInRollout('cust_42', 'whatsapp', settings)).toBe(true);
  });

  it('always admits allowlisted keys, only on their channel', () => {
    const settings = {
      ...rolloutOf('sms', 0, ['beta_1']),
      whatsapp: { percent: 0, allowlist: [] },
    };
    expect(isInRollout('beta_1', 'sms', settings)).toBe(true);
    expect(isInRollout('beta_2', 'sms', settings)).toBe(false);
    expect(isInRollout('beta_1', 'whatsapp', settings)).toBe(false);
  });

  it('keeps everyone already in when the percentage rises (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        channelArb,
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
        (key, channel, a, b, allowlist) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const before = isInRollout(key, channel, rolloutOf(channel, low, allowlist));
          const after = isInRollout(key, channel, rolloutOf(channel, high, allowlist));
          if (before) expect(after).toBe(true);
          expect(isInRollout(key, channel, rolloutOf(channel, low, [...allowlist, key]))).toBe(
            true,
          );
        },
      ),
      { seed: 1050100, numRuns: 2000 },
    );
  });

  it('grows 10 → 50 → 100 % as nested sets', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `client_${i}`);
    const at = (p: number) =>
      new Set(keys.filter((k) => isInRollout(k, 'sms', rolloutOf('sms', p))));
    const [ten, fifty, hundred] = [at(10), at(50), at(100)];
    for (const k of ten) expect(fifty.has(k)).toBe(true);
    for (const k of fifty) expect(hundred.has(k)).toBe(true);
    expect(ten.size).toBeLessThan(fifty.size);
    expect(hundred.size).toBe(2000);
  });
});

describe('DEFAULT_ROLLOUT', () => {
  it('is 100 % with no allowlist on every channel', () => {
    for (const channel of CHANNELS) {
      expect(DEFAULT_ROLLOUT[channel]).toEqual({ percent: 100, allowlist: [] });
    }
  });
});
