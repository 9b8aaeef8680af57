import type { Channel, NotificationKind, Priority } from '@omega/core';
import type { DocumentSnapshot } from 'firebase-admin/firestore';
import { logs } from '../../logs.ts';
import { createNotification } from '../../store/history.ts';
import type { PipelineDeps } from '../deps.ts';

/** What planning the pin needs of its message (the send task's job; plan does not import send). */
export interface LocationParent {
  notificationId: string;
  channel: Channel;
  kind: NotificationKind;
  priority: Priority;
  to: string | null;
  customerId: string | null;
  clientId: string | null;
  ticketId: string | null;
  ticketStatus: string | null;
  changeId: string;
  /** Set on a pin itself: a pin is never followed by another. */
  locationOf: string | null;
}

/** The messages that carry the shop's location on WhatsApp (issue 16 item 4). */
export const LOCATION_KINDS: readonly NotificationKind[] = ['reply_address', 'status_completed'];

/** The deterministic id of the location pin that follows message `notificationId`. */
export function locationNotificationId(notificationId: string): string {
  return `${notificationId}-location`;
}

/**
 * Whether a sent message is followed by the shop's location pin (pure): a WhatsApp ADRESSE
 * answer or completed notification that went out as free text — inside the 24 h window, where a
 * `twilio/location` needs no approval. Outside it the approved template's maps button carries
 * the location instead, and the pin itself is never followed by another.
 */
export function followsWithLocation(
  job: Pick<LocationParent, 'channel' | 'kind' | 'locationOf'>,
  whatsappMode: string | null,
): boolean {
  return (
    job.channel === 'whatsapp' &&
    LOCATION_KINDS.includes(job.kind) &&
    job.locationOf === null &&
    whatsappMode === 'free_text'
  );
}

/**
 * Plans the shop's location pin after its message was accepted: its own history document
 * `<id>-location` (created once: a redelivered task finds it and enqueues it again), a copy of
 * the message's recipient, basis, ticket and origin with `locationOf`, then its send task — so
 * it passes the send gate (consent, suppression, window, budget, cap) and the single history
 * writer like every outbound message.
 */
export async function planShopLocation(
  deps: PipelineDeps,
  job: LocationParent,
  snap: DocumentSnapshot,
): Promise<string> {
  const id = locationNotificationId(job.notificationId);
  const data = snap.data() ?? {};
  const keep = (name: string) => (data[name] === undefined ? {} : { [name]: data[name] });
  const created = await createNotification(deps.db, id, {
    status: 'planned',
    at: deps.clock(),
    source: 'pipeline',
    detail: `location_of:${job.notificationId}`,
    fields: {
      ...keep('origin'),
      ...keep('replyTo'),
      ...keep('audience'),
      ...keep('basis'),
      ...keep('rule'),
      ...keep('phoneSource'),
      ...keep('priceZone'),
      customerId: job.customerId,
      clientId: job.clientId,
      ticketId: job.ticketId,
      type: job.channel,
      channel: job.channel,
      kind: job.kind,
      priority: job.priority,
      changeId: `${job.changeId}~location`,
      ticketStatus: job.ticketStatus,
      to: job.to,
      locationOf: job.notificationId,
      planSkips: {},
      skipReason: null,
      reasonText: null,
      notBefore: null,
      holdExpiresAt: null,
    },
  });
  await deps.queue.enqueue({ notificationId: id }, { id });
  if (created) {
    logs.notificationPlanned({
      notificationId: id,
      ticketId: job.ticketId ?? '',
      kind: job.kind,
      channel: job.channel,
      action: 'send',
      reason: `location pin after ${job.notificationId}`,
    });
  }
  return id;
}
