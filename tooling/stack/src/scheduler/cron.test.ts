import { describe, expect, it } from 'vitest';
import { nextRun, parseSchedule } from './cron.ts';

const paris = (s: string) => parseSchedule(s, 'Europe/Paris');

describe('nextRun', () => {
  it.each([
    // The pickup-reminder schedule: 09:00 and 14:00 Paris (UTC+1 in winter, UTC+2 in summer).
    ['0 9,14 * * *', '2026-03-02T07:00:00Z', '2026-03-02T08:00:00.000Z'],
    ['0 9,14 * * *', '2026-03-02T08:00:00Z', '2026-03-02T13:00:00.000Z'],
    ['0 9,14 * * *', '2026-03-02T13:30:00Z', '2026-03-03T08:00:00.000Z'],
    ['0 9,14 * * *', '2026-07-01T06:00:00Z', '2026-07-01T07:00:00.000Z'],
    // Across the spring DST change (29 March 2026, 02:00 → 03:00).
    ['30 2 * * *', '2026-03-28T12:00:00Z', '2026-03-30T00:30:00.000Z'],
    ['*/15 * * * *', '2026-03-02T10:07:12Z', '2026-03-02T10:15:00.000Z'],
    ['0 8-10/2 * * 1-5', '2026-03-06T09:30:00Z', '2026-03-09T07:00:00.000Z'], // Fri → Mon 08:00
    ['0 0 1 * *', '2026-01-15T00:00:00Z', '2026-01-31T23:00:00.000Z'], // 1 Feb 00:00 Paris
    ['0 12 13 * 5', '2026-03-02T00:00:00Z', '2026-03-06T11:00:00.000Z'], // day 13 OR Friday
    ['0 12 * * 7', '2026-03-02T00:00:00Z', '2026-03-08T11:00:00.000Z'], // 7 = Sunday
  ])('%s after %s → %s', (schedule, after, expected) => {
    expect(nextRun(paris(schedule), new Date(after)).toISOString()).toBe(expected);
  });

  it.each([
    ['every 30 minutes', 30 * 60_000],
    ['every 1 minute', 60_000],
    ['every 2 hours', 2 * 3_600_000],
  ])('%s fires every %i ms', (schedule, ms) => {
    const at = new Date('2026-03-02T10:07:12Z');
    expect(nextRun(paris(schedule), at).getTime() - at.getTime()).toBe(ms);
  });

  it.each(['61 * * * *', '* * *', 'every 0 minutes', 'daily', '5-1 * * * *', '*/0 * * * *'])(
    'rejects %s',
    (schedule) => {
      expect(() => paris(schedule)).toThrow();
    },
  );
});
