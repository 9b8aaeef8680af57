import { CHANNEL_DISPLAY_ORDER, DEFAULT_REGISTERED_CONSENT } from '@omega/core';
import type { ConsentChannel } from '@omega/templates';

/** The channels in the order the boxes are shown: core's display order (email, SMS, WhatsApp, push). */
export const CONSENT_CHANNELS: readonly ConsentChannel[] = CHANNEL_DISPLAY_ORDER;

/** The state of every box: `true` = ticked (the customer agrees to that channel). */
export type ConsentValues = Record<ConsentChannel, boolean>;

/**
 * What the customer's consent log already says, per channel. A registration has nothing
 * recorded yet (`{}`); a profile page passes the customer's current state.
 */
export type RecordedConsent = Partial<Record<ConsentChannel, boolean>>;

/**
 * The boxes before the customer touches them, as in the seed (Phase 2A.5): email and push
 * ticked, SMS and WhatsApp never ticked in advance (CNIL: consent is an act, boxes are not
 * pre-ticked).
 */
export const DEFAULT_CONSENT_VALUES: Readonly<ConsentValues> = {
  email: DEFAULT_REGISTERED_CONSENT.email,
  sms: false,
  whatsapp: false,
  push: DEFAULT_REGISTERED_CONSENT.push,
};

/** SMS and WhatsApp: the channels that only ever start ticked when the log holds a grant. */
function needsPriorGrant(channel: ConsentChannel): boolean {
  return channel === 'sms' || channel === 'whatsapp';
}

/**
 * The boxes' starting state: the seed defaults, then what is `recorded`, then the host's
 * `defaultValue`. A `defaultValue` that ticks SMS or WhatsApp is ignored unless `recorded`
 * says the customer already agreed to that channel: a box ticked by anyone but the customer
 * would record a consent the customer never gave.
 */
export function initialConsent(
  recorded: RecordedConsent = {},
  defaultValue: Partial<ConsentValues> = {},
): ConsentValues {
  const out = { ...DEFAULT_CONSENT_VALUES };
  for (const channel of CONSENT_CHANNELS) {
    const known = recorded[channel];
    if (known !== undefined) out[channel] = known;
    const wanted = defaultValue[channel];
    if (wanted === undefined) continue;
    if (wanted && needsPriorGrant(channel) && known !== true) continue;
    out[channel] = wanted;
  }
  return out;
}

/** Whether `value` is one of the four consent channels. */
export function isConsentChannel(value: unknown): value is ConsentChannel {
  return (CONSENT_CHANNELS as readonly unknown[]).includes(value);
}

/** The part of `value` the customer sees: only `channels`, in display order. */
export function visibleValues(
  value: ConsentValues,
  channels: readonly ConsentChannel[],
): Partial<ConsentValues> {
  const out: Partial<ConsentValues> = {};
  for (const c of CONSENT_CHANNELS) if (channels.includes(c)) out[c] = value[c];
  return out;
}
