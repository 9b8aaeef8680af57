import { describe, expect, it } from 'vitest';
import { cloudTasksBackoffMs } from './task-queue.ts';

describe('cloudTasksBackoffMs', () => {
  it("reproduces Cloud Tasks' documented example (min 10 s, max 300 s, 3 doublings)", () => {
    const config = {
      maxAttempts: 20,
      minBackoffSeconds: 10,
      maxBackoffSeconds: 300,
      maxDoublings: 3,
    };
    const delays = Array.from({ length: 8 }, (_, i) => cloudTasksBackoffMs(i, config) / 1000);
    expect(delays).toEqual([10, 20, 40, 80, 160, 240, 300, 300]);
  });

  it('never exceeds the maximum and never decreases', () => {
    const config = {
      maxAttempts: 50,
      minBackoffSeconds: 1,
      maxBackoffSeconds: 600,
      maxDoublings: 5,
    };
    let previous = 0;
    for (let i = 0; i < 50; i += 1) {
      const d = cloudTasksBackoffMs(i, config);
      expect(d).toBeGreaterThanOrEqual(previous);
      expect(d).toBeLessThanOrEqual(600_000);
      previous = d;
    }
  });
});
