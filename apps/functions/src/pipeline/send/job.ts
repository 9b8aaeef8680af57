import {
  CHANNELS,
  type Channel,
  type NotificationKind,
  type NotificationStatus,
  type Priority,
  type SendOrigin,
  type TicketStatus,
} from '@omega/core';
import type { DocumentSnapshot } from 'firebase-admin/firestore';
import { z } from 'zod';
import { providerIdsSchema, sendOriginOf } from '../../store/history.ts';
import { zTimestamp } from '../../store/timestamps.ts';

/** What a staff member wrote, stored on the history document of a direct send. */
export const directContentSchema = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('sms'), body: z.string() }),
  z.object({
    channel: z.literal('whatsapp'),
    content: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('free_text'), body: z.string() }),
      z.object({
        mode: z.literal('template'),
        contentSid: z.string(),
        variables: z.record(z.string(), z.string()),
      }),
    ]),
  }),
  z.object({ channel: z.literal('email'), subject: z.string(), text: z.string() }),
]);
/** The message of a direct send (conversation reply, test message). */
export type DirectContent = z.output<typeof directContentSchema>;

const jobSchema = z.object({
  origin: z.string().optional(),
  channel: z.enum(CHANNELS),
  kind: z.string(),
  priority: z.enum(['low', 'normal', 'high', 'critical']),
  status: z.string(),
  to: z.string().nullable(),
  priceZone: z.string().nullable().optional(),
  attempts: z.number().default(0),
  ambiguousAttempt: z.number().int().positive().nullable().optional(),
  notBefore: zTimestamp.nullable().optional(),
  sentAt: zTimestamp.nullable().optional(),
  createdAt: zTimestamp,
  customerId: z.string().nullable(),
  clientId: z.string().nullable(),
  ticketId: z.string().nullable().optional(),
  ticketStatus: z.string().nullable().optional(),
  changeId: z.string().optional(),
  templateOnly: z.boolean().optional(),
  variables: z.record(z.string(), z.string()).nullable().optional(),
  replyTo: z.object({ messageSid: z.string().nullable(), at: zTimestamp }).nullable().optional(),
  direct: directContentSchema.nullable().optional(),
  locationOf: z.string().optional(),
  metadata: providerIdsSchema,
});

/**
 * One outbound message as the send task sees it, whatever created it: a ticket notification
 * (first send, reminder, fallback, template retry, asynchronous resend, budget release), an
 * automatic answer to an inbound message, or a staff direct send (conversation reply, test).
 */
export interface SendJob {
  notificationId: string;
  origin: SendOrigin;
  channel: Channel;
  kind: NotificationKind;
  priority: Priority;
  status: NotificationStatus;
  to: string | null;
  priceZone: string | null;
  attempts: number;
  /**
   * An attempt whose provider answer was lost (timeout, reset, 5xx on create): the provider may
   * have the message, so the next dispatch looks for it before sending again.
   */
  ambiguousAttempt: number | null;
  notBefore: Date | null;
  /** When the send path recorded the provider's acceptance (`null`: it has not, even if callbacks moved the status). */
  sentAt: Date | null;
  createdAt: Date;
  customerId: string | null;
  clientId: string | null;
  /** The ticket it is about (`null`: an answer or a direct send about no ticket). */
  ticketId: string | null;
  /** The ticket's status when it was planned (`null`: not about a ticket's status). */
  ticketStatus: TicketStatus | null;
  changeId: string;
  providerId: string | null;
  templateOnly: boolean;
  variables: Record<string, string>;
  /** The inbound message an answer replies to (it opened the WhatsApp window). */
  replyTo: { messageSid: string | null; at: Date } | null;
  /** What staff wrote (direct sends only). */
  direct: DirectContent | null;
  /** The shop's location pin that follows message `locationOf` (`null`: not a pin). */
  locationOf: string | null;
}

/** Whether an origin is a notification about a ticket (the consent cascade applies). */
export function isTicketNotification(origin: SendOrigin): boolean {
  return origin !== 'auto_reply' && origin !== 'staff_reply' && origin !== 'test';
}

/** Parses a history document into a {@link SendJob}; `null` when it is not one. */
export function readJob(snap: DocumentSnapshot): SendJob | null {
  if (!snap.exists) return null;
  const parsed = jobSchema.safeParse(snap.data());
  if (!parsed.success) return null;
  const d = parsed.data;
  const origin = sendOriginOf(d.origin);
  const ticketNotification = isTicketNotification(origin);
  if (ticketNotification && (!d.ticketId || !d.ticketStatus)) return null;
  if ((origin === 'staff_reply' || origin === 'test') && !d.direct) return null;
  return {
    notificationId: snap.id,
    origin,
    channel: d.channel,
    kind: d.kind as NotificationKind,
    priority: d.priority,
    status: d.status as NotificationStatus,
    to: d.to,
    priceZone: d.priceZone ?? null,
    attempts: d.attempts,
    ambiguousAttempt: d.ambiguousAttempt ?? null,
    notBefore: d.notBefore ?? null,
    sentAt: d.sentAt ?? null,
    createdAt: d.createdAt,
    customerId: d.customerId,
    clientId: d.clientId,
    ticketId: d.ticketId ?? null,
    ticketStatus: ticketNotification ? (d.ticketStatus as TicketStatus) : null,
    changeId: d.changeId ?? snap.id,
    providerId: d.metadata?.twilioMessageId ?? d.metadata?.providerMessageId ?? null,
    templateOnly: d.templateOnly === true,
    variables: d.variables ?? {},
    replyTo: d.replyTo ?? null,
    direct: d.direct ?? null,
    locationOf: d.locationOf ?? null,
  };
}
