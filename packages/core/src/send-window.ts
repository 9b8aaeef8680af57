import type { Priority } from './types.ts';
import {
  DAY_MS,
  epochDay,
  instantsAtWallTime,
  isoDate,
  type LocalTime,
  zoneClock,
} from './zone-clock.ts';
import { SHOP_TIME_ZONE } from './zoned-time.ts';

/**
 * When low and normal priority messages may go out, in the recipient's local time:
 * from `startHour:startMinute` (inclusive) to `endHour:endMinute` (exclusive), on days
 * that are neither a closed weekday nor, when `closedOnPublicHolidays`, a French public
 * holiday.
 */
export type SendWindowSettings = {
  /** 0–23. */
  startHour: number;
  /** 0–59, default 0. */
  startMinute?: number;
  /** 0–24 (24 = until midnight); the window ends before this time. */
  endHour: number;
  /** 0–59, default 0. */
  endMinute?: number;
  /** Days with no sends, 0 = Sunday … 6 = Saturday. */
  closedWeekdays: number[];
  /** Skip French public holidays ({@link frenchPublicHolidays}). */
  closedOnPublicHolidays: boolean;
};

/**
 * The strictest common French rule for business SMS: Monday to Saturday 08:00–20:00,
 * no Sundays, no public holidays.
 */
export const DEFAULT_SEND_WINDOW: SendWindowSettings = {
  startHour: 8,
  startMinute: 0,
  endHour: 20,
  endMinute: 0,
  closedWeekdays: [0],
  closedOnPublicHolidays: true,
};

/** IANA zones of countries whose numbers we may see; one zone per country (the main one). */
const TIME_ZONES: Readonly<Record<string, string>> = {
  FR: 'Europe/Paris',
  MC: 'Europe/Monaco',
  RE: 'Indian/Reunion',
  YT: 'Indian/Mayotte',
  GP: 'America/Guadeloupe',
  MQ: 'America/Martinique',
  GF: 'America/Cayenne',
  BL: 'America/St_Barthelemy',
  MF: 'America/Marigot',
  PM: 'America/Miquelon',
  NC: 'Pacific/Noumea',
  PF: 'Pacific/Tahiti',
  WF: 'Pacific/Wallis',
  AD: 'Europe/Andorra',
  AT: 'Europe/Vienna',
  BE: 'Europe/Brussels',
  BG: 'Europe/Sofia',
  CH: 'Europe/Zurich',
  CY: 'Asia/Nicosia',
  CZ: 'Europe/Prague',
  DE: 'Europe/Berlin',
  DK: 'Europe/Copenhagen',
  EE: 'Europe/Tallinn',
  ES: 'Europe/Madrid',
  FI: 'Europe/Helsinki',
  GB: 'Europe/London',
  GR: 'Europe/Athens',
  HR: 'Europe/Zagreb',
  HU: 'Europe/Budapest',
  IE: 'Europe/Dublin',
  IT: 'Europe/Rome',
  LT: 'Europe/Vilnius',
  LU: 'Europe/Luxembourg',
  LV: 'Europe/Riga',
  MT: 'Europe/Malta',
  NL: 'Europe/Amsterdam',
  NO: 'Europe/Oslo',
  PL: 'Europe/Warsaw',
  PT: 'Europe/Lisbon',
  RO: 'Europe/Bucharest',
  SE: 'Europe/Stockholm',
  SI: 'Europe/Ljubljana',
  SK: 'Europe/Bratislava',
  TR: 'Europe/Istanbul',
  UA: 'Europe/Kyiv',
  MA: 'Africa/Casablanca',
  DZ: 'Africa/Algiers',
  TN: 'Africa/Tunis',
  SN: 'Africa/Dakar',
  CI: 'Africa/Abidjan',
  CM: 'Africa/Douala',
  MG: 'Indian/Antananarivo',
  MU: 'Indian/Mauritius',
  KM: 'Indian/Comoro',
  HT: 'America/Port-au-Prince',
  CA: 'America/Toronto',
  US: 'America/New_York',
  BR: 'America/Sao_Paulo',
  CN: 'Asia/Shanghai',
  IN: 'Asia/Kolkata',
  JP: 'Asia/Tokyo',
  AU: 'Australia/Sydney',
};

/**
 * The recipient's time zone from the phone number's country (ISO 3166 alpha-2, any case).
 * French overseas departments and collectivities map to their own zones; countries with
 * several zones get their most populous one; unknown countries get `Europe/Paris`, the
 * shop's zone.
 *
 * @example timeZoneForCountry('RE') // 'Indian/Reunion'
 */
export function timeZoneForCountry(country: string): string {
  return TIME_ZONES[country.trim().toUpperCase()] ?? SHOP_TIME_ZONE;
}

/** Easter Sunday (Gregorian, anonymous algorithm of Meeus/Jones/Butcher) as an epoch day. */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return epochDay(year, month, day);
}

/** The national holidays of a year as distinct epoch days, in calendar order. */
function holidayDays(year: number): number[] {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`year must be an integer from 1583 to 9999, got ${year}`);
  }
  const easter = easterSunday(year);
  const fixed = (month: number, day: number) => epochDay(year, month, day);
  const days = [
    fixed(1, 1),
    easter + 1, // Easter Monday
    fixed(5, 1),
    fixed(5, 8),
    easter + 39, // Ascension
    easter + 50, // Whit Monday
    fixed(7, 14),
    fixed(8, 15),
    fixed(11, 1),
    fixed(11, 11),
    fixed(12, 25),
  ];
  // Ascension can fall on 1 or 8 May: list each date once.
  return [...new Set(days)].sort((x, y) => x - y);
}

/**
 * The French national public holidays of a year, as `YYYY-MM-DD` in calendar order (11
 * dates, 10 when Ascension falls on 1 or 8 May):
 * New Year, Easter Monday, 1 May, 8 May, Ascension, Whit Monday, 14 July, 15 August,
 * 1 November, 11 November, Christmas. Regional extras (Good Friday and 26 December in
 * Alsace-Moselle, abolition-of-slavery days overseas) are not included.
 *
 * @example frenchPublicHolidays(2026)[1] // '2026-04-06' (Easter Monday)
 */
export function frenchPublicHolidays(year: number): string[] {
  return holidayDays(year).map(isoDate);
}

/**
 * Why a send window cannot be used, in words staff can read, or `null` when it can: the start
 * must come before the end within the day, and at least one weekday must stay open (else no
 * low or normal message could ever be planned).
 *
 * @example sendWindowProblem({ ...DEFAULT_SEND_WINDOW, startHour: 21 }) // 'l’heure de début (21:00) doit précéder l’heure de fin (20:00)'
 */
export function sendWindowProblem(settings: SendWindowSettings): string | null {
  const start = settings.startHour * 60 + (settings.startMinute ?? 0);
  const end = settings.endHour * 60 + (settings.endMinute ?? 0);
  const hhmm = (minutes: number) =>
    `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  if (!(start >= 0 && start < end && end <= 1440)) {
    return `l’heure de début (${hhmm(start)}) doit précéder l’heure de fin (${hhmm(end)})`;
  }
  const closed = new Set(settings.closedWeekdays);
  if ([0, 1, 2, 3, 4, 5, 6].every((d) => closed.has(d))) {
    return 'au moins un jour de la semaine doit rester ouvert aux envois';
  }
  return null;
}

/** The window as milliseconds of the local day, after checking the settings make sense. */
function windowBounds(settings: SendWindowSettings): { start: number; end: number } {
  const start = settings.startHour * 60 + (settings.startMinute ?? 0);
  const end = settings.endHour * 60 + (settings.endMinute ?? 0);
  if (!(start >= 0 && start < end && end <= 1440)) {
    const hhmm = (minutes: number) =>
      `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    throw new RangeError(
      `send window must satisfy 00:00 <= start < end <= 24:00, got ${hhmm(start)}–${hhmm(end)}`,
    );
  }
  return { start: start * 60_000, end: end * 60_000 };
}

/** Whether sends are allowed at all on a local date. */
function isOpenDay(day: number, settings: SendWindowSettings): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  if (settings.closedWeekdays.includes(weekday)) return false;
  if (!settings.closedOnPublicHolidays) return true;
  const year = new Date(day * DAY_MS).getUTCFullYear();
  return !holidayDays(year).includes(day);
}

function isOpenAt(local: LocalTime, settings: SendWindowSettings): boolean {
  const { start, end } = windowBounds(settings);
  return local.msOfDay >= start && local.msOfDay < end && isOpenDay(local.day, settings);
}

/**
 * Whether a low or normal priority message may go out at `now` for a recipient in
 * `timeZone` (IANA name): inside the daily window, on an open day, all in local time.
 */
export function isWithinSendWindow(
  now: Date,
  timeZone: string,
  settings: SendWindowSettings,
): boolean {
  return isOpenAt(zoneClock(timeZone)(now.getTime()), settings);
}

/** Days searched ahead before concluding that the window never opens. */
const SEARCH_DAYS = 400;

/**
 * When a message of `priority` may go out for a recipient in `timeZone`: `now` itself
 * (the same `Date`) for `critical` and `high` priority or when `now` is inside the window,
 * else the next window opening in local time, skipping closed weekdays and public holidays,
 * correct across daylight-saving changes. Throws when the settings leave no open day.
 *
 * @example
 * // Saturday 20:30 in Paris → Monday 08:00 (Sunday closed)
 * nextAllowedTime(new Date('2026-06-13T18:30:00Z'), 'low', 'Europe/Paris', DEFAULT_SEND_WINDOW)
 * // → 2026-06-15T06:00:00.000Z
 */
export function nextAllowedTime(
  now: Date,
  priority: Priority,
  timeZone: string,
  settings: SendWindowSettings,
): Date {
  if (priority === 'critical' || priority === 'high') return now;
  const clock = zoneClock(timeZone);
  const nowMs = now.getTime();
  const local = clock(nowMs);
  if (isOpenAt(local, settings)) return now;

  const { start, end } = windowBounds(settings);
  for (let day = local.day; day <= local.day + SEARCH_DAYS; day += 1) {
    if (!isOpenDay(day, settings)) continue;
    for (const instant of instantsAtWallTime(clock, day * DAY_MS + start)) {
      // Later than now, and not pushed past the window's end by a spring-forward gap.
      if (instant > nowMs && clock(instant).msOfDay < end) return new Date(instant);
    }
  }
  throw new RangeError(`send window never opens within ${SEARCH_DAYS} days`);
}
