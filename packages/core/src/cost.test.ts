import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRICE_SETTINGS,
  estimateMessageCostEur,
  estimateSmsCostEur,
  type PriceSettings,
  priceZoneForCountry,
  twilioPriceToEur,
} from './cost.ts';

const PRICES: PriceSettings = {
  currency: 'EUR',
  usdToEur: 0.9,
  sms: { fr_metro: 0.07, fr_overseas: 0.1, eu: 0.08, world: 0.12 },
  whatsapp: { fr_metro: 0.04, fr_overseas: 0.02, eu: 0.05, world: 0.03 },
};

describe('priceZoneForCountry', () => {
  it.each([
    ['FR', 'fr_metro'],
    ['fr', 'fr_metro'],
    [' FR ', 'fr_metro'],
    ['RE', 'fr_overseas'],
    ['YT', 'fr_overseas'],
    ['GP', 'fr_overseas'],
    ['MQ', 'fr_overseas'],
    ['GF', 'fr_overseas'],
    ['BL', 'fr_overseas'],
    ['MF', 'fr_overseas'],
    ['PM', 'fr_overseas'],
    ['re', 'fr_overseas'],
    ['NC', 'world'],
    ['PF', 'world'],
    ['KM', 'world'],
    ['MC', 'world'],
    ['CH', 'world'],
    ['GB', 'world'],
    ['US', 'world'],
    ['NO', 'world'],
    ['', 'world'],
  ])('%j → %s', (country, zone) => {
    expect(priceZoneForCountry(country)).toBe(zone);
  });

  it.each(
    'AT BE BG CY CZ DE DK EE ES FI GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' '),
  )('EU member %s → eu', (country) => {
    expect(priceZoneForCountry(country)).toBe('eu');
    expect(priceZoneForCountry(country.toLowerCase())).toBe('eu');
  });
});

describe('estimateSmsCostEur', () => {
  it.each([
    [0, 'fr_metro', 0],
    [1, 'fr_metro', 0.07],
    [2, 'fr_metro', 0.14],
    [3, 'fr_overseas', 0.3],
    [1, 'eu', 0.08],
    [10, 'world', 1.2],
  ] as const)('%i segment(s) to %s → %f €', (segments, zone, expected) => {
    expect(estimateSmsCostEur(segments, zone, PRICES)).toBe(expected);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('throws on %f segments', (segments) => {
    expect(() => estimateSmsCostEur(segments, 'fr_metro', PRICES)).toThrow(
      new RangeError(`segments must be a non-negative integer, got ${segments}`),
    );
  });

  it('uses the default prices', () => {
    expect(estimateSmsCostEur(2, 'fr_metro', DEFAULT_PRICE_SETTINGS)).toBe(0.15);
  });
});

describe('estimateMessageCostEur', () => {
  it.each([
    ['sms', 2, 'fr_metro', 0.14],
    ['sms', 1, 'fr_overseas', 0.1],
    ['whatsapp', 1, 'fr_metro', 0.04],
    ['whatsapp', 3, 'eu', 0.05],
    ['whatsapp', 0, 'fr_overseas', 0.02],
    ['email', 4, 'world', 0],
    ['push', 1, 'fr_metro', 0],
  ] as const)('%s, %i segment(s), %s → %f €', (channel, segments, zone, expected) => {
    expect(estimateMessageCostEur(channel, { segments, zone }, PRICES)).toBe(expected);
  });
});

describe('twilioPriceToEur', () => {
  it.each([
    ['-0.0750', 'USD', 0.0675],
    ['-0.0750', 'usd', 0.0675],
    ['0.0750', 'USD', 0.0675],
    [-0.1, 'USD', 0.09],
    ['-0.0750', null, 0.0675],
    ['-0.0750', 'EUR', 0.075],
    ['-0.0750', ' eur ', 0.075],
    ['0', 'USD', 0],
    [null, 'USD', null],
    ['', 'USD', null],
    ['  ', 'USD', null],
    ['abc', 'USD', null],
    ['-0.0750', 'GBP', null],
  ] as const)('%j %j → %j', (price, unit, expected) => {
    expect(twilioPriceToEur(price, unit, PRICES)).toBe(expected);
  });

  it('uses the configured rate', () => {
    expect(twilioPriceToEur('-1', 'USD', { ...PRICES, usdToEur: 0.5 })).toBe(0.5);
    expect(twilioPriceToEur('-1', 'USD', DEFAULT_PRICE_SETTINGS)).toBe(0.86);
  });
});

describe('DEFAULT_PRICE_SETTINGS', () => {
  it('prices every zone in euros, overseas SMS dearer than metropolitan', () => {
    expect(DEFAULT_PRICE_SETTINGS.currency).toBe('EUR');
    for (const table of [DEFAULT_PRICE_SETTINGS.sms, DEFAULT_PRICE_SETTINGS.whatsapp]) {
      expect(Object.keys(table).sort()).toEqual(['eu', 'fr_metro', 'fr_overseas', 'world']);
      for (const price of Object.values(table)) expect(price).toBeGreaterThan(0);
    }
    expect(DEFAULT_PRICE_SETTINGS.sms.fr_overseas).toBeGreaterThan(
      DEFAULT_PRICE_SETTINGS.sms.fr_metro,
    );
  });
});
