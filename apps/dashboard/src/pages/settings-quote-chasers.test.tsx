import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage, signedIn } from '../testing/render.tsx';
import { SettingsPage } from './settings-page.tsx';

const rollout = { percent: 100, allowlist: [] as string[] };
const shop = {
  hours: 'lun-sam 9h30-19h',
  address: '12 rue de la Paix, 75002 Paris',
  phone: '01 23 45 67 89',
  storageDays: 90,
  latitude: 48.8686,
  longitude: 2.3318,
  locationLabel: "O'MEGA Services",
  mapsUrl: null as string | null,
};
const view = {
  channelsEnabled: { email: true, sms: true, whatsapp: true, push: true },
  rollout: { email: rollout, sms: rollout, whatsapp: rollout, push: rollout },
  budget: { monthlyEur: 50, warnRatio: 0.8, holdExpiryHours: 72 },
  sendWindow: {
    startHour: 9,
    startMinute: 30,
    endHour: 19,
    endMinute: 0,
    closedWeekdays: [0],
    closedOnPublicHolidays: true,
  },
  frequencyCap: { maxPerDay: 4, maxPerWeek: 12 },
  prices: {
    currency: 'EUR' as const,
    usdToEur: 0.92,
    sms: { fr_metro: 0.075, fr_overseas: 0.1, eu: 0.08, world: 0.12 },
    whatsapp: { fr_metro: 0.05, fr_overseas: 0.05, eu: 0.05, world: 0.06 },
  },
  twilio: { smsFrom: 'OMEGA' },
  shop,
  shopMapsUrl: 'https://www.google.com/maps/search/?api=1&query=48.8686,2.3318',
  satisfaction: { reviewUrl: null },
  shopEmail: null,
  quoteChasers: { enabled: true, delaysHours: [24, 72] },
  whatsappSender: null,
  issues: [],
};

function open() {
  signedIn({ admin: true });
  return renderPage(<SettingsPage />, {
    routes: {
      'GET /api/staff/settings': () => view,
      'PUT /api/staff/settings': (c) => ({ ...view, ...(c.body as object) }),
    },
  });
}

const first = () => screen.findByLabelText('Première relance (heures après l’envoi du devis)');
const second = () => screen.getByLabelText('Seconde relance (heures, vide : aucune)');
const save = () => fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));

describe('the quote chasers on the settings page', () => {
  it('shows the stored delays and saves only the chasers’ section when an admin changes them', async () => {
    const { calls } = open();
    expect(((await first()) as HTMLInputElement).value).toBe('24');
    expect((second() as HTMLInputElement).value).toBe('72');
    fireEvent.change(second(), { target: { value: '48' } });
    fireEvent.click(screen.getByLabelText('Relancer les clients qui n’ont pas répondu au devis'));
    save();
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      quoteChasers: { enabled: false, delaysHours: [24, 48] },
    });
  });

  it('an empty second delay means a single chaser', async () => {
    const { calls } = open();
    fireEvent.change(await first(), { target: { value: '36' } });
    fireEvent.change(second(), { target: { value: '' } });
    save();
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      quoteChasers: { enabled: true, delaysHours: [36] },
    });
  });

  it('refuses the second chaser before the first in the page: a clear message, nothing sent', async () => {
    const { calls } = open();
    fireEvent.change(await first(), { target: { value: '72' } });
    fireEvent.change(second(), { target: { value: '24' } });
    save();
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Relances du devis : une ou deux, en heures entières de 1 à 336, la seconde après la première.',
    );
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it('a delay beyond 14 days is refused by the field itself, nothing sent', async () => {
    const { calls } = open();
    fireEvent.change(await first(), { target: { value: '24' } });
    fireEvent.change(second(), { target: { value: '400' } });
    save();
    expect((second() as HTMLInputElement).validity.rangeOverflow).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it('is read-only for staff who are not admins', async () => {
    signedIn({ admin: false });
    renderPage(<SettingsPage />, { routes: { 'GET /api/staff/settings': () => view } });
    expect((await first()).matches(':disabled')).toBe(true);
  });
});
