import {
  type Audience,
  type ConsentRecord,
  type ConsentState,
  consentDefaultsFromPreferences,
  foldConsent,
  isMessagingChannel,
  type LawfulBasis,
  lawfulBasis,
  type NotificationPreferences,
  WALK_IN_CONSENT_DEFAULTS,
} from './consent.ts';
import { notificationId } from './ids.ts';
import { budgetStatus, isOverFrequencyCap, shouldHoldForBudget } from './limits.ts';
import {
  type CountryCode,
  type ParsedPhone,
  type PhoneCandidate,
  type PhoneSource,
  pickPhone,
  type SkippedPhone,
} from './phones.ts';
import { PRIORITY_BY_KIND } from './priorities.ts';
import { isInRollout } from './rollout.ts';
import { nextAllowedTime, timeZoneForCountry } from './send-window.ts';
import type { CascadeRule, NotificationSettings } from './settings.ts';
import {
  CHANNELS,
  type Channel,
  type MessagingChannel,
  type NotificationKind,
  type PlanOutcome,
  type Priority,
  type SkipReason,
  type TicketStatus,
} from './types.ts';
import { type WhatsAppSendMode, whatsappSendMode } from './whatsapp-window.ts';

/** What happened: the trigger of a notification. */
export interface NotificationEvent {
  /** What the notification is about (template id). */
  kind: NotificationKind;
  /** The ticket concerned. */
  ticketId: string;
  /** The ticket's status when the event happened (checked again by {@link recheck}). */
  ticketStatus: TicketStatus;
  /** The identity of the triggering change (event id or update time); see `notificationId`. */
  changeId: string;
}

/** A Twilio-reported problem with one phone number (`phoneStatus` on clients/profiles). */
export interface PhoneMark {
  /** The number it applies to; a mark for another number is ignored. */
  e164: string;
  /** What Twilio said about the number. */
  status: 'invalid' | 'landline' | 'unknown_handset';
}

/** The registered customer's profile (`customer_profiles`), as far as the cascade needs it. */
export interface RecipientProfile {
  /** The profile's email (preferred to the client's). */
  email?: string | null;
  /** The first phone source, before the client's `phone`. */
  phoneNumber?: string | null;
  /** The seed's per-channel switches; the starting point of the consent state. */
  notificationPreferences?: NotificationPreferences | null;
  /** FCM registration tokens; push needs at least one. */
  pushTokens?: readonly string[] | null;
}

/** Who a notification is for. A recipient without `profile` is a walk-in. */
export interface Recipient {
  /** The `customer_profiles` id, for a registered customer. */
  customerId?: string | null;
  /** The counter's `clients` id. */
  clientId: string;
  /** The profile; absent (or `null`) for a walk-in. */
  profile?: RecipientProfile | null;
  /** The counter's `clients` record. */
  client: { phone?: string | null; email?: string | null };
  /** The consent log of this customer/client (any order); folded over the defaults. */
  consentLog?: readonly ConsentRecord[];
  /** Twilio-reported problems with the recipient's numbers. */
  phoneMarks?: readonly PhoneMark[];
  /** `true`: the recipient's number is on the suppression list (no SMS, no WhatsApp). */
  suppressed?: boolean;
  /**
   * Suppression entries by E.164 number (`suppressions/{e164}.scope`), for the recipient's
   * candidate numbers; only the entry of the number actually used counts.
   */
  suppressions?: Readonly<Record<string, 'all' | MessagingChannel>>;
  /**
   * The channels Twilio's own opt-out list holds, by E.164 number (core's
   * `providerHeldChannels` of each suppression entry): Twilio refuses every message on them
   * (21610) until the customer sends START, so nothing is ever attempted there.
   */
  providerOptOuts?: Readonly<Record<string, readonly MessagingChannel[]>>;
  /** Last inbound WhatsApp message (opens the 24-hour window). */
  lastInboundWhatsAppAt?: Date | null;
}

/** Sends of SMS + WhatsApp to this recipient over the last day and week (frequency cap). */
export interface RecentSendCounts {
  lastDay: number;
  lastWeek: number;
}

/** The moment and the shop state a plan is made in. */
export interface PlanContext {
  /** Now (core never reads the clock). */
  now: Date;
  /** The shop's settings. */
  settings: NotificationSettings;
  /** Euros spent on messaging this month (budget). */
  budgetSpentEur: number;
  /** SMS + WhatsApp sends to this recipient recently (frequency cap). */
  recentSendCounts: RecentSendCounts;
}

/** What the plan decided for one channel. */
export interface ChannelPlan {
  channel: Channel;
  /** The deterministic `notification_history` id for this channel. */
  notificationId: string;
  /** send / defer / hold / skip. */
  outcome: PlanOutcome;
  /** The lawful basis when the channel has one (even if not chosen), else `null`. */
  basis: LawfulBasis | null;
  /** Where it would go: email address or E.164 number; `null` for push and when unknown. */
  to: string | null;
  /** For WhatsApp: free text inside the 24-hour window, template outside (at plan time). */
  whatsappMode?: WhatsAppSendMode;
}

/** The result of {@link planNotification}. */
export interface NotificationPlan {
  event: NotificationEvent;
  priority: Priority;
  audience: Audience;
  /** The key used for rollout bucketing: customer id, or client id for a walk-in. */
  rolloutKey: string;
  /** The cascade rule that decided (`null` when none matched). */
  rule: string | null;
  /** The phone number used, if any, and where it came from. */
  phone: ParsedPhone | null;
  phoneSource: PhoneSource | null;
  /** Phone candidates passed over, with the reason. */
  phoneSkipped: SkippedPhone[];
  /** The recipient's time zone (from the phone's region, else the shop's). */
  timeZone: string;
  /**
   * Per channel, whether it could be used at all (`null`) or why not, regardless of the
   * cascade's choice; `fallbackChannel` reads it.
   */
  eligibility: Record<Channel, SkipReason | null>;
  /** One entry per channel. */
  channels: Record<Channel, ChannelPlan>;
  /** The fallback order of the policy in force (`cascade.fallback`), for `fallbackChannel`. */
  fallback: Partial<Record<Channel, readonly Channel[]>>;
}

/** The outcomes that put a message on its way (now or later). */
export function isActiveOutcome(outcome: PlanOutcome): boolean {
  return outcome.action !== 'skip';
}

/** Whether the recipient is a registered customer or a walk-in. */
export function audienceOf(recipient: Pick<Recipient, 'profile'>): Audience {
  return recipient.profile == null ? 'walk_in' : 'registered';
}

/**
 * The recipient's current consent: the consent log folded over the profile's preferences
 * (registered customer) or over "no consent" (walk-in).
 */
export function consentStateOf(recipient: Recipient): ConsentState {
  const defaults =
    recipient.profile == null
      ? WALK_IN_CONSENT_DEFAULTS
      : consentDefaultsFromPreferences(recipient.profile.notificationPreferences);
  return foldConsent(recipient.consentLog ?? [], defaults);
}

/** The recipient's phone candidates in the seed's order: profile, then client. */
export function phoneCandidatesOf(recipient: Recipient): PhoneCandidate[] {
  return [
    { source: 'profile', value: recipient.profile?.phoneNumber },
    { source: 'client', value: recipient.client.phone },
  ];
}

/** The result of {@link choosePhone}. */
export interface ChosenPhone {
  phone: ParsedPhone | null;
  source: PhoneSource | null;
  skipped: SkippedPhone[];
  /** The mark of the chosen number when every valid candidate is marked. */
  mark: PhoneMark | null;
}

/**
 * Picks the recipient's phone: the first valid candidate (profile, then client) that has no
 * Twilio mark; when every valid candidate is marked, the first valid one with its mark (the
 * plan then skips SMS and WhatsApp as `phone_marked_invalid`).
 */
export function choosePhone(recipient: Recipient, defaultCountry: CountryCode): ChosenPhone {
  const skipped: SkippedPhone[] = [];
  let firstMarked: Omit<ChosenPhone, 'skipped'> | null = null;
  for (const candidate of phoneCandidatesOf(recipient)) {
    const picked = pickPhone([candidate], { defaultCountry });
    skipped.push(...picked.skipped);
    const phone = picked.phone;
    if (phone === null) continue;
    const mark = recipient.phoneMarks?.find((m) => m.e164 === phone.e164);
    if (mark === undefined) return { phone, source: candidate.source, skipped, mark: null };
    firstMarked ??= { phone, source: candidate.source, mark };
  }
  return firstMarked === null
    ? { phone: null, source: null, skipped, mark: null }
    : { ...firstMarked, skipped };
}

/**
 * Whether `channel` is suppressed for the number `e164`: on our list, or on Twilio's
 * ({@link isProviderOptedOut}); lawfulBasis ignores non-messaging channels.
 */
export function isSuppressedFor(
  recipient: Recipient,
  e164: string | null,
  channel: Channel,
): boolean {
  if (recipient.suppressed === true) return true;
  const scope = recipient.suppressions?.[e164 ?? ''];
  return scope === 'all' || scope === channel || isProviderOptedOut(recipient, e164, channel);
}

/** Whether Twilio's opt-out list holds `channel` for the number `e164` (it would refuse a send). */
export function isProviderOptedOut(
  recipient: Recipient,
  e164: string | null,
  channel: Channel,
): boolean {
  if (!isMessagingChannel(channel)) return false;
  return recipient.providerOptOuts?.[e164 ?? '']?.includes(channel) ?? false;
}

function emailOf(recipient: Recipient): string | null {
  const email = recipient.profile?.email?.trim() || recipient.client.email?.trim() || '';
  return email === '' ? null : email;
}

function hasPushToken(recipient: Recipient): boolean {
  return (recipient.profile?.pushTokens ?? []).some((t) => t.trim() !== '');
}

interface ChannelCheck {
  reason: SkipReason | null;
  basis: LawfulBasis | null;
  to: string | null;
}

function checkChannel(
  channel: Channel,
  kind: NotificationKind,
  recipient: Recipient,
  audience: Audience,
  consent: ConsentState,
  chosen: ChosenPhone,
  rolloutKey: string,
  settings: NotificationSettings,
): ChannelCheck {
  const e164 = chosen.phone?.e164 ?? null;
  const to = channel === 'email' ? emailOf(recipient) : isMessagingChannel(channel) ? e164 : null;
  const fail = (reason: SkipReason, basis: LawfulBasis | null = null): ChannelCheck => ({
    reason,
    basis,
    to,
  });
  if (!settings.channelsEnabled[channel]) return fail('channel_disabled');
  const suppressed = isSuppressedFor(recipient, e164, channel);
  const basis = lawfulBasis({ channel, kind, audience, consent, suppressed });
  if (!basis.ok) return fail(basis.error.code);
  if (channel === 'email' && to === null) return fail('no_email', basis.value);
  if (channel === 'push' && !hasPushToken(recipient)) return fail('no_push_token', basis.value);
  if (isMessagingChannel(channel)) {
    if (chosen.phone === null) {
      const allEmpty = chosen.skipped.every((s) => s.code === 'empty');
      return fail(allEmpty ? 'no_phone' : 'invalid_phone', basis.value);
    }
    if (chosen.mark !== null) return fail('phone_marked_invalid', basis.value);
    if (channel === 'sms' && !chosen.phone.smsCapable) return fail('not_sms_capable', basis.value);
  }
  if (!isInRollout(rolloutKey, channel, settings.rollout))
    return fail('not_in_rollout', basis.value);
  return { reason: null, basis: basis.value, to };
}

/** Whether a cascade rule applies. */
export function ruleMatches(
  rule: CascadeRule,
  audience: Audience,
  kind: NotificationKind,
  emailReachable: boolean,
): boolean {
  if (rule.audience !== undefined && rule.audience !== audience) return false;
  if (rule.kinds !== undefined && !rule.kinds.includes(kind)) return false;
  if (rule.emailReachable !== undefined && rule.emailReachable !== emailReachable) return false;
  return true;
}

/**
 * Chooses the channels of a rule: `all` groups take every eligible channel, `first` groups
 * the first eligible one. A second messaging channel is never taken (WhatsApp or SMS, never
 * both). Returns the selected channels and, for the others, why they were passed over.
 */
function selectChannels(
  rule: CascadeRule | undefined,
  eligibility: Record<Channel, SkipReason | null>,
): Map<Channel, SkipReason | null> {
  const decision = new Map<Channel, SkipReason | null>();
  let messagingTaken = false;
  for (const group of rule?.groups ?? []) {
    let taken = false;
    for (const channel of group.channels) {
      if (decision.has(channel) || eligibility[channel] !== null) continue;
      const messaging = isMessagingChannel(channel);
      if ((group.mode === 'first' && taken) || (messaging && messagingTaken)) {
        decision.set(channel, 'covered_by_other_channel');
        continue;
      }
      decision.set(channel, null);
      taken = true;
      messagingTaken ||= messaging;
    }
  }
  return decision;
}

/**
 * Plans one notification: for every channel, exactly one outcome.
 *
 * 1. Static checks per channel, in order: channel switched off (`channel_disabled`); lawful
 *    basis (`suppressed`, `no_consent`, `no_basis`); an address (`no_email`, `no_phone`,
 *    `invalid_phone`, `phone_marked_invalid`, `no_push_token`); SMS to a mobile only
 *    (`not_sms_capable`); rollout (`not_in_rollout`).
 * 2. The first matching cascade rule picks among the usable channels; the others are
 *    `not_in_policy` or `covered_by_other_channel`. Never both WhatsApp and SMS.
 * 3. For a chosen SMS/WhatsApp: the per-recipient frequency cap (`skip: frequency_cap`), the
 *    monthly budget (`hold` until it allows, expiring after `budget.holdExpiryHours`), then
 *    quiet hours in the phone's time zone (`defer` until the window opens) for the
 *    channels listed in `cascade.quietHoursChannels`. `critical` passes caps, holds and
 *    quiet hours (and `high` passes quiet hours) but never consent or suppression.
 *
 * Pure: reads no clock; `context.now` is the time. Automatic replies (`reply_*`) are
 * answered on the channel the customer wrote on, inside the WhatsApp window, and are not
 * meant to be planned here (planned anyway, they follow the same rules).
 */
export function planNotification(
  event: NotificationEvent,
  recipient: Recipient,
  context: PlanContext,
): NotificationPlan {
  const { settings, now } = context;
  const priority = PRIORITY_BY_KIND[event.kind];
  const audience = audienceOf(recipient);
  const consent = consentStateOf(recipient);
  const rolloutKey = recipient.customerId || recipient.clientId;
  const chosen = choosePhone(recipient, settings.defaultCountry);
  const timeZone = timeZoneForCountry(chosen.phone?.country ?? settings.defaultCountry);

  const checks = {} as Record<Channel, ChannelCheck>;
  const eligibility = {} as Record<Channel, SkipReason | null>;
  for (const channel of CHANNELS) {
    checks[channel] = checkChannel(
      channel,
      event.kind,
      recipient,
      audience,
      consent,
      chosen,
      rolloutKey,
      settings,
    );
    eligibility[channel] = checks[channel].reason;
  }

  const rule = settings.cascade.rules.find((r) =>
    ruleMatches(r, audience, event.kind, eligibility.email === null),
  );
  const selected = selectChannels(rule, eligibility);

  const budget = budgetStatus(context.budgetSpentEur, settings.budget);
  const capped = isOverFrequencyCap(context.recentSendCounts, priority, settings.frequencyCap);
  // Computed once, and only when a chosen channel observes quiet hours (it is the costly step).
  let quietUntil: Date | undefined;
  const quietHoursUntil = () => {
    quietUntil ??= nextAllowedTime(now, priority, timeZone, settings.sendWindow);
    return quietUntil;
  };

  const channels = {} as Record<Channel, ChannelPlan>;
  for (const channel of CHANNELS) {
    const check = checks[channel];
    let outcome: PlanOutcome;
    const decision = selected.get(channel);
    if (check.reason !== null) outcome = { action: 'skip', reason: check.reason };
    else if (decision === undefined) outcome = { action: 'skip', reason: 'not_in_policy' };
    else if (decision !== null) outcome = { action: 'skip', reason: decision };
    else if (isMessagingChannel(channel) && capped)
      outcome = { action: 'skip', reason: 'frequency_cap' };
    else if (isMessagingChannel(channel) && shouldHoldForBudget(budget, priority)) {
      outcome = {
        action: 'hold',
        reason: 'budget_exhausted',
        expiresAt: new Date(now.getTime() + settings.budget.holdExpiryHours * 3_600_000),
      };
    } else if (
      settings.cascade.quietHoursChannels.includes(channel) &&
      quietHoursUntil().getTime() > now.getTime()
    ) {
      outcome = { action: 'defer', until: quietHoursUntil(), reason: 'quiet_hours' };
    } else outcome = { action: 'send' };

    const plan: ChannelPlan = {
      channel,
      notificationId: notificationId({
        ticketId: event.ticketId,
        changeId: event.changeId,
        channel,
      }),
      outcome,
      basis: check.basis,
      to: check.to,
    };
    if (channel === 'whatsapp') {
      plan.whatsappMode = whatsappSendMode(recipient.lastInboundWhatsAppAt ?? null, now);
    }
    channels[channel] = plan;
  }

  return {
    event,
    priority,
    audience,
    rolloutKey,
    rule: rule?.name ?? null,
    phone: chosen.phone,
    phoneSource: chosen.source,
    phoneSkipped: chosen.skipped,
    timeZone,
    eligibility,
    channels,
    fallback: settings.cascade.fallback,
  };
}

/** What is known about a failure when choosing a fallback. */
export interface FailureInfo {
  /** The number's status as classified from the Twilio error, if the error says so. */
  phoneStatus?: 'invalid' | 'landline' | 'unknown_handset' | null;
}

/**
 * The channel to try after a send-time or delivery failure on `failed`, or `null`: the
 * first channel of the plan's fallback order (`cascade.fallback[failed]`; default WhatsApp →
 * SMS) that the plan found usable — lawful basis, SMS-capable number, not suppressed, not
 * marked, in rollout — that is not already active in the plan, and that would not make a
 * second active messaging channel. A failure that shows the number is invalid, unknown or a
 * landline gives `null`: an invalid number is never retried. Call {@link recheck} before
 * sending on the returned channel.
 *
 * @example
 * fallbackChannel('whatsapp', plan); // 'sms' for a walk-in with a valid mobile
 * fallbackChannel('whatsapp', plan, { phoneStatus: 'invalid' }); // null
 */
export function fallbackChannel(
  failed: Channel,
  plan: NotificationPlan,
  failure: FailureInfo = {},
): Channel | null {
  if (failure.phoneStatus != null && isMessagingChannel(failed)) return null;
  // The failed channel no longer counts as on its way; any other active messaging channel
  // forbids a second one.
  const otherMessagingActive = CHANNELS.some(
    (c) => c !== failed && isMessagingChannel(c) && isActiveOutcome(plan.channels[c].outcome),
  );
  const order = plan.fallback[failed];
  if (order === undefined) return null;
  for (const candidate of order) {
    if (plan.eligibility[candidate] !== null) continue;
    if (isActiveOutcome(plan.channels[candidate].outcome)) continue;
    if (isMessagingChannel(candidate) && otherMessagingActive) continue;
    return candidate;
  }
  return null;
}

/**
 * Whether a notification of `kind`, planned when the ticket was `plannedStatus`, is out of
 * date now that the ticket is `currentStatus` (`null`: the ticket is gone):
 * - a status update (`status_*`) is superseded as soon as the ticket has another status
 *   (in repair → completed within minutes sends only "completed");
 * - a pickup reminder is superseded once the ticket is no longer `completed`;
 * - a quote chaser is superseded once the ticket is no longer `quote_pending`;
 * - an appointment change is superseded once the ticket is picked up or cancelled;
 * - the satisfaction survey is superseded once the ticket is no longer `picked_up` (it came
 *   back to the workshop);
 * - the welcome, ticket received, payment reminder, staff message and replies stay relevant;
 * - anything is superseded when the ticket no longer exists.
 */
export function isSuperseded(
  kind: NotificationKind,
  plannedStatus: TicketStatus,
  currentStatus: TicketStatus | null,
): boolean {
  if (currentStatus === null) return true;
  if (kind.startsWith('status_')) return currentStatus !== plannedStatus;
  if (kind.startsWith('pickup_reminder_')) return currentStatus !== 'completed';
  if (kind.startsWith('quote_reminder_')) return currentStatus !== 'quote_pending';
  if (kind === 'satisfaction_survey') return currentStatus !== 'picked_up';
  if (kind === 'appointment_changed') {
    return currentStatus === 'picked_up' || currentStatus === 'cancelled';
  }
  return false;
}

/** The notification as planned, as far as {@link recheck} needs it. */
export interface PlannedNotification {
  kind: NotificationKind;
  channel: Channel;
  /** The ticket's status when the notification was planned. */
  ticketStatus: TicketStatus;
  /** The number the plan used (messaging channels). */
  e164?: string | null;
}

/**
 * What to store with a planned channel so that {@link recheck} can run at dispatch time.
 *
 * @example
 * recheck(plannedNotificationOf(plan, 'sms'), { ticketStatus, recipient });
 */
export function plannedNotificationOf(
  plan: NotificationPlan,
  channel: Channel,
): PlannedNotification {
  return {
    kind: plan.event.kind,
    channel,
    ticketStatus: plan.event.ticketStatus,
    e164: isMessagingChannel(channel) ? (plan.phone?.e164 ?? null) : null,
  };
}

/** The state read again at dispatch time. */
export interface CurrentState {
  /** The ticket's status now (`null` when the ticket was deleted). */
  ticketStatus: TicketStatus | null;
  /** The recipient now: consent log, preferences, suppression and phone marks re-read. */
  recipient: Recipient;
  /** The settings now; when given, a channel switched off since is skipped. */
  settings?: NotificationSettings;
}

/**
 * The last check before a planned notification is handed to the provider: the ticket's
 * status, consent, suppression, the number's Twilio mark and the channel switch are read
 * again. Returns `send`, or `skip` with `superseded`, `channel_disabled`, `suppressed`,
 * `no_consent`, `no_basis` or `phone_marked_invalid`.
 */
export function recheck(planned: PlannedNotification, current: CurrentState): PlanOutcome {
  const { channel, kind } = planned;
  const skip = (reason: SkipReason): PlanOutcome => ({ action: 'skip', reason });
  if (isSuperseded(kind, planned.ticketStatus, current.ticketStatus)) return skip('superseded');
  if (current.settings !== undefined && !current.settings.channelsEnabled[channel]) {
    return skip('channel_disabled');
  }
  const { recipient } = current;
  const e164 = planned.e164 ?? null;
  const basis = lawfulBasis({
    channel,
    kind,
    audience: audienceOf(recipient),
    consent: consentStateOf(recipient),
    suppressed: isSuppressedFor(recipient, e164, channel),
  });
  if (!basis.ok) return skip(basis.error.code);
  const marked = recipient.phoneMarks?.some((m) => m.e164 === e164) === true;
  if (isMessagingChannel(channel) && marked) return skip('phone_marked_invalid');
  return { action: 'send' };
}
