import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.ts';

describe('seededRandom', () => {
  it('replays mulberry32 exactly (the corpora and the demo shop depend on it)', () => {
    const random = seededRandom(42);
    expect([random.next(), random.next(), random.next()]).toEqual([
      0.6011037519201636, 0.44829055899754167, 0.8524657934904099,
    ]);
    expect(random.int(1, 6)).toBe(5);
    expect(random.pick(['x', 'y', 'z'])).toBe('x');
    const other = seededRandom(20260406);
    expect(other.next()).toBe(0.09731787396594882);
    expect(other.weighted([['a', 1] as const, ['b', 3] as const])).toBe('b');
    expect(other.int(0, 100)).toBe(97);
  });

  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, seededRandom(seed).next);
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('stays in range', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -50, max: 50 }),
        fc.nat(50),
        (seed, min, span) => {
          const random = seededRandom(seed);
          for (let i = 0; i < 20; i += 1) {
            const x = random.next();
            expect(x >= 0 && x < 1).toBe(true);
            const n = random.int(min, min + span);
            expect(n >= min && n <= min + span && Number.isInteger(n)).toBe(true);
          }
        },
      ),
      { seed: 1, numRuns: 200 },
    );
  });

  it('reaches both ends of int()', () => {
    const random = seededRandom(1);
    const seen = new Set(Array.from({ length: 500 }, () => random.int(1, 6)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('never picks a zero weight and refuses empty lists', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 200; i += 1) {
      expect(random.weighted([['never', 0] as const, ['always', 1] as const])).toBe('always');
    }
    expect(random.chance(0)).toBe(false);
    expect(random.chance(1)).toBe(true);
    expect(() => random.pick([])).toThrow(RangeError);
    expect(() => random.weighted([])).toThrow(RangeError);
  });
});
