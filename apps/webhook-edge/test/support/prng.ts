/** mulberry32: a tiny deterministic PRNG, so random tests replay exactly. */
export function prng(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const string = (alphabet: readonly string[], min: number, max: number): string =>
    Array.from({ length: int(min, max) }, () => pick(alphabet)).join('');
  return { next, int, pick, string, chance: (p: number) => next() < p };
}

/** The generator type returned by {@link prng}. */
export type Prng = ReturnType<typeof prng>;
