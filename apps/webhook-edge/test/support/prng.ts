import { type SeededRandom, seededRandom } from '@omega/core';

/** Core's seeded generator plus random strings, so random tests replay exactly. */
export function prng(seed: number): SeededRandom & {
  string(alphabet: readonly string[], min: number, max: number): string;
} {
  const random = seededRandom(seed);
  const string = (alphabet: readonly string[], min: number, max: number): string =>
    Array.from({ length: random.int(min, max) }, () => random.pick(alphabet)).join('');
  return { ...random, string };
}

/** The generator type returned by {@link prng}. */
export type Prng = ReturnType<typeof prng>;
