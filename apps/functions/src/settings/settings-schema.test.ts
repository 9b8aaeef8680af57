import { DEFAULT_SETTINGS } from '@omega/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PIPELINE_SETTINGS, parseSettings } from './settings-schema.ts';

describe('parseSettings', () => {
  it('gives core defaults for a missing document', () => {
    expect(parseSettings(undefined)).toEqual({ settings: DEFAULT_PIPELINE_SETTINGS, issues: [] });
  });

  it('merges partial sections over the defaults', () => {
    const { settings, issues } = parseSettings({
      budget: { monthlyEur: 120 },
      rollout: { sms: { percent: 10 } },
      prices: { usdToEur: 0.9, sms: { fr_metro: 0.07 } },
      twilio: { smsFrom: 'OMEGA' },
    });
    expect(issues).toEqual([]);
    expect(settings.core.budget).toEqual({ ...DEFAULT_SETTINGS.budget, monthlyEur: 120 });
    expect(settings.core.rollout.sms).toEqual({ percent: 10, allowlist: [] });
    expect(settings.core.rollout.email).toEqual(DEFAULT_SETTINGS.rollout.email);
    expect(settings.core.prices.sms).toEqual({ ...DEFAULT_SETTINGS.prices.sms, fr_metro: 0.07 });
    expect(settings.core.prices.usdToEur).toBe(0.9);
    expect(settings.core.prices.currency).toBe('EUR');
    expect(settings.twilio).toEqual({ smsFrom: 'OMEGA' });
  });

  it.each([
    [{ budget: { monthlyEur: -5 } }, 'budget.monthlyEur'],
    [{ rollout: { sms: { percent: 150 } } }, 'rollout.sms.percent'],
    [{ sendWindow: { startHour: 25 } }, 'sendWindow.startHour'],
    [{ twilio: { messagingServiceSid: 'not-a-sid' } }, 'twilio.messagingServiceSid'],
  ])('falls back to the defaults and names the bad field (%o)', (doc, field) => {
    const { settings, issues } = parseSettings(doc);
    expect(settings).toBe(DEFAULT_PIPELINE_SETTINGS);
    expect(issues.join()).toContain(field);
  });

  it.each([
    [
      { sendWindow: { startHour: 21 } },
      'l’heure de début (21:00) doit précéder l’heure de fin (20:00)',
    ],
    [{ sendWindow: { closedWeekdays: [0, 1, 2, 3, 4, 5, 6] } }, 'au moins un jour'],
  ])(
    'checks the merged send window as a whole (%o): default window, named problem',
    (doc, words) => {
      const { settings, issues } = parseSettings({ ...doc, budget: { monthlyEur: 120 } });
      expect(issues).toEqual([expect.stringContaining(words)]);
      expect(issues[0]).toMatch(/^sendWindow: /);
      expect(settings.core.sendWindow).toEqual(DEFAULT_SETTINGS.sendWindow);
      // The rest of the document still applies.
      expect(settings.core.budget.monthlyEur).toBe(120);
    },
  );

  it('reads the WhatsApp sender health leniently: a malformed value is never checked, never invalid', () => {
    const good = parseSettings({
      whatsappSender: { status: 'OFFLINE', qualityRating: 'LOW', available: false },
    });
    expect(good.issues).toEqual([]);
    expect(good.settings.whatsappSender).toMatchObject({ status: 'OFFLINE', qualityRating: 'LOW' });
    const odd = parseSettings({ whatsappSender: { status: 'ONLINE', qualityRating: 'PURPLE' } });
    expect(odd.settings.whatsappSender?.qualityRating).toBe('UNKNOWN');
    const broken = parseSettings({ whatsappSender: 'offline', budget: { monthlyEur: 120 } });
    expect(broken.issues).toEqual([]);
    expect(broken.settings.whatsappSender).toBeNull();
    expect(broken.settings.core.budget.monthlyEur).toBe(120);
  });
});

describe('the shop location settings', () => {
  it('reads coordinates, label and maps URL; the maps URL may be left to the default (null)', () => {
    const { settings, issues } = parseSettings({
      shop: { latitude: 45.7578, longitude: 4.832, locationLabel: 'O’MEGA Lyon', mapsUrl: null },
    });
    expect(issues).toEqual([]);
    expect(settings.shop).toMatchObject({
      latitude: 45.7578,
      longitude: 4.832,
      locationLabel: 'O’MEGA Lyon',
      mapsUrl: null,
      address: DEFAULT_PIPELINE_SETTINGS.shop.address,
    });
  });

  it.each([
    [{ latitude: 91 }, 'shop.latitude: la latitude doit être comprise entre -90 et 90'],
    [{ latitude: -90.5 }, 'shop.latitude: la latitude doit être comprise entre -90 et 90'],
    [{ longitude: 180.01 }, 'shop.longitude: la longitude doit être comprise entre -180 et 180'],
    [
      { mapsUrl: 'http://maps.google.com/?q=1,2' },
      'shop.mapsUrl: le lien de la carte doit être une adresse https',
    ],
    [{ mapsUrl: 'https://maps.example.com/a b' }, 'shop.mapsUrl: le lien de la carte'],
    [{ locationLabel: '   ' }, 'shop.locationLabel: le nom affiché sur la carte est obligatoire'],
  ])('refuses %o with its message', (shop, message) => {
    const { settings, issues } = parseSettings({ shop });
    expect(settings).toBe(DEFAULT_PIPELINE_SETTINGS);
    expect(issues.join(' ; ')).toContain(message);
  });
});
