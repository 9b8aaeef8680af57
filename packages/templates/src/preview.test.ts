import { DEFAULT_PRICE_SETTINGS, estimateSmsCostEur, type PriceSettings } from '@omega/core';
import { describe, expect, it } from 'vitest';
import { preview } from './preview.ts';
import { sampleVariables } from './samples.ts';

const prices: PriceSettings = {
  ...DEFAULT_PRICE_SETTINGS,
  sms: { fr_metro: 0.07, fr_overseas: 0.12, eu: 0.09, world: 0.2 },
  whatsapp: { fr_metro: 0.03, fr_overseas: 0.02, eu: 0.04, world: 0.05 },
};

describe('preview', () => {
  it('gives the dashboard the SMS text, encoding, segments and price', () => {
    const p = preview('status_completed', 'sms', sampleVariables('status_completed'), {
      prices,
      country: 'FR',
    });
    expect(p).toEqual({
      ok: true,
      value: {
        text: "O'MEGA Services : Bonjour Marie, la réparation de votre iPhone 13 est terminée. Retrait possible en boutique. Suivi : https://omega.fr/t/Ab3xK9pQ",
        encoding: 'GSM-7',
        segments: 1,
        nonGsmCharacters: [],
        estimatedEur: 0.07,
        truncated: [],
      },
    });
  });

  it.each([
    ['FR', 0.07],
    ['RE', 0.12],
    ['BE', 0.09],
    ['MA', 0.2],
  ])('prices an SMS to %s at %d', (country, eur) => {
    const p = preview('status_in_repair', 'sms', sampleVariables('status_in_repair'), {
      prices,
      country,
    });
    expect(p.ok && p.value.estimatedEur).toBe(eur);
  });

  it('lets an explicit zone win over the country and defaults to core prices', () => {
    const vars = sampleVariables('status_in_repair');
    const zoned = preview('status_in_repair', 'sms', vars, {
      prices,
      country: 'FR',
      zone: 'world',
    });
    expect(zoned.ok && zoned.value.estimatedEur).toBe(0.2);
    const defaults = preview('status_in_repair', 'sms', vars);
    expect(defaults.ok && defaults.value.estimatedEur).toBe(
      estimateSmsCostEur(1, 'fr_metro', DEFAULT_PRICE_SETTINGS),
    );
  });

  it('shows what to fix and what it costs when transliteration is off', () => {
    const vars = {
      ...sampleVariables('status_in_repair'),
      device: 'Bâton Galaxy Z Fold6 5G 512 Go',
    };
    const p = preview('status_in_repair', 'sms', vars, { prices, transliterate: false });
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.value.encoding).toBe('UCS-2');
    expect(p.value.nonGsmCharacters).toContain('â');
    expect(p.value.estimatedEur).toBeCloseTo(p.value.segments * 0.07, 10);
    expect(p.value.segments).toBeGreaterThan(1);
  });

  it('reports shortened variables', () => {
    const vars = {
      ...sampleVariables('status_diagnosing'),
      firstName: 'Marie-Hélène',
      device: 'Samsung Galaxy Z Fold6 5G 512 Go',
    };
    const p = preview('status_diagnosing', 'sms', vars, { prices });
    expect(p.ok && p.value.truncated).toEqual([
      { variable: 'device', from: 'Samsung Galaxy Z Fold6 5G 512 Go', to: 'Samsung Galaxy Z' },
      { variable: 'firstName', from: 'Marie-Hélène', to: 'Marie' },
    ]);
  });

  it('prices WhatsApp per message and email/push at zero, one "segment" each', () => {
    const vars = sampleVariables('status_completed');
    const wa = preview('status_completed', 'whatsapp', vars, { prices, country: 'RE' });
    expect(wa.ok && [wa.value.segments, wa.value.estimatedEur]).toEqual([1, 0.02]);
    const template = preview('status_completed', 'whatsapp', vars, {
      prices,
      whatsappMode: 'template',
    });
    expect(template.ok && template.value.text).toMatch(
      /^Bonne nouvelle, la réparation de votre iPhone 13/,
    );
    for (const channel of ['email', 'push'] as const) {
      const p = preview('status_completed', channel, vars, { prices });
      expect(p.ok && [p.value.segments, p.value.estimatedEur]).toEqual([1, 0]);
    }
  });

  it('returns the template error for missing variables', () => {
    const p = preview('status_completed', 'sms', { device: 'iPhone 13' } as never);
    expect(p.ok ? null : [p.error.code, p.error.variable]).toEqual(['missing_variable', 'link']);
  });
});
