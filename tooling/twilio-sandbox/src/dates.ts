/** RFC 2822 in GMT as Twilio writes it in the 2010-04-01 API: `Thu, 24 Aug 2023 05:01:45 +0000`. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

/** ISO 8601 without milliseconds, as the Content API writes it: `2015-07-30T19:00:00Z`. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// `2019-06-11 22:05:25.000` (one of the description's examples): no zone, and Twilio's dates
// are GMT, while Date.parse would read it in the local zone.
const ZONELESS_ISO = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;
const DAY_MS = 86_400_000;

/** An inclusive time range in epoch milliseconds. */
export interface TimeRange {
  from: number;
  to: number;
}

/**
 * Reads a `DateSent` filter value. A bare `YYYY-MM-DD` means that whole GMT day; anything else
 * Date can parse (ISO 8601 from the SDK, RFC 2822, `06/11/2019 22:05:25 MST`) is an instant,
 * in GMT when it names no zone. Returns null when unreadable.
 */
export function parseDateFilter(value: string): TimeRange | null {
  const trimmed = value.trim();
  if (DAY_ONLY.test(trimmed)) {
    const from = Date.parse(`${trimmed}T00:00:00Z`);
    return Number.isNaN(from) ? null : { from, to: from + DAY_MS - 1 };
  }
  const zoneless = ZONELESS_ISO.exec(trimmed);
  const at = Date.parse(zoneless ? `${zoneless[1]}T${zoneless[2]}Z` : trimmed);
  return Number.isNaN(at) ? null : { from: at, to: at };
}

/** The GMT day containing `at`, as a range. */
export function dayOf(at: number): TimeRange {
  const from = Math.floor(at / DAY_MS) * DAY_MS;
  return { from, to: from + DAY_MS - 1 };
}
