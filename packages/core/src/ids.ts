import type { Channel } from './types.ts';

/** The identity of one notification on one channel; see {@link notificationId}. */
export interface NotificationIdInput {
  /** The repair ticket's document id. */
  ticketId: string;
  /**
   * The identity of the change that triggered the notification: the Firestore trigger's
   * event id, or the ticket document's update time as Firestore reports it (keep the full
   * precision string, e.g. `2026-03-02T10:15:30.123456Z`; a `Date` would drop microseconds).
   * For scheduled notifications use a stable name of the occurrence (`pickup_reminder_1`).
   */
  changeId: string;
  /** The channel the notification goes out on. */
  channel: Channel;
}

const encoder = new TextEncoder();

/**
 * 64-bit FNV-1a of the UTF-8 bytes of `text`, as 16 lower-case hex digits. Computed on four
 * 16-bit limbs (the prime is 2^40 + 0x1b3), which is ~20× faster than BigInt.
 *
 * @example
 * fnv1a64Hex(''); // 'cbf29ce484222325'
 */
export function fnv1a64Hex(text: string): string {
  // Offset basis 0xcbf29ce484222325, least significant limb first.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (const byte of encoder.encode(text)) {
    h0 ^= byte;
    // h × 0x1b3 + (h << 40), carried limb by limb, modulo 2^64.
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
}

/** Longest ticket-id prefix kept readable in a notification id. */
export const NOTIFICATION_ID_TICKET_PREFIX_LENGTH = 32;

/**
 * The deterministic document id of a notification in `notification_history`:
 * `<ticket prefix>_<channel>_<16 hex digits>`. The hash covers the exact `ticketId`,
 * `changeId` and `channel`, so a redelivered trigger (same event id) maps to the same id and
 * is sent at most once, while a status that comes back later (in repair → waiting for parts →
 * in repair) has a new change id and therefore a new notification.
 *
 * The id is Firestore-safe: only `[A-Za-z0-9_-]`, never `.`/`..`, never `__…__`, at most
 * 32 + 1 + 8 + 1 + 16 characters. Throws on an empty `ticketId` or `changeId`, which is a bug
 * in the caller (a notification without an identity cannot be deduplicated).
 *
 * @example
 * notificationId({ ticketId: 'T123', changeId: 'evt-9', channel: 'sms' });
 * // 'T123_sms_…' (same string every time for these inputs)
 */
export function notificationId(input: NotificationIdInput): string {
  const { ticketId, changeId, channel } = input;
  if (ticketId === '') throw new TypeError('notificationId: ticketId is empty');
  if (changeId === '') throw new TypeError('notificationId: changeId is empty');
  const prefix = ticketId
    .replace(/[^A-Za-z0-9-]/g, '-')
    .slice(0, NOTIFICATION_ID_TICKET_PREFIX_LENGTH);
  // JSON of the array is unambiguous: ("a_b", "c") and ("a", "b_c") hash differently.
  const hash = fnv1a64Hex(JSON.stringify([ticketId, changeId, channel]));
  return `${prefix}_${channel}_${hash}`;
}
