/** A seeded pseudo-random generator with the helpers tests and seeders use. */
export type SeededRandom = {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** One element of a non-empty array; throws on an empty one. */
  pick<T>(items: readonly T[]): T;
  /** `true` with probability `p`. */
  chance(p: number): boolean;
  /** One value by weight, `[[value, weight], …]`; throws on an empty list. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T;
};

/**
 * Mulberry32, a 32-bit seeded generator: the same seed gives the same sequence on every
 * machine, so generated corpora, demo shops and randomised tests replay exactly. Good for
 * tests and fixtures, never for secrets or ids. The generator's state lives in the returned
 * object, none in the module.
 *
 * @example seededRandom(42).int(1, 6) // always the same number for seed 42
 */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
      return items[int(0, items.length - 1)] as T;
    },
    chance: (p) => next() < p,
    weighted: <T>(items: ReadonlyArray<readonly [T, number]>): T => {
      const last = items[items.length - 1];
      if (!last) throw new RangeError('weighted() needs a non-empty list');
      let r = next() * items.reduce((sum, [, weight]) => sum + weight, 0);
      for (const [value, weight] of items) {
        r -= weight;
        if (r < 0) return value;
      }
      return last[0];
    },
  };
}
