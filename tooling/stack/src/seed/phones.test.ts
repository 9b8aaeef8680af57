import { parsePhone, seededRandom } from '@omega/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SeedPhoneKind, seedPhone } from './phones.ts';

const MAGIC = /^\+336000000\d\d$/;

/** What core makes of a seeded number, in the words of the seed's kinds. */
function classify(phone: string | null): SeedPhoneKind {
  if (phone === null) return 'none';
  const parsed = parsePhone(phone, { defaultCountry: 'FR' });
  if (!parsed.ok) return 'invalid';
  if (!parsed.value.smsCapable) return 'landline';
  if (parsed.value.zone === 'fr_overseas') return 'overseas';
  if (parsed.value.country !== 'FR') return 'foreign';
  return 'mobile';
}

describe('seedPhone', () => {
  it.each<SeedPhoneKind>(['mobile', 'overseas', 'foreign', 'landline', 'invalid', 'none'])(
    'a %s number is what core reads it as, for any seed',
    (kind) => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
          const phone = seedPhone(seededRandom(seed), kind);
          expect(classify(phone)).toBe(kind);
          if (phone && kind === 'mobile') {
            const parsed = parsePhone(phone, { defaultCountry: 'FR' });
            expect(parsed.ok && MAGIC.test(parsed.value.e164)).toBe(false);
          }
        }),
        { numRuns: 150 },
      );
    },
  );
});

describe('prng', () => {
  it('is deterministic per seed and spreads over [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(seededRandom(43).next()).not.toBe(seededRandom(42).next());
  });
});
