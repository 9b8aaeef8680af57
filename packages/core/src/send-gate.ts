import {
  audienceOf,
  consentStateOf,
  isProviderOptedOut,
  isSuperseded,
  isSuppressedFor,
  type RecentSendCounts,
  type Recipient,
} from './cascade.ts';
import { isMessagingChannel, type LawfulBasis, lawfulBasis } from './consent.ts';
import { type CustomerPlanFacts, customerPlanCheck } from './customer-plan.ts';
import { budgetStatus, isOverFrequencyCap, shouldHoldForBudget } from './limits.ts';
import { isInRollout } from './rollout.ts';
import { nextAllowedTime } from './send-window.ts';
import { type SenderHealthReading, senderAvailability } from './sender-health.ts';
import type { NotificationSettings } from './settings.ts';
import type { Channel, NotificationKind, Priority, SkipReason, TicketStatus } from './types.ts';
import { type WhatsAppSendMode, whatsappSendMode } from './whatsapp-window.ts';

/**
 * What created an outbound message. Every one of them passes {@link decideSend} right before
 * the provider is called; the origin only decides which lawful basis applies:
 * - notifications (`ticket`, `reminder`, `fallback`, `template_retry`, `async_retry`,
 *   `budget_release`): the consent/service cascade, rollout, the number's Twilio mark;
 * - answers (`auto_reply`, `staff_reply`): the customer's own request on the channel they
 *   wrote on — consent for notifications does not apply, a STOP (suppression) always does;
 * - `test`: a test message staff send to their own number from the settings page: no customer,
 *   so no consent and no channel switch (a channel is tested before it is switched on); the
 *   suppression list still applies (Twilio would refuse it anyway).
 */
export type SendOrigin =
  | 'ticket'
  | 'reminder'
  | 'fallback'
  | 'template_retry'
  | 'async_retry'
  | 'budget_release'
  | 'auto_reply'
  | 'staff_reply'
  | 'test';

/** Every origin, for tables and tests. */
export const SEND_ORIGINS: readonly SendOrigin[] = [
  'ticket',
  'reminder',
  'fallback',
  'template_retry',
  'async_retry',
  'budget_release',
  'auto_reply',
  'staff_reply',
  'test',
];

/**
 * Answers that confirm a consent change (STOP, START): they pass the cap and the budget (the
 * customer must know their choice was recorded); other automatic answers are paid messages
 * like any other.
 */
const CONFIRMATIONS: ReadonlySet<NotificationKind> = new Set(['reply_opt_out', 'reply_opt_in']);

/** Origins whose lawful basis is the customer's own request (they wrote to us). */
const REQUEST_ORIGINS: ReadonlySet<SendOrigin> = new Set(['auto_reply', 'staff_reply']);

/** The message about to leave, as stored when it was planned. */
export interface GateMessage {
  origin: SendOrigin;
  kind: NotificationKind;
  channel: Channel;
  priority: Priority;
  /** The ticket's status when the message was planned; `null` for a message about no ticket. */
  ticketStatus: TicketStatus | null;
  /** The number it goes to (SMS, WhatsApp). */
  e164: string | null;
  /** A WhatsApp message that must go as the approved template (retry after a 63016). */
  templateOnly?: boolean;
}

/** The state read right before sending. */
export interface GateState {
  now: Date;
  settings: NotificationSettings;
  /** The recipient now: consent log, preferences, suppression entries, phone marks. */
  recipient: Recipient;
  /**
   * The ticket's status now; `null` when the ticket is gone. Ignored for a message planned
   * about no ticket (`message.ticketStatus === null`).
   */
  ticketStatus: TicketStatus | null;
  /** Euros spent on messaging this month. */
  budgetSpentEur: number;
  /** SMS + WhatsApp sent to the number recently. */
  recentSendCounts: RecentSendCounts;
  /** The recipient's last inbound WhatsApp message (the 24 h window). */
  lastInboundWhatsAppAt: Date | null;
  /** The recipient's time zone (from the number's region, else the shop's): the send window. */
  timeZone: string;
  /**
   * The WhatsApp sender's last health reading (Senders API: status, quality rating); absent or
   * `null` when never checked, which lets WhatsApp through.
   */
  whatsappSender?: SenderHealthReading | null;
  /**
   * What the customer told us on the ticket (a planned pickup, a quote decision); absent or
   * `null` for a message about no ticket.
   */
  customerPlan?: CustomerPlanFacts | null;
}

/** The basis a message leaves on: the cascade's, the customer's request, or a staff test. */
export type SendBasis = LawfulBasis | 'request' | 'test';

/** The gate's answer. */
export type GateDecision =
  | { action: 'send'; basis: SendBasis; whatsappMode: WhatsAppSendMode | null }
  | { action: 'skip'; reason: SkipReason }
  | { action: 'defer'; until: Date; reason: 'quiet_hours' | 'pickup_planned' }
  | { action: 'hold'; reason: 'budget_exhausted'; expiresAt: Date };

/**
 * The send gate: the one decision every outbound message passes right before the provider is
 * called, whatever created it (pure). In order:
 * 1. superseded: the ticket moved on since planning (messages about a ticket); then the
 *    customer's plan (core's `customerPlanCheck`): a quote chaser after a decision is skipped
 *    (`quote_decided`), a pickup reminder on or before the day the customer said they would come
 *    is deferred (`pickup_planned`) to the day after — to the send window's opening that day;
 * 2. the channel switched off (`channel_disabled`; not for a staff test);
 * 3. the lawful basis: the suppression list and Twilio's opt-out list always (`suppressed`; our
 *    opt-out confirmation is the one answer that passes our list, on the channel the STOP came
 *    from, never Twilio's); consent or the service basis for notifications (`no_consent`,
 *    `no_basis`);
 * 4. for notifications: the number's Twilio mark (`phone_marked_invalid`) and the rollout
 *    (`not_in_rollout`); then, for WhatsApp, the sender's health: offline, flagged (quality LOW)
 *    or not ready (`whatsapp_sender_unavailable`, core's `senderAvailability`; not for a staff
 *    test) — the send task plans the SMS fallback of a ticket notification skipped for it;
 * 5. for SMS/WhatsApp: the frequency cap (`frequency_cap`), then the monthly budget (`hold`),
 *    by priority (`critical` passes both; an automatic answer is paid for as `normal`, and the
 *    STOP/START confirmations pass both);
 * 6. the send window for the channels that observe quiet hours (`defer` until it opens; `high`
 *    and `critical` pass);
 * 7. WhatsApp: free text inside the 24 h window, else the approved template.
 */
export function decideSend(message: GateMessage, state: GateState): GateDecision {
  const { channel, kind, priority, origin } = message;
  const { settings, recipient, now } = state;
  const skip = (reason: SkipReason): GateDecision => ({ action: 'skip', reason });
  const messaging = isMessagingChannel(channel);
  const e164 = messaging ? message.e164 : null;

  if (message.ticketStatus !== null && isSuperseded(kind, message.ticketStatus, state.ticketStatus))
    return skip('superseded');
  const plan = state.customerPlan ? customerPlanCheck(kind, state.customerPlan, now) : null;
  if (plan?.action === 'stop') return skip(plan.reason);
  if (plan?.action === 'wait') {
    const until = settings.cascade.quietHoursChannels.includes(channel)
      ? nextAllowedTime(plan.until, priority, state.timeZone, settings.sendWindow)
      : plan.until;
    return { action: 'defer', until, reason: plan.reason };
  }
  if (origin !== 'test' && !settings.channelsEnabled[channel]) return skip('channel_disabled');

  let basis: SendBasis;
  const suppressed = messaging && isSuppressedFor(recipient, e164, channel);
  if (origin === 'test' || REQUEST_ORIGINS.has(origin)) {
    // Our own confirmation of a STOP passes our list, never Twilio's: when Twilio holds the
    // channel, it has confirmed the STOP itself and would refuse ours (21610).
    const confirmation =
      origin === 'auto_reply' &&
      kind === 'reply_opt_out' &&
      !isProviderOptedOut(recipient, e164, channel);
    if (suppressed && !confirmation) return skip('suppressed');
    basis = origin === 'test' ? 'test' : 'request';
  } else {
    const lawful = lawfulBasis({
      channel,
      kind,
      audience: audienceOf(recipient),
      consent: consentStateOf(recipient),
      suppressed,
    });
    if (!lawful.ok) return skip(lawful.error.code);
    basis = lawful.value;
    if (messaging && recipient.phoneMarks?.some((m) => m.e164 === e164))
      return skip('phone_marked_invalid');
    const rolloutKey = recipient.customerId || recipient.clientId;
    if (!isInRollout(rolloutKey, channel, settings.rollout)) return skip('not_in_rollout');
  }
  if (
    channel === 'whatsapp' &&
    origin !== 'test' &&
    !senderAvailability(state.whatsappSender ?? null).available
  )
    return skip('whatsapp_sender_unavailable');

  if (messaging && origin !== 'test' && !(origin === 'auto_reply' && CONFIRMATIONS.has(kind))) {
    // An automatic answer is `high` so that it is not held to the morning, but it is paid for
    // like a `normal` message: an exhausted budget holds it (AIDE, HORAIRES…).
    const paidAs: Priority = origin === 'auto_reply' && priority === 'high' ? 'normal' : priority;
    if (isOverFrequencyCap(state.recentSendCounts, priority, settings.frequencyCap))
      return skip('frequency_cap');
    if (shouldHoldForBudget(budgetStatus(state.budgetSpentEur, settings.budget), paidAs)) {
      return {
        action: 'hold',
        reason: 'budget_exhausted',
        expiresAt: new Date(now.getTime() + settings.budget.holdExpiryHours * 3_600_000),
      };
    }
  }
  if (origin !== 'test' && settings.cascade.quietHoursChannels.includes(channel)) {
    const until = nextAllowedTime(now, priority, state.timeZone, settings.sendWindow);
    if (until.getTime() > now.getTime()) return { action: 'defer', until, reason: 'quiet_hours' };
  }
  const whatsappMode =
    channel !== 'whatsapp'
      ? null
      : message.templateOnly
        ? 'template'
        : whatsappSendMode(state.lastInboundWhatsAppAt, now);
  return { action: 'send', basis, whatsappMode };
}
