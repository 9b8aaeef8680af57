import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.ts';

describe('createRateLimiter', () => {
  it('lets `limit` requests through per window and per key, then says when to come back', () => {
    const rl = createRateLimiter({ limit: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => rl.take('a', t0).ok)).toEqual([true, true, true]);
    expect(rl.take('a', t0 + 15_000)).toEqual({ ok: false, retryAfterSeconds: 45 });
    expect(rl.take('b', t0 + 15_000).ok).toBe(true);
    expect(rl.take('a', t0 + 60_000).ok).toBe(true);
  });

  it('never lets more than `limit` through in one window, whatever the request times', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 59_999 }), { maxLength: 60 }),
        (limit, offsets) => {
          const rl = createRateLimiter({ limit, windowMs: 60_000 });
          const sorted = [...offsets].sort((x, y) => x - y);
          const passed = sorted.filter((o) => rl.take('k', o).ok).length;
          expect(passed).toBe(Math.min(limit, sorted.length));
        },
      ),
    );
  });

  it('keeps its table bounded', () => {
    const rl = createRateLimiter({ limit: 1, windowMs: 60_000 }, { maxKeys: 100 });
    for (let i = 0; i < 1_000; i++) expect(rl.take(`k${i}`, i).ok).toBe(true);
    // The oldest keys were dropped to make room: k0 starts a fresh window.
    expect(rl.take('k0', 1_000).ok).toBe(true);
    expect(rl.take('k999', 1_000).ok).toBe(false);
  });
});
