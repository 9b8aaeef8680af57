import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Timers } from './timers.ts';

const DAY = 86_400_000;

describe('Timers', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits the whole delay even beyond setTimeout’s 24.8-day ceiling (SendAt up to 35 days)', () => {
    const timers = new Timers();
    const fired = vi.fn();
    timers.after(30 * DAY, fired);
    vi.advanceTimersByTime(29 * DAY);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(DAY);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('cancels everything on clear, and refuses new timers once stopped', () => {
    const timers = new Timers();
    const fired = vi.fn();
    timers.after(10, fired);
    timers.clear(true);
    timers.after(10, fired);
    vi.advanceTimersByTime(100);
    expect(fired).not.toHaveBeenCalled();
    expect(timers.stopped).toBe(true);
  });
});
