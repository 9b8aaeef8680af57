import { Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';

/** A Firestore `Timestamp` (or a `Date`, or an ISO string written by hand) read as a `Date`. */
export const zTimestamp = z
  .union([z.instanceof(Timestamp), z.date(), z.iso.datetime({ offset: true })])
  .transform((v) =>
    v instanceof Timestamp ? v.toDate() : typeof v === 'string' ? new Date(v) : v,
  );

/** `Date` → Firestore `Timestamp`. */
export function ts(date: Date): Timestamp {
  return Timestamp.fromDate(date);
}

// Building a formatter costs far more than using one (time-zone data): built once.
const PARIS_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** `YYYY-MM-DD` and `YYYY-MM` of `date` in Europe/Paris (the shop's calendar). */
export function parisDayAndMonth(date: Date): { day: string; month: string } {
  const parts = PARIS_DATE.formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  const month = `${get('year')}-${get('month')}`;
  return { day: `${month}-${get('day')}`, month };
}
