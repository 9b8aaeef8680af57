import type { MessagingChannel } from './types.ts';

/**
 * What to do after a Twilio error:
 * - `retry`: transient; retry with backoff (within the hints, if any).
 * - `switch_channel`: this channel cannot reach the recipient; use the fallback channel.
 * - `suppress_number`: the number is invalid, a landline or gone; mark it, never retry.
 * - `opt_out`: the recipient opted out; withdraw consent for the channel.
 * - `use_template`: WhatsApp outside the 24 h window; resend as an approved template.
 * - `alert`: an account or content problem staff must fix; do not retry.
 * - `fail`: a permanent error of this one message (a bug in what we sent).
 */
export type ErrorAction =
  | 'retry'
  | 'switch_channel'
  | 'suppress_number'
  | 'opt_out'
  | 'use_template'
  | 'alert'
  | 'fail';

/** How Twilio reports an error: in the create response, in a status callback, or both. */
export type ErrorArrival = 'sync' | 'async' | 'either';

/** What we learn about the phone number from an error. */
export type PhoneStatusFromError = 'invalid' | 'landline' | 'unknown_handset';

/** The classification of one Twilio error. */
export type TwilioErrorClass = {
  action: ErrorAction;
  /** `sync` = HTTP 4xx at create; `async` = a failed/undelivered status callback. */
  arrives: ErrorArrival;
  /** Set with `suppress_number`. */
  phoneStatus?: PhoneStatusFromError;
  /** For `retry`: total attempts worth making for this error (fewer than the policy's). */
  maxAttempts?: number;
  /** For `retry`: the earliest useful retry, in ms. */
  minDelayMs?: number;
  /** Plain-language explanation for the history and the dashboard. */
  reason: string;
};

/** The error codes we know, from twilio-france.md section 3 and Twilio's error pages. */
const KNOWN: Readonly<Record<number, TwilioErrorClass>> = {
  20003: { action: 'alert', arrives: 'sync', reason: 'Twilio authentication failed' },
  20429: { action: 'retry', arrives: 'sync', reason: 'too many concurrent requests' },
  21211: {
    action: 'suppress_number',
    arrives: 'sync',
    phoneStatus: 'invalid',
    reason: 'invalid phone number',
  },
  21408: {
    action: 'alert',
    arrives: 'sync',
    reason: 'sending to this region is not enabled (geo permissions)',
  },
  21606: { action: 'alert', arrives: 'sync', reason: 'the sender cannot send this message' },
  21610: { action: 'opt_out', arrives: 'sync', reason: 'the recipient replied STOP' },
  21611: {
    action: 'retry',
    arrives: 'sync',
    minDelayMs: 600_000,
    reason: "the sender's queue is full",
  },
  21612: {
    action: 'switch_channel',
    arrives: 'sync',
    reason: 'this number cannot be reached on this channel',
  },
  21614: {
    action: 'suppress_number',
    arrives: 'sync',
    phoneStatus: 'landline',
    reason: 'not a mobile number',
  },
  21617: { action: 'fail', arrives: 'sync', reason: 'message body too long' },
  21635: {
    action: 'suppress_number',
    arrives: 'sync',
    phoneStatus: 'landline',
    reason: 'landline numbers cannot receive messages',
  },
  21656: { action: 'fail', arrives: 'sync', reason: 'invalid template variables' },
  30001: { action: 'retry', arrives: 'async', reason: 'queue overflow' },
  30002: { action: 'alert', arrives: 'async', reason: 'Twilio account suspended' },
  30003: {
    action: 'retry',
    arrives: 'async',
    maxAttempts: 3,
    minDelayMs: 900_000,
    reason: 'handset unreachable (off, no signal or roaming)',
  },
  30004: {
    action: 'switch_channel',
    arrives: 'async',
    reason: 'blocked by the carrier or the recipient',
  },
  30005: {
    action: 'suppress_number',
    arrives: 'async',
    phoneStatus: 'unknown_handset',
    reason: 'unknown or inactive number',
  },
  30006: {
    action: 'suppress_number',
    arrives: 'async',
    phoneStatus: 'landline',
    reason: 'landline or unreachable carrier',
  },
  30007: {
    action: 'alert',
    arrives: 'async',
    reason: 'filtered by the carrier (content or sender)',
  },
  30008: { action: 'retry', arrives: 'async', maxAttempts: 2, reason: 'unknown carrier error' },
  30036: {
    action: 'retry',
    arrives: 'async',
    maxAttempts: 2,
    reason: 'expired in the queue (validity period)',
  },
  30450: {
    action: 'retry',
    arrives: 'async',
    minDelayMs: 1_800_000,
    reason: 'destination blocked for a while by SMS pumping protection',
  },
  63003: {
    action: 'switch_channel',
    arrives: 'either',
    reason: 'WhatsApp could not find this number',
  },
  63007: { action: 'alert', arrives: 'either', reason: 'WhatsApp sender not found' },
  63014: { action: 'opt_out', arrives: 'async', reason: 'the recipient blocked us on WhatsApp' },
  63016: {
    action: 'use_template',
    arrives: 'async',
    reason: 'outside the WhatsApp 24-hour window: an approved template is required',
  },
  63017: { action: 'retry', arrives: 'either', reason: 'account message rate exceeded' },
  63018: { action: 'retry', arrives: 'either', reason: 'WhatsApp sender rate exceeded' },
  63024: {
    action: 'switch_channel',
    arrives: 'async',
    reason: 'the number is not on WhatsApp (or has not accepted its terms)',
  },
  63032: {
    action: 'switch_channel',
    arrives: 'async',
    reason: 'WhatsApp withheld the message (Meta experiment)',
  },
  63049: {
    action: 'switch_channel',
    arrives: 'async',
    reason: 'Meta chose not to deliver this template',
  },
};

/**
 * Decides what to do about a failed send or a failed/undelivered status from its Twilio
 * error code and/or HTTP status. HTTP 429 and 5xx are always retried (a 5xx on create is
 * ambiguous: reconcile before resending); known codes follow the table of
 * twilio-france.md section 3; an unknown code is retried once, then given up; no
 * response at all (network error) is retried; any other HTTP error without a code fails.
 *
 * @example classifyTwilioError({ code: 21614, httpStatus: 400, channel: 'sms' }).action // 'suppress_number'
 * @example classifyTwilioError({ code: 63016, channel: 'whatsapp' }).action // 'use_template'
 */
export function classifyTwilioError(input: {
  code?: number | null;
  httpStatus?: number | null;
  channel: MessagingChannel;
}): TwilioErrorClass {
  const { code, httpStatus } = input;
  if (httpStatus === 429) {
    return { action: 'retry', arrives: 'sync', reason: 'rate limited by Twilio (HTTP 429)' };
  }
  if (httpStatus != null && httpStatus >= 500 && httpStatus <= 599) {
    return { action: 'retry', arrives: 'sync', reason: `Twilio server error (HTTP ${httpStatus})` };
  }
  if (code == null) {
    if (httpStatus == null) {
      return {
        action: 'retry',
        arrives: 'sync',
        reason: 'no response from Twilio (network error)',
      };
    }
    if (httpStatus === 401 || httpStatus === 403) {
      return {
        action: 'alert',
        arrives: 'sync',
        reason: `Twilio refused our credentials (HTTP ${httpStatus})`,
      };
    }
    return {
      action: 'fail',
      arrives: 'sync',
      reason: `Twilio rejected the request (HTTP ${httpStatus})`,
    };
  }
  const known = KNOWN[code];
  if (known) return { ...known };
  return {
    action: 'retry',
    arrives: 'either',
    maxAttempts: 2,
    reason: `unknown Twilio error ${code} on ${input.channel}: retried once, then given up`,
  };
}
