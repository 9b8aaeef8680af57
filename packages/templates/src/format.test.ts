import { isGsm7, TICKET_STATUSES } from '@omega/core';
import { describe, expect, it } from 'vitest';
import { formatAppointment, formatDays, formatEuros, statusLabel } from './format.ts';

describe('formatEuros', () => {
  it.each([
    [89.9, 'fr', '89,90 €'],
    [90, 'fr', '90 €'],
    [0.5, 'fr', '0,50 €'],
    [1299.5, 'fr', '1 299,50 €'],
    [99999.99, 'fr', '99 999,99 €'],
    [89.9, 'en', '€89.90'],
    [1299, 'en', '€1,299'],
    [0.1 + 0.2, 'en', '€0.30'],
  ] as const)('formats %d in %s as %j', (amount, locale, expected) => {
    expect(formatEuros(amount, locale)).toBe(expected);
  });
});

describe('formatAppointment', () => {
  it.each([
    ['2025-03-11T13:30:00Z', 'fr', 'Europe/Paris', 'mardi 11/03 à 14h30'],
    ['2025-07-11T07:00:00Z', 'fr', 'Europe/Paris', 'vendredi 11/07 à 9h'],
    ['2025-03-30T00:30:00Z', 'fr', 'Europe/Paris', 'dimanche 30/03 à 1h30'],
    ['2025-03-30T01:30:00Z', 'fr', 'Europe/Paris', 'dimanche 30/03 à 3h30'],
    ['2025-12-31T22:59:00Z', 'fr', 'Europe/Paris', 'mercredi 31/12 à 23h59'],
    ['2025-12-31T22:59:00Z', 'fr', 'Indian/Reunion', 'jeudi 01/01 à 2h59'],
    ['2025-03-11T13:30:00Z', 'en', 'Europe/Paris', 'Tue 11 Mar at 2:30 pm'],
    ['2025-03-11T11:00:00Z', 'en', 'Europe/Paris', 'Tue 11 Mar at 12 pm'],
    ['2025-03-10T23:05:00Z', 'en', 'Europe/Paris', 'Tue 11 Mar at 12:05 am'],
  ] as const)('formats %s in %s (%s) as %j', (iso, locale, zone, expected) => {
    const text = formatAppointment(new Date(iso), locale, zone);
    expect(text).toBe(expected);
    expect(isGsm7(text)).toBe(true);
  });
});

describe('statusLabel and formatDays', () => {
  it('has a GSM-7 label for every status in both languages', () => {
    for (const status of TICKET_STATUSES) {
      for (const locale of ['fr', 'en'] as const) {
        const label = statusLabel(status, locale);
        expect(label.length).toBeGreaterThan(0);
        expect(isGsm7(label)).toBe(true);
      }
    }
  });

  it.each([
    [1, 'fr', '1 jour'],
    [2, 'fr', '2 jours'],
    [1, 'en', '1 day'],
    [90, 'en', '90 days'],
  ] as const)('%d in %s is %j', (days, locale, expected) => {
    expect(formatDays(days, locale)).toBe(expected);
  });
});
