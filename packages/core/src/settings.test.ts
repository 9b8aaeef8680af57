import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_SETTINGS } from './cost.ts';
import { DEFAULT_BUDGET, DEFAULT_FREQUENCY_CAP } from './limits.ts';
import { DEFAULT_RETRY_POLICY } from './retry.ts';
import { DEFAULT_ROLLOUT } from './rollout.ts';
import { DEFAULT_SEND_WINDOW } from './send-window.ts';
import { DEFAULT_CASCADE_POLICY, DEFAULT_CHANNELS_ENABLED, DEFAULT_SETTINGS } from './settings.ts';

describe('DEFAULT_SETTINGS', () => {
  it('composes every module default, for a shop in metropolitan France', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      defaultCountry: 'FR',
      channelsEnabled: { email: true, sms: true, whatsapp: true, push: true },
      cascade: DEFAULT_CASCADE_POLICY,
      sendWindow: DEFAULT_SEND_WINDOW,
      rollout: DEFAULT_ROLLOUT,
      frequencyCap: DEFAULT_FREQUENCY_CAP,
      budget: DEFAULT_BUDGET,
      prices: DEFAULT_PRICE_SETTINGS,
      retry: DEFAULT_RETRY_POLICY,
    });
  });

  it('its channel switches are a copy (editing them does not change the constant)', () => {
    expect(DEFAULT_SETTINGS.channelsEnabled).not.toBe(DEFAULT_CHANNELS_ENABLED);
    expect(DEFAULT_CHANNELS_ENABLED).toEqual({
      email: true,
      sms: true,
      whatsapp: true,
      push: true,
    });
  });

  it('quiet hours apply to SMS and WhatsApp only; WhatsApp falls back to SMS', () => {
    expect(DEFAULT_CASCADE_POLICY.quietHoursChannels).toEqual(['sms', 'whatsapp']);
    expect(DEFAULT_CASCADE_POLICY.fallback).toEqual({ whatsapp: ['sms'] });
  });

  it('no default rule puts SMS next to WhatsApp in an "all" group', () => {
    for (const rule of DEFAULT_CASCADE_POLICY.rules) {
      for (const group of rule.groups) {
        if (group.mode !== 'all') continue;
        expect(group.channels.includes('sms') && group.channels.includes('whatsapp')).toBe(false);
      }
    }
  });
});
