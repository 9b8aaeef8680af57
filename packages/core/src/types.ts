/**
 * The shared vocabulary of omega-notify. Every package speaks these names; Firestore
 * documents store these string values as they are.
 */

/** An expected outcome as a value: success with a value, or a typed, coded error. */
export type Result<T, E extends { code: string } = { code: string; message: string }> =
  | { ok: true; value: T }
  | { ok: false; error: E };

/** Builds a successful {@link Result}. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** Builds a failed {@link Result}. */
export function err<E extends { code: string }>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** Every channel a customer can be reached on. */
export type Channel = 'email' | 'sms' | 'whatsapp' | 'push';

/** The channels that go through Twilio and need a phone number. */
export type MessagingChannel = 'sms' | 'whatsapp';

/** All channels, in the cascade's default preference order. */
export const CHANNELS: readonly Channel[] = ['email', 'whatsapp', 'sms', 'push'];

/** Where each channel sits on screens: email, the two phone channels, then push. */
const DISPLAY_RANK: Readonly<Record<Channel, number>> = { email: 0, sms: 1, whatsapp: 2, push: 3 };

/**
 * {@link CHANNELS} in the order people read them on screens (dashboard filters and
 * settings, the customer's link page, consent forms): email, SMS, WhatsApp, push. The
 * cascade's own order stays {@link CHANNELS}.
 */
export const CHANNEL_DISPLAY_ORDER: readonly Channel[] = [...CHANNELS].sort(
  (a, b) => DISPLAY_RANK[a] - DISPLAY_RANK[b],
);

/** How urgent a notification is; decides quiet hours, budget holds and caps. */
export type Priority = 'low' | 'normal' | 'high' | 'critical';

/** A repair ticket's status, as stored in `tickets.status`. */
export type TicketStatus =
  | 'received'
  | 'diagnosing'
  | 'waiting_for_parts'
  | 'in_repair'
  | 'quote_pending'
  | 'completed'
  | 'picked_up'
  | 'cancelled';

/** Every ticket status, in workflow order. */
export const TICKET_STATUSES: readonly TicketStatus[] = [
  'received',
  'diagnosing',
  'waiting_for_parts',
  'in_repair',
  'quote_pending',
  'completed',
  'picked_up',
  'cancelled',
];

/**
 * What a notification is about. The same ids name the templates in `@omega/templates`.
 * - `walk_in_welcome`: a ticket created for a client without a profile (with registration link).
 * - `ticket_received`: a ticket created for a registered customer.
 * - `status_*`: a ticket status change.
 * - `reply_*`: automatic answers to inbound keywords (`reply_satisfaction`: the thanks for a
 *   satisfaction score, with the shop's review link when it set one; `reply_action`: the
 *   confirmation of a customer action — a quick-reply button or its keyword — or why it was refused).
 * - `satisfaction_survey`: the one question after pickup (1–5), on a consent basis only.
 * - `quote_reminder_1`, `quote_reminder_2`: the chasers of a quote still undecided (24 h and 72 h
 *   after it was sent by default, `quoteChasers` in the settings).
 */
export type NotificationKind =
  | 'walk_in_welcome'
  | 'ticket_received'
  | 'status_diagnosing'
  | 'status_waiting_for_parts'
  | 'status_in_repair'
  | 'status_quote_pending'
  | 'status_completed'
  | 'status_picked_up'
  | 'status_cancelled'
  | 'appointment_changed'
  | 'pickup_reminder_1'
  | 'pickup_reminder_2'
  | 'pickup_reminder_final'
  | 'quote_reminder_1'
  | 'quote_reminder_2'
  | 'payment_reminder'
  | 'staff_urgent'
  | 'reply_help'
  | 'reply_status'
  | 'reply_hours'
  | 'reply_address'
  | 'reply_opt_out'
  | 'reply_opt_in'
  | 'reply_escalation_ack'
  | 'reply_satisfaction'
  | 'reply_action'
  | 'satisfaction_survey';

/** Every notification kind. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'walk_in_welcome',
  'ticket_received',
  'status_diagnosing',
  'status_waiting_for_parts',
  'status_in_repair',
  'status_quote_pending',
  'status_completed',
  'status_picked_up',
  'status_cancelled',
  'appointment_changed',
  'pickup_reminder_1',
  'pickup_reminder_2',
  'pickup_reminder_final',
  'quote_reminder_1',
  'quote_reminder_2',
  'payment_reminder',
  'staff_urgent',
  'reply_help',
  'reply_status',
  'reply_hours',
  'reply_address',
  'reply_opt_out',
  'reply_opt_in',
  'reply_escalation_ack',
  'reply_satisfaction',
  'reply_action',
  'satisfaction_survey',
];

/** Price zones for SMS/WhatsApp destinations (see `priceZoneForCountry`). */
export type PriceZone = 'fr_metro' | 'fr_overseas' | 'eu' | 'world';

/** Every price zone, nearest first: the order of price tables and zone pickers. */
export const PRICE_ZONES: readonly PriceZone[] = ['fr_metro', 'fr_overseas', 'eu', 'world'];

/** How a notification went out (or not) on one channel, as planned by the cascade. */
export type PlanOutcome =
  | { action: 'send' }
  | { action: 'defer'; until: Date; reason: DeferReason }
  | { action: 'hold'; reason: 'budget_exhausted'; expiresAt: Date }
  | { action: 'skip'; reason: SkipReason };

/**
 * Why a send waits for later: the send window (`quiet_hours`), or a time the planner chose
 * (`not_before`: the satisfaction survey waits for the next morning), or the customer's own plan
 * (`pickup_planned`: a pickup reminder waits for the day after the pickup they announced).
 */
export type DeferReason = 'quiet_hours' | 'not_before' | 'pickup_planned';

/** Why a channel was not used, in words the dashboard can show. */
export type SkipReason =
  | 'no_consent'
  | 'no_basis'
  | 'channel_disabled'
  | 'no_email'
  | 'no_phone'
  | 'invalid_phone'
  | 'not_sms_capable'
  | 'no_push_token'
  | 'suppressed'
  | 'not_in_rollout'
  | 'frequency_cap'
  | 'superseded'
  | 'not_in_policy'
  | 'covered_by_other_channel'
  | 'phone_marked_invalid'
  | 'invalid_data'
  | 'whatsapp_sender_unavailable'
  | 'quote_decided';

/** Twilio's message statuses (Messages API `MessageStatus`). */
export type TwilioMessageStatus =
  | 'accepted'
  | 'scheduled'
  | 'queued'
  | 'sending'
  | 'sent'
  | 'failed'
  | 'undelivered'
  | 'partially_delivered'
  | 'delivered'
  | 'read'
  | 'canceled'
  | 'receiving'
  | 'received';

/** Our own status of a `notification_history` document, before Twilio takes over. */
export type NotificationStatus =
  | 'planned'
  | 'deferred'
  | 'held'
  | 'skipped'
  | 'sending'
  | 'error'
  | TwilioMessageStatus;
