import type { InboundIntent } from './keywords.ts';
import {
  CHANNELS,
  type Channel,
  err,
  type MessagingChannel,
  type NotificationKind,
  ok,
  type Result,
} from './types.ts';

/** How a consent was given or withdrawn. */
export type ConsentSource =
  | 'counter'
  | 'web'
  | 'keyword'
  | 'twilio-error'
  | 'staff'
  | 'registration';

/**
 * One entry of a customer's consent log: a grant or a withdrawal for one channel (or, with
 * `scope: 'all'`, for every messaging channel), when, how, by whom and under which wording.
 * The log is append-only; the current state is {@link foldConsent} of it.
 */
export interface ConsentRecord {
  /** The channel concerned (for `scope: 'all'`, the channel the request came in on). */
  channel: Channel;
  /** `true` = consent given, `false` = withdrawn. */
  granted: boolean;
  /** When it happened. */
  at: Date;
  /** How: at the counter, on the web, by keyword, from a Twilio opt-out error, by staff… */
  source: ConsentSource;
  /** Who recorded it: a staff uid, `customer`, `twilio`, `system`. */
  actor: string;
  /** The version of the consent wording the customer saw (e.g. `sms-optin-2026-01`). */
  wordingVersion: string;
  /**
   * `channel` (default): only `channel`. `all`: every messaging channel (SMS and WhatsApp)
   * plus `channel` — what STOPALL / STOP TOUT does.
   */
  scope?: 'channel' | 'all';
}

/** The current consent of one channel. */
export interface ChannelConsent {
  /** Whether the channel may be used on the consent basis. */
  granted: boolean;
  /** `true` when a record decided it, `false` when it is the default. */
  explicit: boolean;
  /** When the deciding record was made (`null` for the default). */
  at: Date | null;
  /** How the deciding record was made (`default` when none). */
  source: ConsentSource | 'default';
}

/** The current consent of every channel. */
export type ConsentState = Record<Channel, ChannelConsent>;

/** The consent each channel has before any record. */
export type ConsentDefaults = Record<Channel, boolean>;

/**
 * A registered customer's consent before any record, as in the seed: email and push on,
 * SMS and WhatsApp off until the customer opts in.
 */
export const DEFAULT_REGISTERED_CONSENT: Readonly<ConsentDefaults> = {
  email: true,
  push: true,
  sms: false,
  whatsapp: false,
};

/**
 * A walk-in's consent before any record: none. Walk-ins are reached on the service basis
 * (see {@link lawfulBasis}) unless they opt in at the counter.
 */
export const WALK_IN_CONSENT_DEFAULTS: Readonly<ConsentDefaults> = {
  email: false,
  push: false,
  sms: false,
  whatsapp: false,
};

/** The channels that go through Twilio and need a phone number: SMS and WhatsApp. */
export const MESSAGING_CHANNELS: readonly MessagingChannel[] = ['sms', 'whatsapp'];

/** Whether `channel` is a messaging channel (SMS or WhatsApp). */
export function isMessagingChannel(channel: Channel): channel is MessagingChannel {
  return channel === 'sms' || channel === 'whatsapp';
}

/** The `notificationPreferences` map of a `customer_profiles` document (seed names). */
export interface NotificationPreferences {
  emailEnabled?: boolean;
  smsEnabled?: boolean;
  whatsappEnabled?: boolean;
  pushEnabled?: boolean;
}

/**
 * The consent defaults of a registered customer: the profile's `notificationPreferences`
 * where set, {@link DEFAULT_REGISTERED_CONSENT} elsewhere. The consent log then overrides
 * these per channel (the latest record wins).
 */
export function consentDefaultsFromPreferences(
  preferences: NotificationPreferences | null | undefined,
): ConsentDefaults {
  const p = preferences ?? {};
  return {
    email: p.emailEnabled ?? DEFAULT_REGISTERED_CONSENT.email,
    sms: p.smsEnabled ?? DEFAULT_REGISTERED_CONSENT.sms,
    whatsapp: p.whatsappEnabled ?? DEFAULT_REGISTERED_CONSENT.whatsapp,
    push: p.pushEnabled ?? DEFAULT_REGISTERED_CONSENT.push,
  };
}

/** The channels a record applies to. */
export function consentRecordChannels(record: ConsentRecord): Channel[] {
  if (record.scope !== 'all') return [record.channel];
  return CHANNELS.filter((c) => isMessagingChannel(c) || c === record.channel);
}

/**
 * Folds a consent log into the current state: records are taken in `at` order (records
 * with the same `at` keep their order in the log), and for each channel the latest record
 * that applies to it wins; a channel without any record keeps its default. A `scope: 'all'`
 * withdrawal (STOPALL) therefore withdraws SMS and WhatsApp, and a later START on WhatsApp
 * gives back WhatsApp only. Throws on a record with an invalid date (a bug upstream).
 *
 * @example
 * foldConsent([{ channel: 'sms', granted: true, at, source: 'counter', actor: 'staff-1', wordingVersion: 'v1' }], DEFAULT_REGISTERED_CONSENT).sms.granted; // true
 */
export function foldConsent(
  records: readonly ConsentRecord[],
  defaults: Readonly<ConsentDefaults>,
): ConsentState {
  const state = {} as ConsentState;
  for (const channel of CHANNELS) {
    state[channel] = { granted: defaults[channel], explicit: false, at: null, source: 'default' };
  }
  const ordered = records
    .map((record) => {
      const time = record.at.getTime();
      if (Number.isNaN(time)) {
        throw new RangeError('foldConsent: a consent record has an invalid date');
      }
      return { record, time };
    })
    // Array.prototype.sort is stable: records with the same time keep their log order.
    .sort((a, b) => a.time - b.time);
  for (const { record } of ordered) {
    for (const channel of consentRecordChannels(record)) {
      state[channel] = {
        granted: record.granted,
        explicit: true,
        at: record.at,
        source: record.source,
      };
    }
  }
  return state;
}

/**
 * The kinds a walk-in may receive on the service basis (they are told at the counter):
 * messages about their own repair that they need to act on or expect — welcome and ticket
 * received, quote to approve and its chasers, ready for pickup, pickup reminders, appointment changes,
 * cancellation, payment reminders and urgent staff messages about the repair. Progress
 * updates (diagnosing, waiting for parts, in repair, picked up) need consent.
 */
export const SERVICE_KINDS: ReadonlySet<NotificationKind> = new Set<NotificationKind>([
  'walk_in_welcome',
  'ticket_received',
  'status_quote_pending',
  'status_completed',
  'status_cancelled',
  'appointment_changed',
  'pickup_reminder_1',
  'pickup_reminder_2',
  'pickup_reminder_final',
  'quote_reminder_1',
  'quote_reminder_2',
  'payment_reminder',
  'staff_urgent',
]);

/**
 * The channels the service basis covers: SMS (the seed's walk-in welcome SMS) and email
 * (Phase 1 welcome emails). WhatsApp always needs an explicit opt-in (Meta's rule); push
 * needs an app account, which walk-ins do not have.
 */
export const SERVICE_BASIS_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['sms', 'email']);

/** Who the recipient is: a registered customer (with a profile) or a walk-in (client only). */
export type Audience = 'registered' | 'walk_in';

/** The legal ground for sending on a channel. */
export type LawfulBasis = 'consent' | 'service';

/** Why there is no lawful basis. */
export type NoBasisCode = 'suppressed' | 'no_consent' | 'no_basis';

/** The staff-readable message of each {@link NoBasisCode}. */
export const NO_BASIS_MESSAGES: Readonly<Record<NoBasisCode, string>> = {
  suppressed: 'Numéro sur la liste de suppression : aucun SMS ni WhatsApp.',
  no_consent: "Le client n'a pas donné (ou a retiré) son accord pour ce canal.",
  no_basis:
    "Client sans compte : ce message n'est pas un message de service et il faut son accord.",
};

/** Input of {@link lawfulBasis}. */
export interface LawfulBasisInput {
  channel: Channel;
  kind: NotificationKind;
  audience: Audience;
  /** The current consent ({@link foldConsent}). */
  consent: ConsentState;
  /** The recipient's phone number is on the suppression list. */
  suppressed: boolean;
}

/**
 * Decides whether `channel` may be used for `kind`, and on which basis, in this order:
 * 1. a suppressed number blocks SMS and WhatsApp, whatever else is true;
 * 2. current consent for the channel → `consent`;
 * 3. an explicit withdrawal (STOP, STOPALL, unticked box) → `no_consent`, even for a walk-in's
 *    service message: the customer objected;
 * 4. a walk-in, a service kind ({@link SERVICE_KINDS}) on SMS or email → `service`;
 * 5. otherwise `no_consent` for a registered customer, `no_basis` for a walk-in.
 *
 * @example
 * lawfulBasis({ channel: 'sms', kind: 'status_completed', audience: 'walk_in', consent, suppressed: false });
 * // { ok: true, value: 'service' }
 */
export function lawfulBasis(
  input: LawfulBasisInput,
): Result<LawfulBasis, { code: NoBasisCode; message: string }> {
  const { channel, kind, audience, consent, suppressed } = input;
  const refuse = (code: NoBasisCode) => err({ code, message: NO_BASIS_MESSAGES[code] });
  if (suppressed && isMessagingChannel(channel)) return refuse('suppressed');
  const current = consent[channel];
  if (current.granted) return ok('consent');
  if (current.explicit) return refuse('no_consent');
  if (audience === 'walk_in') {
    return SERVICE_KINDS.has(kind) && SERVICE_BASIS_CHANNELS.has(channel)
      ? ok('service')
      : refuse('no_basis');
  }
  return refuse('no_consent');
}

/** Context of {@link consentRecordForKeyword}. */
export interface KeywordConsentContext {
  /** The channel the inbound message came in on. */
  channel: MessagingChannel;
  /** When it was received. */
  at: Date;
  /** Who: usually `customer`. */
  actor?: string;
  /** The wording the keyword answers to (default `keyword`). */
  wordingVersion?: string;
}

/**
 * The consent record an inbound keyword creates: STOP-type → withdraw this channel,
 * STOPALL-type → withdraw every messaging channel, START → grant this channel; other
 * intents change nothing (`null`).
 *
 * @example
 * consentRecordForKeyword('opt_out_all', { channel: 'whatsapp', at });
 * // { channel: 'whatsapp', granted: false, scope: 'all', source: 'keyword', actor: 'customer', … }
 */
export function consentRecordForKeyword(
  intent: InboundIntent,
  context: KeywordConsentContext,
): ConsentRecord | null {
  const base = {
    channel: context.channel,
    at: context.at,
    source: 'keyword' as const,
    actor: context.actor ?? 'customer',
    wordingVersion: context.wordingVersion ?? 'keyword',
  };
  switch (intent) {
    case 'opt_out':
      return { ...base, granted: false, scope: 'channel' };
    case 'opt_out_all':
      return { ...base, granted: false, scope: 'all' };
    case 'opt_in':
      return { ...base, granted: true, scope: 'channel' };
    default:
      return null;
  }
}
