import type {
  Channel,
  NotificationKind,
  NotificationStatus,
  Priority,
  SkipReason,
  TicketStatus,
} from '@omega/core';
import { FieldValue, type Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';
import { zTimestamp } from './timestamps.ts';

/** Where a timeline entry came from. */
export type TimelineSource = 'pipeline' | 'provider' | 'callback' | 'reconcile';

/** One entry of a history document's status timeline. */
export function timelineEntry(
  status: NotificationStatus,
  at: Timestamp,
  source: TimelineSource,
  detail?: string,
) {
  return detail ? { status, at, source, detail } : { status, at, source };
}

/**
 * The send-outcome fields every new history document starts with: nothing sent, no attempt,
 * no error, no provider metadata yet. Writers add identity, plan and timeline fields.
 */
export function unsentHistoryFields(
  at: Timestamp,
  whatsappMode: 'free_text' | 'template' | null = null,
) {
  return {
    createdAt: at,
    updatedAt: at,
    sentAt: null,
    deliveredAt: null,
    attempts: 0,
    errorCode: null,
    errorMessage: null,
    errors: [],
    metadata: {
      twilioMessageId: null,
      providerMessageId: null,
      cost: null,
      segments: null,
      encoding: null,
      whatsappMode,
      contentSid: null,
      costActual: null,
      priceUnit: null,
    },
    pricePending: false,
  };
}

/** Appends timeline entries (arrayUnion: concurrent writers never drop each other's entries). */
export function appendTimeline(...entries: ReturnType<typeof timelineEntry>[]) {
  return FieldValue.arrayUnion(...entries);
}

/** The fields of `notification_history` the send task reads. */
export const historyReadSchema = z.object({
  ticketId: z.string(),
  clientId: z.string().nullable(),
  customerId: z.string().nullable(),
  channel: z.enum(['email', 'sms', 'whatsapp', 'push']),
  kind: z.string(),
  priority: z.enum(['low', 'normal', 'high', 'critical']),
  ticketStatus: z.string(),
  status: z.string(),
  to: z.string().nullable(),
  priceZone: z.string().nullable().optional(),
  attempts: z.number().default(0),
  notBefore: zTimestamp.nullable().optional(),
  holdExpiresAt: zTimestamp.nullable().optional(),
  createdAt: zTimestamp,
  metadata: z
    .object({
      twilioMessageId: z.string().nullable().optional(),
      providerMessageId: z.string().nullable().optional(),
    })
    .partial()
    .optional(),
  variables: z.record(z.string(), z.string()).nullable().optional(),
  templateOnly: z.boolean().optional(),
});

/** A history document as the send task reads it. */
export interface HistoryRead {
  ticketId: string;
  clientId: string | null;
  customerId: string | null;
  channel: Channel;
  kind: NotificationKind;
  priority: Priority;
  ticketStatus: TicketStatus;
  status: NotificationStatus;
  to: string | null;
  priceZone: string | null;
  attempts: number;
  notBefore: Date | null;
  holdExpiresAt: Date | null;
  createdAt: Date;
  providerId: string | null;
  /** Template variables the ticket does not carry (an urgent message's text), set at planning. */
  variables: Record<string, string>;
  /**
   * WhatsApp only: send as the approved content template even inside the 24 h window (the
   * retry of a free-text message Twilio refused with 63016, set by the ingestion).
   */
  templateOnly: boolean;
}

/** Parses a history document (null when it is not one). */
export function readHistory(data: unknown): HistoryRead | null {
  const parsed = historyReadSchema.safeParse(data);
  if (!parsed.success) return null;
  const d = parsed.data;
  return {
    ticketId: d.ticketId,
    clientId: d.clientId,
    customerId: d.customerId,
    channel: d.channel,
    kind: d.kind as NotificationKind,
    priority: d.priority,
    ticketStatus: d.ticketStatus as TicketStatus,
    status: d.status as NotificationStatus,
    to: d.to,
    priceZone: d.priceZone ?? null,
    attempts: d.attempts,
    notBefore: d.notBefore ?? null,
    holdExpiresAt: d.holdExpiresAt ?? null,
    createdAt: d.createdAt,
    providerId: d.metadata?.twilioMessageId ?? d.metadata?.providerMessageId ?? null,
    variables: d.variables ?? {},
    templateOnly: d.templateOnly === true,
  };
}

/** Statuses in which a notification is still waiting to be sent by the send task. */
export const DISPATCHABLE: ReadonlySet<NotificationStatus> = new Set<NotificationStatus>([
  'planned',
  'deferred',
  'error',
]);

/** Skip reasons that are not worth a history document of their own (the cascade's choice). */
export const UNRECORDED_SKIPS: ReadonlySet<SkipReason> = new Set<SkipReason>(['not_in_policy']);
