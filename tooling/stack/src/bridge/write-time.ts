import type { Timestamp } from 'firebase-admin/firestore';

/**
 * A write's identity as production's Firestore events carry it: the document's update (or
 * create) time at full nanosecond precision, `"<seconds>.<nanos>"`. The same write seen twice
 * gives the same value; the next write to the document gives a new one. It matches
 * `writeTimeId` in `apps/functions` (the deployed triggers derive their change ids from it).
 */
export function writeTimeKey(time: Timestamp): string {
  return `${time.seconds}.${String(time.nanoseconds).padStart(9, '0')}`;
}
