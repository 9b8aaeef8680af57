/**
 * The schedules Cloud Scheduler accepts, as the deployed functions declare them: the
 * App Engine form (`every 30 minutes`, `every 2 hours`) and five-field cron
 * (`minute hour day-of-month month day-of-week`, with `*`, lists, ranges and steps)
 * evaluated in a time zone (`Europe/Paris`).
 */
export type Schedule =
  | { kind: 'every'; ms: number }
  | { kind: 'cron'; fields: CronFields; timeZone: string };

interface CronFields {
  minute: Set<number>;
  hour: Set<number>;
  day: Set<number>;
  month: Set<number>;
  weekday: Set<number>;
  /** Cron's rule: when both day fields are restricted, either may match. */
  dayOr: boolean;
}

const RANGES: Array<[number, number]> = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

function parseField(text: string, [min, max]: [number, number], name: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(part);
    if (!match?.[1]) throw new Error(`cron: bad ${name} "${text}"`);
    const step = match[2] ? Number(match[2]) : 1;
    let from = min;
    let to = max;
    if (match[1] !== '*') {
      const [a, b] = match[1].split('-').map(Number);
      from = a ?? min;
      to = b ?? (match[2] ? max : from);
    }
    if (from < min || to > max || from > to || step < 1)
      throw new Error(`cron: ${name} "${text}" out of range ${min}-${max}`);
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

/** Parses a schedule; throws on anything else (a typo must not silently never run). */
export function parseSchedule(schedule: string, timeZone = 'UTC'): Schedule {
  const every = /^every\s+(\d+)\s+(minute|minutes|mins|hour|hours)$/i.exec(schedule.trim());
  if (every?.[1] && every[2]) {
    const n = Number(every[1]);
    const unit = every[2].toLowerCase().startsWith('h') ? 3_600_000 : 60_000;
    if (n < 1) throw new Error(`schedule: "${schedule}" must be at least every 1 minute`);
    return { kind: 'every', ms: n * unit };
  }
  const parts = schedule.trim().split(/\s+/);
  if (parts.length !== 5)
    throw new Error(`schedule: "${schedule}" is neither cron nor "every N minutes"`);
  const names = ['minute', 'hour', 'day of month', 'month', 'day of week'];
  const sets = parts.map((p, i) => parseField(p, RANGES[i] ?? [0, 0], names[i] ?? ''));
  const weekday = sets[4] ?? new Set<number>();
  if (weekday.has(7)) weekday.add(0);
  return {
    kind: 'cron',
    timeZone,
    fields: {
      minute: sets[0] ?? new Set(),
      hour: sets[1] ?? new Set(),
      day: sets[2] ?? new Set(),
      month: sets[3] ?? new Set(),
      weekday,
      dayOr: parts[2] !== '*' && parts[4] !== '*',
    },
  };
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function zoned(date: Date, timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(date)) parts[p.type] = p.value;
  return {
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? -1,
  };
}

/**
 * The first time strictly after `after` when the schedule fires. `every` schedules fire every
 * interval counted from `after`; cron schedules at the matching minutes of the zone's wall
 * clock (a time skipped by a DST change does not fire, as with Cloud Scheduler).
 */
export function nextRun(schedule: Schedule, after: Date): Date {
  if (schedule.kind === 'every') return new Date(after.getTime() + schedule.ms);
  const { fields, timeZone } = schedule;
  let t = Math.floor(after.getTime() / 60_000) * 60_000 + 60_000;
  const limit = t + 366 * 24 * 3_600_000;
  while (t < limit) {
    const z = zoned(new Date(t), timeZone);
    const dayOk = fields.dayOr
      ? fields.day.has(z.day) || fields.weekday.has(z.weekday)
      : fields.day.has(z.day) && fields.weekday.has(z.weekday);
    if (!fields.month.has(z.month) || !dayOk) {
      // Skip to the next local midnight (at most an hour early around DST, then minute steps).
      t += ((23 - z.hour) * 60 + (60 - z.minute)) * 60_000;
      continue;
    }
    if (!fields.hour.has(z.hour)) {
      t += (60 - z.minute) * 60_000;
      continue;
    }
    if (fields.minute.has(z.minute)) return new Date(t);
    t += 60_000;
  }
  throw new Error('schedule: no run within a year');
}
