import { SHOP_TIME_ZONE, zonedDayKey } from '@omega/core';
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

/** `YYYY-MM-DD` and `YYYY-MM` of `date` in the shop's calendar (core's zoned days). */
export function parisDayAndMonth(date: Date): { day: string; month: string } {
  const day = zonedDayKey(date, SHOP_TIME_ZONE);
  return { day, month: day.slice(0, 7) };
}
