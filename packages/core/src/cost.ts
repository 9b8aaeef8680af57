import type { Channel, PriceZone } from './types.ts';

/** Prices used for estimates, in euros; editable in the dashboard settings. */
export type PriceSettings = {
  /** Estimates are always in euros. */
  currency: 'EUR';
  /** Euros per US dollar, to convert Twilio's actual prices (`price_unit` USD). */
  usdToEur: number;
  /** Euros per SMS segment, by destination zone. */
  sms: Record<PriceZone, number>;
  /** Euros per WhatsApp message (Twilio fee + Meta utility fee), by destination zone. */
  whatsapp: Record<PriceZone, number>;
};

/**
 * Starting prices: rough public list prices in mid-2026, to be replaced by the shop's real
 * rates in settings (Twilio Pricing API `GET /v1/Messaging/Countries/FR`, Meta rate card).
 * Actual prices are reconciled later from each message's `price`.
 */
export const DEFAULT_PRICE_SETTINGS: PriceSettings = {
  currency: 'EUR',
  usdToEur: 0.86,
  sms: { fr_metro: 0.075, fr_overseas: 0.11, eu: 0.08, world: 0.12 },
  whatsapp: { fr_metro: 0.035, fr_overseas: 0.025, eu: 0.035, world: 0.03 },
};

/** The French overseas territories that Twilio prices apart from metropolitan France. */
const FR_OVERSEAS: ReadonlySet<string> = new Set(['RE', 'YT', 'GP', 'MQ', 'GF', 'BL', 'MF', 'PM']);

/** The other 26 member states of the European Union (France is `fr_metro`). */
const EU_MEMBERS: ReadonlySet<string> = new Set([
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
]);

/**
 * The price zone of a destination country (ISO 3166 alpha-2, any case): `FR` →
 * `fr_metro`; Réunion, Mayotte, Guadeloupe, Martinique, Guyane, Saint-Barthélemy,
 * Saint-Martin, Saint-Pierre-et-Miquelon → `fr_overseas`; other EU members → `eu`;
 * anything else (including New Caledonia and Polynesia, priced as foreign) → `world`.
 *
 * @example priceZoneForCountry('RE') // 'fr_overseas'
 */
export function priceZoneForCountry(country: string): PriceZone {
  const code = country.trim().toUpperCase();
  if (code === 'FR') return 'fr_metro';
  if (FR_OVERSEAS.has(code)) return 'fr_overseas';
  if (EU_MEMBERS.has(code)) return 'eu';
  return 'world';
}

/** Rounds a euro amount to a millionth, so sums of prices do not show float noise. */
function roundEur(amount: number): number {
  return Math.round(amount * 1_000_000) / 1_000_000;
}

/**
 * Estimated price of an SMS in euros: segments × the zone's price per segment.
 * Throws on a negative or fractional segment count (a bug, not an input error).
 *
 * @example estimateSmsCostEur(2, 'fr_metro', DEFAULT_PRICE_SETTINGS) // 0.15
 */
export function estimateSmsCostEur(
  segments: number,
  zone: PriceZone,
  prices: PriceSettings,
): number {
  if (!Number.isInteger(segments) || segments < 0) {
    throw new RangeError(`segments must be a non-negative integer, got ${segments}`);
  }
  return roundEur(segments * prices.sms[zone]);
}

/**
 * Estimated price in euros of one message on a channel: SMS by segment, WhatsApp per
 * message (segments do not matter), email and push free.
 *
 * @example estimateMessageCostEur('whatsapp', { segments: 3, zone: 'eu' }, DEFAULT_PRICE_SETTINGS) // 0.035
 */
export function estimateMessageCostEur(
  channel: Channel,
  message: { segments: number; zone: PriceZone },
  prices: PriceSettings,
): number {
  switch (channel) {
    case 'sms':
      return estimateSmsCostEur(message.segments, message.zone, prices);
    case 'whatsapp':
      return roundEur(prices.whatsapp[message.zone]);
    case 'email':
    case 'push':
      return 0;
  }
}

/**
 * Converts the actual price Twilio reports on a Message (`price`, a negative decimal
 * string such as `"-0.0750"`, with `price_unit` such as `"USD"`) into a positive euro
 * amount. Returns `null` while Twilio has not priced the message yet, when the price is
 * not a number, or when the currency is neither USD nor EUR. A missing unit is taken as
 * USD, Twilio's default account currency.
 *
 * @example twilioPriceToEur('-0.0750', 'USD', { ...DEFAULT_PRICE_SETTINGS, usdToEur: 0.9 }) // 0.0675
 */
export function twilioPriceToEur(
  price: string | number | null,
  priceUnit: string | null,
  prices: PriceSettings,
): number | null {
  if (price === null || (typeof price === 'string' && price.trim() === '')) return null;
  const amount = Math.abs(Number(price));
  if (!Number.isFinite(amount)) return null;
  const unit = (priceUnit ?? 'USD').trim().toUpperCase();
  if (unit === 'EUR') return roundEur(amount);
  if (unit === 'USD') return roundEur(amount * prices.usdToEur);
  return null;
}
