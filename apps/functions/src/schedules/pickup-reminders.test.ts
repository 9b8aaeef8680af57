import { describe, expect, it } from 'vitest';
import { dueStep } from './pickup-reminders.ts';

describe('dueStep', () => {
  it.each([
    [0, -1],
    [47.9, -1],
    [48, 0],
    [167, 0],
    [168, 1],
    [336, 2],
    [5000, 2],
  ])('%d h after completion → step %d of the 48 h / 7 d / 14 d ladder', (hours, step) => {
    expect(dueStep(hours, [48, 168, 336])).toBe(step);
  });

  it('never goes past the three reminder kinds, whatever the settings list', () => {
    expect(dueStep(10_000, [1, 2, 3, 4, 5])).toBe(2);
  });
});
