import {
  audienceOf,
  consentStateOf,
  isProviderOptedOut,
  isSuppressedFor,
  type PhoneMark,
  planNotification,
  type Recipient,
} from './cascade.ts';
import { isMessagingChannel } from './consent.ts';
import type { PhoneErrorCode } from './phones.ts';
import type { NotificationSettings } from './settings.ts';
import { CHANNELS, type Channel, TICKET_STATUSES, type TicketStatus } from './types.ts';

/** A ticket still in the shop: neither picked up nor cancelled (the customer will come back). */
export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = TICKET_STATUSES.filter(
  (s) => s !== 'picked_up' && s !== 'cancelled',
);

/**
 * Why the shop cannot (fully) reach a customer:
 * - `no_channel`: no channel could carry a service message now (the coverage's "unreachable");
 * - `no_phone`: no number on file (given only with `no_channel`: otherwise nothing is missing);
 * - `invalid_phone`: every number on file is unreadable or unassigned;
 * - `landline`: the number messages would go to is not a mobile (no SMS);
 * - `phone_marked`: Twilio reported the number invalid, a landline or an unknown handset;
 * - `provider_held`: Twilio's opt-out list holds the channel (the customer sent STOP, or a 21610):
 *   only the customer's own START lifts it;
 * - `suppressed`: our suppression list blocks the channel (a web opt-out, staff, a STOP Twilio
 *   did not act on): a grant recorded with the customer lifts it;
 * - `consent_withdrawn`: the customer's latest decision for the channel is "no".
 */
export type UnreachableReasonCode =
  | 'no_channel'
  | 'no_phone'
  | 'invalid_phone'
  | 'landline'
  | 'phone_marked'
  | 'provider_held'
  | 'suppressed'
  | 'consent_withdrawn';

/**
 * What staff can do at the counter: ask for a mobile number, check a number Twilio flagged with
 * the customer, record the customer's consent with them, or ask the customer to send START
 * themselves (a Twilio-held STOP: no grant by staff lifts it).
 */
export type CounterAction = 'ask_mobile' | 'check_number' | 'ask_consent' | 'ask_start';

/** One reason, the channels it is about, and what staff can do about it. */
export interface UnreachableReason {
  code: UnreachableReasonCode;
  /** The channels concerned (every channel for `no_channel`, SMS/WhatsApp for phone reasons). */
  channels: Channel[];
  action: CounterAction;
  /** `invalid_phone`: why the first unreadable number was rejected. */
  phoneError?: PhoneErrorCode;
  /** `phone_marked`: what Twilio said. */
  markStatus?: PhoneMark['status'];
}

/** The moment, the settings, and whether the customer has a ticket in the shop now. */
export interface UnreachabilityContext {
  now: Date;
  settings: NotificationSettings;
  /** A ticket neither picked up nor cancelled: the customer will be at the counter. */
  hasOpenTicket: boolean;
}

/** The result of {@link unreachability}. */
export interface Unreachability {
  /** The channels a service message could use now. */
  reachable: Channel[];
  /** Every reason, `no_channel` first, then the number, then withdrawn channels. */
  reasons: UnreachableReason[];
  /**
   * Whether the customer belongs on the "who can't we reach?" worklist: a problem with the
   * number, a withdrawn channel that leaves neither SMS nor WhatsApp, or no channel at all while
   * a ticket is open.
   */
  listed: boolean;
}

/** Problems with the number on file: they put a customer on the worklist on their own. */
const PHONE_CODES: ReadonlySet<UnreachableReasonCode> = new Set<UnreachableReasonCode>([
  'invalid_phone',
  'landline',
  'phone_marked',
]);

const MESSAGING: readonly Channel[] = CHANNELS.filter(isMessagingChannel);

/**
 * Decides why a customer cannot be reached, and what staff can do about it at the counter. The
 * channels are core's planner on a "ticket received" (registered) or welcome (walk-in) message,
 * as the coverage counters and the customer page see them, so the reasons agree with what the
 * pipeline would do. A withdrawal is a channel whose latest consent record says no (not a box
 * left unticked at registration), or a number on a suppression list; a channel the shop has
 * switched off is not reported. `ask_consent` is never offered on a channel Twilio holds.
 *
 * @example
 * unreachability({ clientId: 'c1', client: { phone: '01 42 68 53 00' } }, { now, settings, hasOpenTicket: true });
 * // { reachable: [], listed: true, reasons: [{ code: 'no_channel', action: 'ask_mobile', … }, { code: 'landline', action: 'ask_mobile', … }] }
 */
export function unreachability(
  recipient: Recipient,
  context: UnreachabilityContext,
): Unreachability {
  const { now, settings } = context;
  const registered = audienceOf(recipient) === 'registered';
  const plan = planNotification(
    {
      kind: registered ? 'ticket_received' : 'walk_in_welcome',
      ticketId: 'worklist',
      ticketStatus: 'received',
      changeId: 'worklist',
    },
    recipient,
    { now, settings, budgetSpentEur: 0, recentSendCounts: { lastDay: 0, lastWeek: 0 } },
  );
  const reachable = CHANNELS.filter((c) => plan.eligibility[c] === null);
  const phone = plan.phone;
  const e164 = phone?.e164 ?? null;
  const mark = phone ? recipient.phoneMarks?.find((m) => m.e164 === phone.e164) : undefined;
  const usableMobile = phone !== null && mark === undefined && phone.smsCapable;

  const phoneReasons: UnreachableReason[] = [];
  if (phone === null) {
    const unreadable = plan.phoneSkipped.find((s) => s.code !== 'empty');
    if (unreadable) {
      phoneReasons.push({
        code: 'invalid_phone',
        channels: [...MESSAGING],
        action: 'ask_mobile',
        phoneError: unreadable.code,
      });
    } else if (reachable.length === 0) {
      phoneReasons.push({ code: 'no_phone', channels: [...MESSAGING], action: 'ask_mobile' });
    }
  } else if (mark !== undefined) {
    phoneReasons.push({
      code: 'phone_marked',
      channels: [...MESSAGING],
      action: 'check_number',
      markStatus: mark.status,
    });
  } else if (!phone.smsCapable) {
    phoneReasons.push({ code: 'landline', channels: ['sms'], action: 'ask_mobile' });
  }

  const consent = consentStateOf(recipient);
  const withdrawn: Record<'provider_held' | 'suppressed' | 'consent_withdrawn', Channel[]> = {
    provider_held: [],
    suppressed: [],
    consent_withdrawn: [],
  };
  for (const channel of CHANNELS) {
    if (!settings.channelsEnabled[channel]) continue;
    if (isMessagingChannel(channel) && e164 !== null) {
      if (isProviderOptedOut(recipient, e164, channel)) {
        withdrawn.provider_held.push(channel);
        continue;
      }
      if (isSuppressedFor(recipient, e164, channel)) {
        withdrawn.suppressed.push(channel);
        continue;
      }
    }
    const state = consent[channel];
    if (state.explicit && !state.granted && state.source !== 'registration') {
      withdrawn.consent_withdrawn.push(channel);
    }
  }
  const withdrawalReasons: UnreachableReason[] = [];
  if (withdrawn.provider_held.length > 0)
    withdrawalReasons.push({
      code: 'provider_held',
      channels: withdrawn.provider_held,
      action: 'ask_start',
    });
  for (const code of ['suppressed', 'consent_withdrawn'] as const) {
    if (withdrawn[code].length > 0)
      withdrawalReasons.push({ code, channels: withdrawn[code], action: 'ask_consent' });
  }

  const reasons: UnreachableReason[] = [];
  if (reachable.length === 0) {
    // Without a usable mobile the number comes first; with one, only a decision blocks it.
    // Every messaging channel held by Twilio: only the customer's START opens one again.
    const enabledMessaging = MESSAGING.filter((c) => settings.channelsEnabled[c]);
    const onlyHeld =
      enabledMessaging.length > 0 &&
      enabledMessaging.every((c) => withdrawn.provider_held.includes(c));
    reasons.push({
      code: 'no_channel',
      channels: [...CHANNELS],
      action: !usableMobile ? 'ask_mobile' : onlyHeld ? 'ask_start' : 'ask_consent',
    });
  }
  reasons.push(...phoneReasons, ...withdrawalReasons);
  // A withdrawal lists the customer when it leaves no SMS or WhatsApp: someone who said no to
  // email but gets SMS is reached, and their choice is not a task.
  const listed =
    reasons.some((r) => PHONE_CODES.has(r.code)) ||
    (withdrawalReasons.length > 0 && !reachable.some(isMessagingChannel)) ||
    (context.hasOpenTicket && reachable.length === 0);
  return { reachable, reasons, listed };
}
