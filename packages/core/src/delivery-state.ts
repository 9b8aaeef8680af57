import type { TwilioMessageStatus } from './types.ts';

/**
 * One total order over Twilio's message statuses; a message's status only ever moves up.
 * Outbound: accepted < scheduled < queued < sending < sent < canceled < failed <
 * undelivered < partially_delivered < delivered < read. Every outcome outranks every
 * in-flight status, so a late `queued` or `sent` never overwrites a result; among
 * outcomes the better news wins (a `delivered` after an `undelivered` from a multi-segment
 * report, `read` after `delivered`). Inbound statuses (receiving < received) sit below and
 * never mix with outbound ones.
 */
export const STATUS_RANK: Readonly<Record<TwilioMessageStatus, number>> = {
  receiving: 0,
  received: 1,
  accepted: 2,
  scheduled: 3,
  queued: 4,
  sending: 5,
  sent: 6,
  canceled: 7,
  failed: 8,
  undelivered: 9,
  partially_delivered: 10,
  delivered: 11,
  read: 12,
};

const FINAL: ReadonlySet<TwilioMessageStatus> = new Set<TwilioMessageStatus>([
  'received',
  'canceled',
  'failed',
  'undelivered',
  'partially_delivered',
  'delivered',
  'read',
]);

/**
 * Whether a status is an outcome (no further callback is needed to know what happened):
 * received, canceled, failed, undelivered, partially_delivered, delivered, read. A higher
 * outcome can still follow (delivered after undelivered, read after delivered).
 */
export function isFinalStatus(status: TwilioMessageStatus): boolean {
  return FINAL.has(status);
}

/**
 * The summary of every status received for a message: the one of highest
 * {@link STATUS_RANK}, or `null` when there is none. The result does not depend on the
 * order callbacks arrived in, nor on duplicates.
 *
 * @example summarizeStatuses(['sent', 'undelivered', 'queued', 'delivered']) // 'delivered'
 */
export function summarizeStatuses(
  statuses: Iterable<TwilioMessageStatus>,
): TwilioMessageStatus | null {
  let best: TwilioMessageStatus | null = null;
  for (const status of statuses) {
    if (best === null || STATUS_RANK[status] > STATUS_RANK[best]) best = status;
  }
  return best;
}

/**
 * Applies one status callback to a message's current status (`null` before the first):
 * the status moves only upwards; a duplicate or late lower status leaves it unchanged.
 *
 * @example applyStatus('delivered', 'sent') // { status: 'delivered', changed: false }
 */
export function applyStatus(
  current: TwilioMessageStatus | null,
  incoming: TwilioMessageStatus,
): { status: TwilioMessageStatus; changed: boolean } {
  if (current === null || STATUS_RANK[incoming] > STATUS_RANK[current]) {
    return { status: incoming, changed: true };
  }
  return { status: current, changed: false };
}
