/**
 * Wall-clock readings of instants in an IANA time zone, with `Intl.DateTimeFormat` only.
 * Internal to core (not re-exported): `send-window.ts` and `zoned-time.ts` build on it.
 */

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function epochDay(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** `YYYY-MM-DD` of an epoch day. */
export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** A wall-clock reading in one time zone. */
export type LocalTime = {
  /** Epoch day of the local date. */
  day: number;
  /** Milliseconds since local midnight, to the minute (windows are set in minutes). */
  msOfDay: number;
  /** The local wall-clock time written as if it were UTC, in ms, to the minute. */
  wallMs: number;
};

/** Reads instants as wall-clock time in one zone. */
export type ZoneClock = (instantMs: number) => LocalTime;

export function zoneClock(timeZone: string): ZoneClock {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    calendar: 'gregory',
    numberingSystem: 'latn',
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  return (instantMs) => {
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(instantMs)) parts[part.type] = Number(part.value);
    const day = epochDay(parts.year as number, parts.month as number, parts.day as number);
    const msOfDay = ((parts.hour as number) * 60 + (parts.minute as number)) * 60_000;
    return { day, msOfDay, wallMs: day * DAY_MS + msOfDay };
  };
}

/**
 * The instants at which a zone's clocks show `wallMs` (to the minute), earliest first: two
 * in a fall-back overlap, else one; in a spring-forward gap, the instant the clocks jump
 * past it. Assumes at most one offset change within a day either side, which holds for
 * every real zone. The offset of the day before comes first: in an overlap it is the
 * larger one, so the earlier instant comes first.
 */
export function instantsAtWallTime(clock: ZoneClock, wallMs: number): number[] {
  const offsets = new Set<number>();
  for (const probe of [wallMs - DAY_MS, wallMs, wallMs + DAY_MS]) {
    offsets.add(clock(probe).wallMs - probe);
  }
  const instants: number[] = [];
  for (const offset of offsets) {
    const instant = wallMs - offset;
    if (clock(instant).wallMs === wallMs) instants.push(instant);
  }
  if (instants.length > 0) return instants;
  // In a spring-forward gap: the first instant whose wall clock reaches `wallMs` is the
  // change itself (02:30 on the March night in Paris → 03:00 local, 01:00 UTC).
  const candidates = [...offsets].map((offset) => wallMs - offset);
  let low = Math.min(...candidates); // wall clock still before `wallMs`
  let high = Math.max(...candidates); // wall clock already past it
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (clock(middle).wallMs >= wallMs) high = middle;
    else low = middle;
  }
  return [high];
}
