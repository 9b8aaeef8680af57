import { CHANNELS } from '@omega/core';
import { describe, expect, it } from 'vitest';
import { consentWording, knownConsentWordingVersions } from './consent-wording.ts';
import { LOCALES } from './locale.ts';

const cases = LOCALES.flatMap((locale) =>
  CHANNELS.flatMap((channel) => [true, false].map((granted) => ({ locale, channel, granted }))),
);

describe('consentWording', () => {
  it.each(cases)('$channel $locale granted=$granted has a text and a version naming it', (c) => {
    const w = consentWording(c.channel, { locale: c.locale, granted: c.granted });
    expect(w.text.length).toBeGreaterThan(40);
    expect(w.version).toBe(`${c.granted ? 'optin' : 'optout'}-${c.channel}-${c.locale}-2026-01`);
    expect(knownConsentWordingVersions().has(w.version)).toBe(true);
  });

  it('gives every decision its own version and its own words', () => {
    const all = cases.map((c) => consentWording(c.channel, c));
    expect(new Set(all.map((w) => w.version)).size).toBe(cases.length);
    expect(new Set(all.map((w) => w.text)).size).toBe(cases.length);
    expect(knownConsentWordingVersions().size).toBe(cases.length);
  });

  it('tells the customer, in French, how to withdraw an SMS consent for free', () => {
    const w = consentWording('sms', { locale: 'fr', granted: true });
    expect(w.label).toBe('SMS');
    expect(w.text).toMatch(/à tout moment, gratuitement/);
    expect(w.text).toMatch(/lien présent dans chaque SMS/);
  });
});
