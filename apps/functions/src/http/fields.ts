// Stored Firestore fields read into API response values (times as ISO strings).
import { Timestamp } from 'firebase-admin/firestore';

/** A stored time (Timestamp, Date, ISO string) as an ISO string, or `null`. */
export function iso(value: unknown): string | null {
  if (value instanceof Timestamp) return value.toDate().toISOString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
    return new Date(value).toISOString();
  return null;
}

/** A stored time as a `Date`, or `null`. */
export function dateOf(value: unknown): Date | null {
  const s = iso(value);
  return s ? new Date(s) : null;
}

/** A string field, or `null`. */
export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A finite number field, or `null`. */
export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
