import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_SETTINGS } from './cost.ts';
import { CHANNEL_DISPLAY_ORDER, CHANNELS, PRICE_ZONES } from './types.ts';

describe('shared vocabulary', () => {
  it('keeps the cascade order in CHANNELS and shows channels as email, SMS, WhatsApp, push', () => {
    expect(CHANNELS).toEqual(['email', 'whatsapp', 'sms', 'push']);
    expect(CHANNEL_DISPLAY_ORDER).toEqual(['email', 'sms', 'whatsapp', 'push']);
  });

  it('lists every price zone that has a price, nearest first', () => {
    expect(PRICE_ZONES).toEqual(['fr_metro', 'fr_overseas', 'eu', 'world']);
    expect([...PRICE_ZONES].sort()).toEqual(Object.keys(DEFAULT_PRICE_SETTINGS.sms).sort());
    expect([...PRICE_ZONES].sort()).toEqual(Object.keys(DEFAULT_PRICE_SETTINGS.whatsapp).sort());
  });
});
