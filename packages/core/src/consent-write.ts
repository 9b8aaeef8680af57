import {
  type ConsentRecord,
  type ConsentSource,
  consentRecordChannels,
  isMessagingChannel,
} from './consent.ts';
import type { Channel, MessagingChannel } from './types.ts';

/** A number's entry on the suppression list (`suppressions/{e164}`), as stored. */
export interface SuppressionEntry {
  scope: 'all' | MessagingChannel;
  /** Why: `twilio_opt_out` (only the customer's START lifts it), `opt_out_keyword`, `web_opt_out`. */
  reason: string | null;
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
}

/** The suppression entry after the decisions. */
export type SuppressionWrite =
  | { action: 'keep' }
  | { action: 'delete' }
  | { action: 'set'; scope: 'all' | MessagingChannel; reason: string; created: boolean };

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
  suppressionLifted: boolean;
  suppressionAdded: boolean;
  /** `consent_<channel>_granted|withdrawn`, for the day's statistics. */
  counters: Record<string, number>;
}

function channelsOf(scope: SuppressionEntry['scope']): Set<MessagingChannel> {
  return scope === 'all' ? new Set(['sms', 'whatsapp']) : new Set([scope]);
}

function scopeOf(channels: ReadonlySet<MessagingChannel>): SuppressionEntry['scope'] | null {
  if (channels.size === 0) return null;
  if (channels.size === 2) return 'all';
  return channels.has('sms') ? 'sms' : 'whatsapp';
}

/**
 * The one rule of every consent change, whoever makes it (counter, web page, registration,
 * keyword, provider error, staff): each record is appended and becomes the channel's current
 * state; the suppression list follows:
 * - a messaging grant lifts the number's suppression for that channel only — except a Twilio
 *   opt-out (21610), which only the customer's own START (a keyword) lifts: staff or the web
 *   page get `suppressionKept: 'twilio_opt_out'`;
 * - a messaging withdrawal by keyword or provider error (and, with `suppressOnWithdrawal`, any
 *   other) suppresses the number for its channels (STOPALL: both), widening, never narrowing;
 * - a provider opt-out for a channel already suppressed is already on record: nothing is written
 *   (one record per customer decision).
 */
export function planConsentWrite(input: ConsentWriteInput): ConsentWritePlan {
  const before = input.suppression
    ? channelsOf(input.suppression.scope)
    : new Set<MessagingChannel>();
  const after = new Set(before);
  const plan: ConsentWritePlan = {
    records: [],
    consentMap: {},
    preferences: {},
    suppression: { action: 'keep' },
    suppressionKept: null,
    suppressionLifted: false,
    suppressionAdded: false,
    counters: {},
  };
  const providerOptOut = input.suppression?.reason === SUPPRESSION_REASON['twilio-error'];
  let reason: string | null = null;
  for (const record of input.records) {
    const channels = consentRecordChannels(record);
    const messaging = channels.filter(isMessagingChannel);
    if (
      record.source === 'twilio-error' &&
      !record.granted &&
      messaging.length > 0 &&
      messaging.every((c) => before.has(c))
    ) {
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
        if (providerOptOut && record.source !== 'keyword') plan.suppressionKept = 'twilio_opt_out';
        else after.delete(channel);
      } else if (!record.granted && suppress && !after.has(channel)) {
        after.add(channel);
        reason = SUPPRESSION_REASON[record.source];
      }
    }
  }
  const scope = scopeOf(after);
  if (scope !== scopeOf(before)) {
    plan.suppression =
      scope === null
        ? { action: 'delete' }
        : {
            action: 'set',
            scope,
            // A Twilio opt-out stays the reason while it holds (only START lifts it).
            reason: providerOptOut
              ? SUPPRESSION_REASON['twilio-error']
              : (reason ?? input.suppression?.reason ?? SUPPRESSION_REASON.web),
            created: input.suppression === null,
          };
  }
  plan.suppressionLifted = [...before].some((c) => !after.has(c));
  plan.suppressionAdded = [...after].some((c) => !before.has(c));
  return plan;
}
