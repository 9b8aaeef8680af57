import {
  CHANNELS,
  type Channel,
  MESSAGING_CHANNELS,
  TICKET_STATUSES,
  type TicketStatus,
} from '@omega/core';
import { z } from 'zod';
import { zTimestamp } from './timestamps.ts';

const channelEnum = z.enum(CHANNELS);

/** A number's status learnt from Twilio errors; applies to `e164` only. */
export const phoneStatusSchema = z.object({
  e164: z.string(),
  status: z.enum(['invalid', 'landline', 'unknown_handset']),
  code: z.number().nullable().optional(),
  channel: z.enum(MESSAGING_CHANNELS).optional(),
  at: zTimestamp.optional(),
});
export type PhoneStatus = z.output<typeof phoneStatusSchema>;

/** The latest consent record per channel, denormalised on the profile or client (see data model). */
export const storedConsentSchema = z.object({
  channel: channelEnum,
  granted: z.boolean(),
  at: zTimestamp,
  source: z.enum(['counter', 'web', 'keyword', 'twilio-error', 'staff', 'registration']),
  actor: z.string(),
  wordingVersion: z.string(),
  scope: z.enum(['channel', 'all']).optional(),
});

/** A real `YYYY-MM-DD` calendar day (not 2026-02-30). */
function isDayKey(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const at = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === value;
}

const consentMapSchema = z.partialRecord(channelEnum, storedConsentSchema).optional();

export const ticketSchema = z.object({
  clientId: z.string().min(1),
  customerId: z.string().min(1).nullable().optional(),
  device: z.string().default(''),
  status: z.enum(TICKET_STATUSES as [TicketStatus, ...TicketStatus[]]),
  trackingCode: z.string().default(''),
  appointmentAt: zTimestamp.nullable().optional(),
  completedAt: zTimestamp.nullable().optional(),
  amountDueEur: z.number().nullable().optional(),
  locale: z.enum(['fr', 'en']).optional(),
  /** Bumped when staff revoke the ticket's short link: the next messages carry a new one. */
  shortLinkGeneration: z.number().int().min(0).optional(),
  /** The customer's decision on the current quote (customer actions): stops its chasers. */
  quoteDecision: z.enum(['accepted', 'declined']).nullable().optional(),
  /** The day the customer said they will come (shop calendar): pauses the pickup reminders. */
  pickupPlannedFor: z.string().refine(isDayKey, 'a YYYY-MM-DD day').nullable().optional(),
});
export type TicketDoc = z.output<typeof ticketSchema>;

export const clientSchema = z.object({
  name: z.string().default(''),
  firstName: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  customerId: z.string().nullable().optional(),
  phoneStatus: phoneStatusSchema.nullable().optional(),
  whatsappLastInboundAt: zTimestamp.nullable().optional(),
  consent: consentMapSchema,
  locale: z.enum(['fr', 'en']).optional(),
});
export type ClientDoc = z.output<typeof clientSchema>;

export const profileSchema = z.object({
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  phoneNumber: z.string().nullable().optional(),
  notificationPreferences: z
    .object({
      emailEnabled: z.boolean().optional(),
      smsEnabled: z.boolean().optional(),
      whatsappEnabled: z.boolean().optional(),
      pushEnabled: z.boolean().optional(),
    })
    .partial()
    .nullable()
    .optional(),
  clientId: z.string().nullable().optional(),
  pushTokens: z.array(z.string()).optional(),
  phoneStatus: phoneStatusSchema.nullable().optional(),
  whatsappLastInboundAt: zTimestamp.nullable().optional(),
  consent: consentMapSchema,
  locale: z.enum(['fr', 'en']).optional(),
});
export type ProfileDoc = z.output<typeof profileSchema>;

export const suppressionSchema = z.object({
  e164: z.string(),
  scope: z.enum(['all', 'sms', 'whatsapp']).default('all'),
  reason: z.string().nullish(),
  /** The channels Twilio's own opt-out list holds (core's `SuppressionEntry.providerHeld`). */
  providerHeld: z.array(z.enum(MESSAGING_CHANNELS)).optional(),
});
export type SuppressionDoc = z.output<typeof suppressionSchema>;

/** Whether a suppression document blocks `channel`. */
export function suppressionBlocks(doc: SuppressionDoc | null, channel: Channel): boolean {
  if (!doc) return false;
  return doc.scope === 'all' || doc.scope === channel;
}

/** Parses a document; a malformed one is a value, not an exception. */
export function parseDoc<S extends z.ZodType>(
  schema: S,
  data: unknown,
):
  | { ok: true; value: z.output<S> }
  | { ok: false; error: { code: 'invalid_document'; message: string } } {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    error: {
      code: 'invalid_document',
      message: result.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; '),
    },
  };
}
