import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timingSafeEqualStrings } from './timing-safe-equal.ts';

describe('timingSafeEqualStrings (Node: pure fallback)', () => {
  it('runs without crypto.subtle.timingSafeEqual', () => {
    expect('timingSafeEqual' in crypto.subtle).toBe(false);
  });

  it('equals === on random strings (fixed seed)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(timingSafeEqualStrings(a, b)).toBe(a === b);
        expect(timingSafeEqualStrings(a, a)).toBe(true);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});
