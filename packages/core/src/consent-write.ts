import {
  type ConsentRecord,
  type ConsentSource,
  consentRecordChannels,
  isMessagingChannel,
} from './consent.ts';
import type { ProviderKeyword } from './keywords.ts';
import type { Channel, MessagingChannel } from './types.ts';

/** A number's entry on the suppression list (`suppressions/{e164}`), as stored. */
export interface SuppressionEntry {
  scope: 'all' | MessagingChannel;
  /** Why: `twilio_opt_out` (a Twilio error), `opt_out_keyword`, `web_opt_out`. */
  reason: string | null;
  /**
   * The channels of `scope` that Twilio's own opt-out list holds too (the customer's STOP reached
   * Twilio, or Twilio refused a send with 21610): Twilio refuses every message on them until the
   * customer sends START, so only that START lifts them. Absent on entries written before the
   * field: see {@link providerHeldChannels}.
   */
  providerHeld?: readonly MessagingChannel[];
}

/** Why a number is put on the suppression list, by the source of the withdrawal. */
export const SUPPRESSION_REASON: Readonly<Record<ConsentSource, string>> = {
  keyword: 'opt_out_keyword',
  'twilio-error': 'twilio_opt_out',
  counter: 'web_opt_out',
  web: 'web_opt_out',
  staff: 'web_opt_out',
  registration: 'web_opt_out',
};

function channelsOf(scope: SuppressionEntry['scope']): Set<MessagingChannel> {
  return scope === 'all' ? new Set(['sms', 'whatsapp']) : new Set([scope]);
}

function scopeOf(channels: ReadonlySet<MessagingChannel>): SuppressionEntry['scope'] | null {
  if (channels.size === 0) return null;
  if (channels.size === 2) return 'all';
  return channels.has('sms') ? 'sms' : 'whatsapp';
}

const MESSAGING_ORDER: readonly MessagingChannel[] = ['sms', 'whatsapp'];

/**
 * The channels of a suppression entry that Twilio's opt-out list holds (pure): its
 * `providerHeld`, within its scope. An entry written before that field is read the safe way: a
 * Twilio opt-out holds its whole scope, a keyword STOP holds SMS (Twilio acts on SMS keywords by
 * default).
 *
 * @example
 * providerHeldChannels({ scope: 'all', reason: 'opt_out_keyword', providerHeld: ['sms'] }); // ['sms']
 * providerHeldChannels({ scope: 'whatsapp', reason: 'web_opt_out' }); // []
 */
export function providerHeldChannels(entry: SuppressionEntry | null): MessagingChannel[] {
  if (!entry) return [];
  const scope = channelsOf(entry.scope);
  const held = entry.providerHeld
    ? new Set(entry.providerHeld)
    : entry.reason === SUPPRESSION_REASON['twilio-error']
      ? scope
      : entry.reason === SUPPRESSION_REASON.keyword
        ? new Set<MessagingChannel>(['sms'])
        : new Set<MessagingChannel>();
  return MESSAGING_ORDER.filter((c) => scope.has(c) && held.has(c));
}

/** What {@link planConsentWrite} needs. */
export interface ConsentWriteInput {
  /** The decisions, one record each, all from one source. */
  records: readonly ConsentRecord[];
  /** The number the decisions are about (SMS/WhatsApp suppression), if known. */
  e164: string | null;
  /** The number's suppression entry as read, or `null`. */
  suppression: SuppressionEntry | null;
  /**
   * Whether a messaging withdrawal also suppresses the number. Always for a keyword (STOP) and a
   * provider opt-out (21610); for a decision at the counter or on the web, when the caller asks
   * (the customer's own withdrawal holds for every record using the number).
   */
  suppressOnWithdrawal?: boolean;
  /**
   * For keyword records: what Twilio itself did with the inbound message that carried them
   * (core's `providerKeywordOf`). `STOP`: Twilio now holds the channel the message came on;
   * `START`: Twilio let it go, so the customer's START lifts it here too. `null`/absent: Twilio
   * did nothing, and a channel it holds stays held.
   */
  provider?: ProviderKeyword | null;
}

/** The suppression entry after the decisions. */
export type SuppressionWrite =
  | { action: 'keep' }
  | { action: 'delete' }
  | {
      action: 'set';
      scope: 'all' | MessagingChannel;
      reason: string;
      /** The channels Twilio's opt-out list holds ({@link SuppressionEntry.providerHeld}). */
      providerHeld: MessagingChannel[];
      created: boolean;
    };

/** Everything one batch writes for a set of consent decisions (pure). */
export interface ConsentWritePlan {
  /** The records to append to the consent log (none when the decision is already on record). */
  records: ConsentRecord[];
  /** The current-state map (`consent.<channel>`) of the profile, or of a walk-in's client. */
  consentMap: Partial<Record<Channel, ConsentRecord>>;
  /** The profile's switches (`<channel>Enabled`). */
  preferences: Record<string, boolean>;
  suppression: SuppressionWrite;
  /** A Twilio opt-out still blocks the number after a grant: the customer must send START. */
  suppressionKept: 'twilio_opt_out' | null;
  /** The granted channels that Twilio still holds (empty unless `suppressionKept`). */
  keptChannels: MessagingChannel[];
  suppressionLifted: boolean;
  suppressionAdded: boolean;
  /** `consent_<channel>_granted|withdrawn`, for the day's statistics. */
  counters: Record<string, number>;
}

/**
 * The one rule of every consent change, whoever makes it (counter, web page, registration,
 * keyword, provider error, staff): each record is appended and becomes the channel's current
 * state; the suppression list follows:
 * - a messaging grant lifts the number's suppression for that channel only — except a channel
 *   Twilio's opt-out list holds ({@link providerHeldChannels}): only the customer's START that
 *   Twilio acted on too (`provider: 'START'`) lifts it; any other grant (staff, the web page, a
 *   START Twilio ignored) gets `suppressionKept: 'twilio_opt_out'` and the channel stays blocked;
 * - a messaging withdrawal by keyword or provider error (and, with `suppressOnWithdrawal`, any
 *   other) suppresses the number for its channels (STOPALL: both), widening, never narrowing;
 *   a provider error, or a keyword Twilio acted on (`provider: 'STOP'`), also marks the channel
 *   it came on as held by Twilio (a STOPALL: only that channel — Twilio's list is per channel);
 * - a provider opt-out for a channel already suppressed is already on record: no record is
 *   written (one record per customer decision), only the channel is marked held.
 */
export function planConsentWrite(input: ConsentWriteInput): ConsentWritePlan {
  const before = input.suppression
    ? channelsOf(input.suppression.scope)
    : new Set<MessagingChannel>();
  const after = new Set(before);
  const heldBefore = new Set(providerHeldChannels(input.suppression));
  const held = new Set(heldBefore);
  const kept = new Set<MessagingChannel>();
  const plan: ConsentWritePlan = {
    records: [],
    consentMap: {},
    preferences: {},
    suppression: { action: 'keep' },
    suppressionKept: null,
    keptChannels: [],
    suppressionLifted: false,
    suppressionAdded: false,
    counters: {},
  };
  const provider = input.provider ?? null;
  let reason: string | null = null;
  for (const record of input.records) {
    const channels = consentRecordChannels(record);
    const messaging = channels.filter(isMessagingChannel);
    // Twilio holds the channel the message came on (its list is per channel and sender).
    const holds =
      !record.granted &&
      input.e164 !== null &&
      isMessagingChannel(record.channel) &&
      (record.source === 'twilio-error' || (record.source === 'keyword' && provider === 'STOP'));
    if (
      record.source === 'twilio-error' &&
      !record.granted &&
      messaging.length > 0 &&
      messaging.every((c) => before.has(c))
    ) {
      if (holds) held.add(record.channel as MessagingChannel);
      continue;
    }
    plan.records.push(record);
    const suppress =
      record.source === 'keyword' ||
      record.source === 'twilio-error' ||
      input.suppressOnWithdrawal === true;
    for (const channel of channels) {
      plan.consentMap[channel] = { ...record, channel };
      plan.preferences[`${channel}Enabled`] = record.granted;
      const name = `consent_${channel}_${record.granted ? 'granted' : 'withdrawn'}`;
      plan.counters[name] = (plan.counters[name] ?? 0) + 1;
      if (!isMessagingChannel(channel) || input.e164 === null) continue;
      if (record.granted && after.has(channel)) {
        if (!held.has(channel)) after.delete(channel);
        else if (record.source === 'keyword' && provider === 'START') {
          after.delete(channel);
          held.delete(channel);
        } else kept.add(channel);
      } else if (!record.granted && suppress && !after.has(channel)) {
        after.add(channel);
        reason = SUPPRESSION_REASON[record.source];
      }
    }
    if (holds) held.add(record.channel as MessagingChannel);
  }
  const scope = scopeOf(after);
  const heldAfter = MESSAGING_ORDER.filter((c) => held.has(c) && after.has(c));
  const heldChanged =
    heldAfter.length !== heldBefore.size || heldAfter.some((c) => !heldBefore.has(c));
  if (scope !== scopeOf(before) || (scope !== null && heldChanged)) {
    const wasProviderOptOut = input.suppression?.reason === SUPPRESSION_REASON['twilio-error'];
    plan.suppression =
      scope === null
        ? { action: 'delete' }
        : {
            action: 'set',
            scope,
            // A Twilio opt-out stays the reason while Twilio holds a channel.
            reason:
              wasProviderOptOut && heldAfter.length > 0
                ? SUPPRESSION_REASON['twilio-error']
                : (reason ?? input.suppression?.reason ?? SUPPRESSION_REASON.web),
            providerHeld: heldAfter,
            created: input.suppression === null,
          };
  }
  plan.keptChannels = MESSAGING_ORDER.filter((c) => kept.has(c));
  plan.suppressionKept = plan.keptChannels.length > 0 ? 'twilio_opt_out' : null;
  plan.suppressionLifted = [...before].some((c) => !after.has(c));
  plan.suppressionAdded = [...after].some((c) => !before.has(c));
  return plan;
}
