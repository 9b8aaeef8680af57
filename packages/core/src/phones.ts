import {
  type CountryCode,
  type NumberType,
  type PhoneNumber,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';
import { priceZoneForCountry } from './cost.ts';
import { err, ok, type PriceZone, type Result } from './types.ts';

/** An ISO 3166 alpha-2 region code known to libphonenumber (`FR`, `RE`, `BE`…). */
export type { CountryCode } from 'libphonenumber-js/max';

/**
 * What kind of line a number is, from libphonenumber's full metadata (lower-case names of
 * its `NumberType`); `unknown` when the metadata cannot tell.
 */
export type PhoneType =
  | 'mobile'
  | 'fixed_line'
  | 'fixed_line_or_mobile'
  | 'voip'
  | 'toll_free'
  | 'premium_rate'
  | 'shared_cost'
  | 'personal_number'
  | 'pager'
  | 'uan'
  | 'voicemail'
  | 'unknown';

/** A valid phone number, normalised. */
export interface ParsedPhone {
  /** E.164 form, e.g. `+33612345678`; what Twilio and the suppression list use. */
  e164: string;
  /** The number's region (ISO 3166 alpha-2), e.g. `FR`, `RE`, `BE`. */
  country: CountryCode;
  /** Mobile, landline, VoIP… */
  type: PhoneType;
  /** Whether an SMS can be sent to it; see {@link isSmsCapableType}. */
  smsCapable: boolean;
  /** The price zone of the destination. */
  zone: PriceZone;
}

/** Why a phone number was rejected. */
export type PhoneErrorCode =
  | 'empty'
  | 'not_a_number'
  | 'too_short'
  | 'too_long'
  | 'invalid_length'
  | 'invalid_country'
  | 'invalid_for_region';

/** A rejected phone number: a reason code and a message staff can read (French). */
export interface PhoneError {
  code: PhoneErrorCode;
  message: string;
}

/** The French message shown to staff for each rejection reason. */
export const PHONE_ERROR_MESSAGES: Readonly<Record<PhoneErrorCode, string>> = {
  empty: 'Aucun numéro de téléphone renseigné.',
  not_a_number: "Ce n'est pas un numéro de téléphone (aucun chiffre exploitable).",
  too_short: 'Numéro trop court : il manque des chiffres.',
  too_long: 'Numéro trop long : il y a des chiffres en trop.',
  invalid_length: 'Nombre de chiffres impossible pour ce pays.',
  invalid_country: 'Indicatif pays inconnu.',
  invalid_for_region:
    "Numéro non attribué : ces chiffres ne correspondent à aucun numéro valide (France métropolitaine, outre-mer ou pays de l'indicatif).",
};

/**
 * Regions tried, in this order, when a number written in national format is not valid for
 * the default region (the default region itself is left out): metropolitan France, then
 * Réunion, Mayotte, Guadeloupe, Martinique, Guyane. With the default `FR` that is RE, YT, GP,
 * MQ, GF: `0692 12 34 56` is not a metropolitan number but is a Réunion mobile
 * (`+262692123456`). A shop whose default region is `RE` still understands `06 12 34 56 78`.
 */
export const FRENCH_FALLBACK_COUNTRIES: readonly CountryCode[] = [
  'FR',
  'RE',
  'YT',
  'GP',
  'MQ',
  'GF',
];

/** Options of {@link parsePhone} and {@link pickPhone}. */
export interface ParsePhoneOptions {
  /** The region assumed for numbers written without a country code (the shop's; `FR`). */
  defaultCountry?: CountryCode;
  /**
   * Regions tried, in order, for a national-format number that is not valid for the default
   * region. Defaults to {@link FRENCH_FALLBACK_COUNTRIES} (listing the default region there
   * changes nothing: it has already been tried).
   */
  fallbackCountries?: readonly CountryCode[];
}

const TYPE_NAMES: Readonly<Record<NonNullable<NumberType>, PhoneType>> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed_line',
  FIXED_LINE_OR_MOBILE: 'fixed_line_or_mobile',
  VOIP: 'voip',
  TOLL_FREE: 'toll_free',
  PREMIUM_RATE: 'premium_rate',
  SHARED_COST: 'shared_cost',
  PERSONAL_NUMBER: 'personal_number',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
};

/**
 * Whether SMS may be sent to a number of this type. `mobile` yes. `fixed_line_or_mobile`
 * also yes: it is what the metadata says for every North-American number (+1), where mobile
 * and landline share ranges; if it turns out to be a landline Twilio refuses it at once
 * (21614, not charged) and the number is marked `landline`, so it is never tried again.
 * Landlines, VoIP, toll-free, premium and the rest: no.
 */
export function isSmsCapableType(type: PhoneType): boolean {
  return type === 'mobile' || type === 'fixed_line_or_mobile';
}

/**
 * Cleans what people type before handing it to libphonenumber: full-width characters become
 * ASCII (NFKC), a leading label ("Tel:", "Tél. :", "Portable -") is dropped, repeated or
 * spaced leading "+" become one, a leading international `00` becomes `+`, and trailing
 * text after the last digit is dropped.
 *
 * @example
 * cleanPhoneInput('Tél. : ++33 6 12 34 56 78'); // '+33 6 12 34 56 78'
 */
export function cleanPhoneInput(input: string): string {
  return input
    .normalize('NFKC')
    .replace(/[^\d+]*?(?=\+|\(?\d)/, '')
    .replace(/^\+[\s+]*/, '+')
    .replace(/^00\s*(?=[1-9])/, '+')
    .replace(/\D+$/, '');
}

function toParsed(e164: string, country: CountryCode, type: NumberType): ParsedPhone {
  const phoneType = type === undefined ? 'unknown' : TYPE_NAMES[type];
  return {
    e164,
    country,
    type: phoneType,
    smsCapable: isSmsCapableType(phoneType),
    zone: priceZoneForCountry(country),
  };
}

/** The number parsed with `country` as the default region, when libphonenumber says valid. */
function validIn(text: string, country: CountryCode): PhoneNumber | undefined {
  const phone = parsePhoneNumberFromString(text, country);
  return phone?.isValid() ? phone : undefined;
}

function rejection(code: PhoneErrorCode): { ok: false; error: PhoneError } {
  return err({ code, message: PHONE_ERROR_MESSAGES[code] });
}

/**
 * Parses and validates a phone number as people type it, with libphonenumber's full
 * ("max") metadata.
 *
 * Accepted: spaces, dots, dashes, `+33 (0)6…`, `0033 6…`, `+33 06…`, labels such as "Tel:",
 * full-width digits, stray repeated `+`. A national-format number valid for the default
 * region is kept as is (`0269…` is a metropolitan landline); one that is not is tried for
 * Réunion, Mayotte, Guadeloupe, Martinique and Guyane in that order (`0692…` →
 * `+262692…`). A number written with its country code is never reinterpreted. Foreign
 * numbers are accepted with their own zone. Non-geographic numbers (+800, +882…) are
 * rejected as `invalid_country`: they have no region to price or to time.
 *
 * @example
 * parsePhone('06 12 34 56 78');
 * // { ok: true, value: { e164: '+33612345678', country: 'FR', type: 'mobile', smsCapable: true, zone: 'fr_metro' } }
 * parsePhone('0692 12 34 56').ok; // true, e164 '+262692123456', country 'RE'
 * parsePhone('06 12'); // { ok: false, error: { code: 'too_short', message: … } }
 */
export function parsePhone(
  input: string,
  options: ParsePhoneOptions = {},
): Result<ParsedPhone, PhoneError> {
  if (input.trim() === '') return rejection('empty');
  const defaultCountry = options.defaultCountry ?? 'FR';
  const text = cleanPhoneInput(input);

  const direct = validIn(text, defaultCountry);
  if (direct !== undefined) {
    // Valid but non-geographic (+800, +882…): no region to price or to time.
    if (direct.country === undefined) return rejection('invalid_country');
    return ok(toParsed(direct.number, direct.country, direct.getType()));
  }
  // Only a national-format number can be read differently in another region: one written
  // with its country code parses the same whatever the default region.
  for (const country of options.fallbackCountries ?? FRENCH_FALLBACK_COUNTRIES) {
    const phone = validIn(text, country);
    if (phone?.country !== undefined) {
      return ok(toParsed(phone.number, phone.country, phone.getType()));
    }
  }

  switch (validatePhoneNumberLength(text, defaultCountry)) {
    case 'NOT_A_NUMBER':
      return rejection('not_a_number');
    case 'TOO_SHORT':
      return rejection('too_short');
    case 'TOO_LONG':
      return rejection('too_long');
    case 'INVALID_LENGTH':
      return rejection('invalid_length');
    case 'INVALID_COUNTRY':
      return rejection('invalid_country');
    default:
      return rejection('invalid_for_region');
  }
}

/** Where a candidate phone number comes from, in the seed's order of preference. */
export type PhoneSource = 'profile' | 'client';

/** One candidate of {@link pickPhone}: the raw value stored in Firestore, if any. */
export interface PhoneCandidate {
  source: PhoneSource;
  value: string | null | undefined;
}

/** A candidate {@link pickPhone} did not use, and why. */
export interface SkippedPhone {
  source: PhoneSource;
  code: PhoneErrorCode;
  message: string;
}

/** The result of {@link pickPhone}. */
export interface PickedPhone {
  /** The first valid number, or `null` when none is. */
  phone: ParsedPhone | null;
  /** Where the chosen number came from (`null` when none). */
  source: PhoneSource | null;
  /** Every candidate before the chosen one, with the reason it was rejected. */
  skipped: SkippedPhone[];
}

/**
 * Chooses the phone number to use among candidates in order (the seed's order: the
 * profile's `phoneNumber`, then the linked client's `phone`): the first valid one wins.
 * Missing or blank values are recorded as `empty`. Candidates after the winner are not
 * examined.
 *
 * @example
 * pickPhone([{ source: 'profile', value: '' }, { source: 'client', value: '06 12 34 56 78' }]);
 * // { phone: { e164: '+33612345678', … }, source: 'client', skipped: [{ source: 'profile', code: 'empty', … }] }
 */
export function pickPhone(
  candidates: readonly PhoneCandidate[],
  options: ParsePhoneOptions = {},
): PickedPhone {
  const skipped: SkippedPhone[] = [];
  for (const candidate of candidates) {
    const result = parsePhone(candidate.value ?? '', options);
    if (result.ok) return { phone: result.value, source: candidate.source, skipped };
    skipped.push({ source: candidate.source, ...result.error });
  }
  return { phone: null, source: null, skipped };
}

/** How long a message from a number proves its handset exists (30005 is then not believed). */
export const INBOUND_PROVES_HANDSET_MS = 7 * 24 * 3_600_000;

/**
 * Whether a delivery failure's verdict on a number should be recorded as its mark (pure).
 * `unknown_handset` (30005) is not, when the number itself wrote to us within
 * {@link INBOUND_PROVES_HANDSET_MS}: the handset exists, the failure is the carrier's moment
 * (switched off, out of coverage). Invalid and landline verdicts always are.
 *
 * @example shouldMarkPhone('unknown_handset', new Date('2026-12-01'), new Date('2026-12-02')) // false
 */
export function shouldMarkPhone(
  status: 'invalid' | 'landline' | 'unknown_handset',
  lastInboundAt: Date | null,
  now: Date,
): boolean {
  if (status !== 'unknown_handset' || !lastInboundAt) return true;
  return now.getTime() - lastInboundAt.getTime() > INBOUND_PROVES_HANDSET_MS;
}
