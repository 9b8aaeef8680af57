import { DAY_MS, epochDay, instantsAtWallTime, isoDate, zoneClock } from './zone-clock.ts';

/**
 * The shop's time zone: its calendar days (daily statistics, history filters, budgets by
 * month) and its scheduled jobs. Recipients' own zones come from `timeZoneForCountry`.
 */
export const SHOP_TIME_ZONE = 'Europe/Paris';

const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch day of a `YYYY-MM-DD` key; throws on anything else (callers validate input first). */
function epochDayOf(day: string): number {
  const match = DAY_KEY.exec(day);
  const result = match ? epochDay(Number(match[1]), Number(match[2]), Number(match[3])) : NaN;
  if (!match || isoDate(result) !== day) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  return result;
}

/**
 * The calendar day of `instant` in `timeZone`, as `YYYY-MM-DD`.
 *
 * @example zonedDayKey(new Date('2026-03-28T23:30:00Z'), 'Europe/Paris') // '2026-03-29'
 */
export function zonedDayKey(instant: Date, timeZone: string): string {
  return isoDate(zoneClock(timeZone)(instant.getTime()).day);
}

/**
 * The calendar month of `instant` in `timeZone`, as `YYYY-MM`.
 *
 * @example zonedMonthKey(new Date('2026-10-31T23:30:00Z'), 'Europe/Paris') // '2026-11'
 */
export function zonedMonthKey(instant: Date, timeZone: string): string {
  return zonedDayKey(instant, timeZone).slice(0, 7);
}

/**
 * The first instant of a calendar day in `timeZone`: of the day `at` falls on (a `Date`),
 * or of the day `at` names (`YYYY-MM-DD`). Exact on daylight-saving days, whatever the
 * offset; where a zone skips midnight, the instant its clocks jump past it.
 *
 * @example startOfZonedDay('2026-03-29', 'Europe/Paris') // 2026-03-28T23:00:00.000Z
 * @example startOfZonedDay(new Date('2026-10-25T12:00:00Z'), 'Europe/Paris') // 2026-10-24T22:00:00.000Z
 */
export function startOfZonedDay(at: Date | string, timeZone: string): Date {
  const clock = zoneClock(timeZone);
  const day = typeof at === 'string' ? epochDayOf(at) : clock(at.getTime()).day;
  return new Date(instantsAtWallTime(clock, day * DAY_MS)[0] as number);
}

/**
 * The instant `days` calendar days after (or before, when negative) `instant` at the same
 * wall-clock time in `timeZone`, so 10:00 stays 10:00 across a daylight-saving change
 * (which 24-hour steps do not). A time that does not exist on the target day (in a
 * spring-forward gap) becomes the instant the clocks jump past it; one that exists twice
 * becomes the earlier. Precision: the millisecond.
 *
 * @example addZonedDays(new Date('2026-03-28T09:00:00Z'), 1, 'Europe/Paris') // 2026-03-29T08:00:00.000Z
 */
export function addZonedDays(instant: Date, days: number, timeZone: string): Date {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  const clock = zoneClock(timeZone);
  const ms = instant.getTime();
  // The clock reads to the minute; offsets are whole minutes, so the rest carries over.
  const belowMinute = ((ms % 60_000) + 60_000) % 60_000;
  const target = clock(ms).wallMs + days * DAY_MS;
  const first = instantsAtWallTime(clock, target)[0] as number;
  return new Date(clock(first).wallMs === target ? first + belowMinute : first);
}

/**
 * The `YYYY-MM-DD` day `days` calendar days after `day` (before, when negative). Day keys
 * name calendar days, so no time zone is involved. Throws on a malformed key.
 *
 * @example addCalendarDays('2026-03-28', 2) // '2026-03-30'
 */
export function addCalendarDays(day: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return isoDate(epochDayOf(day) + days);
}

/**
 * Calendar days from `from` to `to` (`YYYY-MM-DD`): 0 for the same day, negative when `to`
 * comes first. Throws on a malformed key.
 *
 * @example calendarDaysBetween('2026-03-01', '2026-03-31') // 30
 */
export function calendarDaysBetween(from: string, to: string): number {
  return epochDayOf(to) - epochDayOf(from);
}
