import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addZonedDays,
  calendarDaysBetween,
  SHOP_TIME_ZONE,
  startOfZonedDay,
  zonedDayKey,
  zonedMonthKey,
} from './zoned-time.ts';

const PARIS = 'Europe/Paris';
const at = (iso: string) => new Date(iso);

// Paris changes its clocks at 01:00 UTC: 02:00 CET → 03:00 CEST on 2026-03-29 and
// 2027-03-28, 03:00 CEST → 02:00 CET on 2026-10-25 and 2027-10-31.

describe('SHOP_TIME_ZONE', () => {
  it('is the shop’s zone, Paris', () => {
    expect(SHOP_TIME_ZONE).toBe(PARIS);
  });
});

describe('zonedDayKey', () => {
  it.each([
    // 2026-03-29, spring forward
    ['2026-03-28T22:59:59.999Z', '2026-03-28'], // 23:59:59.999 CET
    ['2026-03-28T23:00:00.000Z', '2026-03-29'], // 00:00 CET
    ['2026-03-29T00:59:59.999Z', '2026-03-29'], // 01:59:59.999 CET, just before the switch
    ['2026-03-29T01:00:00.000Z', '2026-03-29'], // 03:00 CEST, just after it
    ['2026-03-29T21:59:59.999Z', '2026-03-29'], // 23:59:59.999 CEST
    ['2026-03-29T22:00:00.000Z', '2026-03-30'], // 00:00 CEST
    // 2026-10-25, fall back
    ['2026-10-24T21:59:59.999Z', '2026-10-24'],
    ['2026-10-24T22:00:00.000Z', '2026-10-25'], // 00:00 CEST
    ['2026-10-25T00:30:00.000Z', '2026-10-25'], // 02:30 CEST, first time
    ['2026-10-25T01:30:00.000Z', '2026-10-25'], // 02:30 CET, second time
    ['2026-10-25T22:59:59.999Z', '2026-10-25'], // 23:59:59.999 CET
    ['2026-10-25T23:00:00.000Z', '2026-10-26'],
    // 2027-03-28, spring forward
    ['2027-03-27T22:59:59.999Z', '2027-03-27'],
    ['2027-03-27T23:00:00.000Z', '2027-03-28'],
    ['2027-03-28T00:59:59.999Z', '2027-03-28'], // 01:59:59.999 CET
    ['2027-03-28T01:00:00.000Z', '2027-03-28'], // 03:00 CEST
    ['2027-03-28T21:59:59.999Z', '2027-03-28'],
    ['2027-03-28T22:00:00.000Z', '2027-03-29'],
    // 2027-10-31, fall back, also the last day of the month
    ['2027-10-30T21:59:59.999Z', '2027-10-30'],
    ['2027-10-30T22:00:00.000Z', '2027-10-31'],
    ['2027-10-31T00:59:59.999Z', '2027-10-31'],
    ['2027-10-31T01:00:00.000Z', '2027-10-31'],
    ['2027-10-31T22:59:59.999Z', '2027-10-31'],
    ['2027-10-31T23:00:00.000Z', '2027-11-01'],
  ])('%s is %s in Paris', (instant, day) => {
    expect(zonedDayKey(at(instant), PARIS)).toBe(day);
  });

  it('reads other zones on their own calendar', () => {
    expect(zonedDayKey(at('2026-03-28T20:30:00Z'), 'Indian/Reunion')).toBe('2026-03-29');
    expect(zonedDayKey(at('2026-03-29T02:30:00Z'), 'America/Guadeloupe')).toBe('2026-03-28');
  });
});

describe('zonedMonthKey', () => {
  it.each([
    ['2027-10-31T22:59:59.999Z', '2027-10'],
    ['2027-10-31T23:00:00.000Z', '2027-11'],
    ['2026-12-31T22:59:59.999Z', '2026-12'],
    ['2026-12-31T23:00:00.000Z', '2027-01'],
  ])('%s is in %s in Paris', (instant, month) => {
    expect(zonedMonthKey(at(instant), PARIS)).toBe(month);
  });
});

describe('startOfZonedDay', () => {
  it.each([
    ['2026-03-28', '2026-03-27T23:00:00.000Z'],
    ['2026-03-29', '2026-03-28T23:00:00.000Z'],
    ['2026-03-30', '2026-03-29T22:00:00.000Z'],
    ['2026-10-24', '2026-10-23T22:00:00.000Z'],
    ['2026-10-25', '2026-10-24T22:00:00.000Z'],
    ['2026-10-26', '2026-10-25T23:00:00.000Z'],
    ['2027-03-28', '2027-03-27T23:00:00.000Z'],
    ['2027-03-29', '2027-03-28T22:00:00.000Z'],
    ['2027-10-31', '2027-10-30T22:00:00.000Z'],
    ['2027-11-01', '2027-10-31T23:00:00.000Z'],
  ])('Paris midnight of %s is %s', (day, instant) => {
    expect(startOfZonedDay(day, PARIS).toISOString()).toBe(instant);
  });

  it.each([
    ['2026-03-29', 23],
    ['2026-10-25', 25],
    ['2027-03-28', 23],
    ['2027-10-31', 25],
    ['2026-06-15', 24],
  ])('%s lasts %i hours in Paris', (day, hours) => {
    const length =
      startOfZonedDay(addCalendarDays(day, 1), PARIS).getTime() -
      startOfZonedDay(day, PARIS).getTime();
    expect(length).toBe(hours * 3_600_000);
  });

  it.each([
    ['2026-03-28T22:59:59.999Z', '2026-03-27T23:00:00.000Z'],
    ['2026-03-28T23:00:00.000Z', '2026-03-28T23:00:00.000Z'],
    ['2026-03-29T00:59:59.999Z', '2026-03-28T23:00:00.000Z'],
    ['2026-03-29T01:00:00.000Z', '2026-03-28T23:00:00.000Z'],
    ['2026-03-29T21:59:59.999Z', '2026-03-28T23:00:00.000Z'],
    ['2026-03-29T22:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    ['2026-10-25T00:30:00.000Z', '2026-10-24T22:00:00.000Z'],
    ['2026-10-25T01:30:00.000Z', '2026-10-24T22:00:00.000Z'],
    ['2026-10-25T22:59:59.999Z', '2026-10-24T22:00:00.000Z'],
    ['2027-03-28T01:00:00.000Z', '2027-03-27T23:00:00.000Z'],
    ['2027-10-31T01:00:00.000Z', '2027-10-30T22:00:00.000Z'],
    ['2027-10-31T23:00:00.000Z', '2027-10-31T23:00:00.000Z'],
  ])('the Paris day of %s starts at %s', (instant, start) => {
    expect(startOfZonedDay(at(instant), PARIS).toISOString()).toBe(start);
  });

  it('starts a day without a midnight when the clocks jump past it (Santiago, 2026-09-06)', () => {
    // Chile springs forward from 00:00 to 01:00: the day starts at 01:00 -03.
    expect(startOfZonedDay('2026-09-06', 'America/Santiago').toISOString()).toBe(
      '2026-09-06T04:00:00.000Z',
    );
  });

  it.each(['2026-02-30', '2026-3-1', '', '2026-03-29T00:00'])('rejects the day %j', (day) => {
    expect(() => startOfZonedDay(day, PARIS)).toThrow(RangeError);
  });

  it('puts every instant of 2026–2027 inside its own Paris day', () => {
    const lo = Date.UTC(2026, 0, 1);
    const hi = Date.UTC(2028, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: lo, max: hi }), (ms) => {
        const instant = new Date(ms);
        const day = zonedDayKey(instant, PARIS);
        const start = startOfZonedDay(instant, PARIS);
        const next = startOfZonedDay(addCalendarDays(day, 1), PARIS);
        expect(start.getTime()).toBeLessThanOrEqual(ms);
        expect(ms).toBeLessThan(next.getTime());
        expect(zonedDayKey(start, PARIS)).toBe(day);
        expect(zonedDayKey(new Date(start.getTime() - 1), PARIS)).toBe(addCalendarDays(day, -1));
      }),
      { seed: 20260329, numRuns: 500 },
    );
  });
});

describe('addZonedDays', () => {
  it.each([
    ['2026-03-28T09:00:00.000Z', 1, '2026-03-29T08:00:00.000Z'], // 10:00 CET → 10:00 CEST
    ['2026-03-29T08:00:00.000Z', -1, '2026-03-28T09:00:00.000Z'],
    ['2026-03-28T01:30:00.000Z', 1, '2026-03-29T01:00:00.000Z'], // 02:30 does not exist → 03:00
    ['2026-10-24T00:30:00.000Z', 1, '2026-10-25T00:30:00.000Z'], // 02:30 twice → the earlier
    ['2026-10-24T09:00:15.250Z', 1, '2026-10-25T10:00:15.250Z'], // 11:00:15.250 CEST → CET
    ['2026-10-25T10:00:00.000Z', -1, '2026-10-24T09:00:00.000Z'],
    ['2027-03-27T23:00:00.000Z', 1, '2027-03-28T22:00:00.000Z'], // midnight → midnight
    ['2027-10-31T23:00:00.000Z', -1, '2027-10-30T22:00:00.000Z'],
    ['2027-10-30T22:30:00.000Z', 2, '2027-11-01T23:30:00.000Z'],
    ['2026-06-15T10:00:00.000Z', 0, '2026-06-15T10:00:00.000Z'],
    ['2026-01-10T10:00:00.000Z', 365, '2027-01-10T10:00:00.000Z'],
  ])('%s %+i days in Paris is %s', (instant, days, expected) => {
    expect(addZonedDays(at(instant), days, PARIS).toISOString()).toBe(expected);
  });

  it('rejects a fractional number of days', () => {
    expect(() => addZonedDays(at('2026-03-28T09:00:00Z'), 0.5, PARIS)).toThrow(RangeError);
  });
});

describe('calendar days', () => {
  it.each([
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-03-29', 1, '2026-03-30'],
    ['2026-10-25', -1, '2026-10-24'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-30', -29, '2026-03-01'],
  ])('%s %+i is %s', (day, days, expected) => {
    expect(addCalendarDays(day, days)).toBe(expected);
    expect(calendarDaysBetween(day, expected)).toBe(days);
  });

  it('counts days, not 24-hour steps, across the change days', () => {
    expect(calendarDaysBetween('2026-03-01', '2026-03-31')).toBe(30);
    expect(calendarDaysBetween('2026-10-01', '2026-10-31')).toBe(30);
    expect(calendarDaysBetween('2027-10-31', '2027-10-31')).toBe(0);
  });

  it('rejects malformed days', () => {
    expect(() => addCalendarDays('2026-13-01', 1)).toThrow(RangeError);
    expect(() => calendarDaysBetween('2026-01-01', 'tomorrow')).toThrow(RangeError);
  });
});
