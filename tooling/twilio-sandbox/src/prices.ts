import type { SandboxChannel } from './addresses.ts';

/**
 * What the sandbox bills, in USD like Twilio: SMS per segment, WhatsApp per message, by the
 * destination's ISO country. Illustrative defaults, not Twilio's rates: configure your own.
 */
export interface PriceTable {
  /** ISO 4217, lowercase or not; Twilio answers `USD`. */
  unit: string;
  sms: Readonly<Record<string, number>>;
  whatsapp: Readonly<Record<string, number>>;
  /** Used when the destination's country is not in the table. */
  fallback: Readonly<Record<SandboxChannel, number>>;
}

/** Default table: round figures close to public list prices (unverified, see the reference). */
export const DEFAULT_PRICES: PriceTable = {
  unit: 'USD',
  sms: { FR: 0.0798, RE: 0.1, YT: 0.1, GP: 0.1, MQ: 0.1, GF: 0.1, BE: 0.0912, US: 0.0083 },
  whatsapp: { FR: 0.005, RE: 0.005, YT: 0.005, GP: 0.005, MQ: 0.005, GF: 0.005 },
  fallback: { sms: 0.1, whatsapp: 0.005 },
};

/** Merges a partial table over the defaults. */
export function resolvePrices(partial: Partial<PriceTable> | undefined): PriceTable {
  return {
    unit: partial?.unit ?? DEFAULT_PRICES.unit,
    sms: { ...DEFAULT_PRICES.sms, ...partial?.sms },
    whatsapp: { ...DEFAULT_PRICES.whatsapp, ...partial?.whatsapp },
    fallback: { ...DEFAULT_PRICES.fallback, ...partial?.fallback },
  };
}

/**
 * The Message `price` string, negative like Twilio's (`"-0.15960"` for two French segments).
 * WhatsApp is billed per message whatever its length.
 */
export function priceOf(
  table: PriceTable,
  channel: SandboxChannel,
  country: string | undefined,
  segments: number,
): string {
  const perUnit =
    (country === undefined ? undefined : table[channel][country]) ?? table.fallback[channel];
  const units = channel === 'sms' ? Math.max(1, segments) : 1;
  return (-(perUnit * units)).toFixed(5);
}
