import { describe, expect, it, vi } from 'vitest';
import { timingSafeEqualStrings } from './timing-safe-equal.ts';

describe('timingSafeEqualStrings (workerd)', () => {
  it.each([
    ['', '', true],
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'ab', false],
    ['é', 'e', false],
    ['RSOYDt4T1cUTdK1PDd93/VVr8B8=', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', true],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(timingSafeEqualStrings(a, b)).toBe(expected);
  });

  it("uses the runtime's crypto.subtle.timingSafeEqual when lengths match", () => {
    const subtle = crypto.subtle as typeof crypto.subtle & {
      timingSafeEqual: (...a: unknown[]) => boolean;
    };
    expect(typeof subtle.timingSafeEqual).toBe('function');
    const spy = vi.spyOn(subtle, 'timingSafeEqual');
    timingSafeEqualStrings('abc', 'abd');
    timingSafeEqualStrings('abc', 'ab');
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });
});
