import { type NumberType, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** The two messaging channels the sandbox speaks. */
export type SandboxChannel = 'sms' | 'whatsapp';

/** A `To`/`From` value split into channel and number: `whatsapp:+336…` → whatsapp, `+336…`. */
export interface Address {
  channel: SandboxChannel;
  /** What follows the channel prefix (E.164 for phones, or an alphanumeric sender ID). */
  number: string;
  /** The value as written in the request. */
  raw: string;
}

/** Splits a Twilio address into its channel and number. */
export function parseAddress(raw: string): Address {
  const trimmed = raw.trim();
  if (trimmed.toLowerCase().startsWith('whatsapp:')) {
    return { channel: 'whatsapp', number: trimmed.slice('whatsapp:'.length), raw: trimmed };
  }
  return { channel: 'sms', number: trimmed, raw: trimmed };
}

/** Phone types Twilio refuses as an SMS destination (21614, "not a mobile number"). */
const NOT_MOBILE: ReadonlySet<NumberType> = new Set<NumberType>([
  'FIXED_LINE',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'SHARED_COST',
  'UAN',
  'VOICEMAIL',
  'PAGER',
]);

/** Outcome of checking a destination: its country, or the Twilio code that rejects it. */
export type DestinationCheck =
  | { ok: true; country: string | undefined }
  | { ok: false; code: 21211 | 21614; message: string };

/**
 * Checks a destination the way Twilio does at create time: an E.164 number that
 * libphonenumber (max metadata) calls valid (else 21211) and, for SMS, a mobile line (else 21614).
 */
export function checkDestination(address: Address): DestinationCheck {
  const parsed = address.number.startsWith('+')
    ? parsePhoneNumberFromString(address.number)
    : undefined;
  if (!parsed?.isValid() || parsed.number !== address.number) {
    return {
      ok: false,
      code: 21211,
      message: `The 'To' number ${address.raw} is not a valid phone number.`,
    };
  }
  const type = parsed.getType();
  if (address.channel === 'sms' && type !== undefined && NOT_MOBILE.has(type)) {
    return {
      ok: false,
      code: 21614,
      message: `'To' number ${address.raw} is not a valid mobile number`,
    };
  }
  return { ok: true, country: parsed.country };
}

/** ISO country of a phone number, if libphonenumber knows it. */
export function countryOf(number: string): string | undefined {
  return parsePhoneNumberFromString(number)?.country;
}
