import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage, signedIn } from '../testing/render.tsx';
import { SettingsPage, shopLocationProblems } from './settings-page.tsx';

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

describe('the shop’s location on the settings page', () => {
  it('shows the derived maps link, and saves new coordinates and a maps link in the shop section', async () => {
    const { calls } = open();
    expect(
      await screen.findByText(
        /https:\/\/www\.google\.com\/maps\/search\/\?api=1&query=48\.8686,2\.3318/,
      ),
    ).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Latitude (−90 à 90)'), {
      target: { value: '45.7578' },
    });
    fireEvent.change(screen.getByLabelText('Longitude (−180 à 180)'), {
      target: { value: '4.832' },
    });
    fireEvent.change(screen.getByLabelText('Lien de la carte (Google Maps…), https'), {
      target: { value: 'https://maps.app.goo.gl/Lyon2Bellecour' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      shop: {
        ...shop,
        latitude: 45.7578,
        longitude: 4.832,
        mapsUrl: 'https://maps.app.goo.gl/Lyon2Bellecour',
      },
    });
  });

  it('refuses a latitude out of range and a maps link that is not https, with their messages, and sends nothing', async () => {
    const { calls } = open();
    fireEvent.change(await screen.findByLabelText('Latitude (−90 à 90)'), {
      target: { value: '123' },
    });
    fireEvent.change(screen.getByLabelText('Lien de la carte (Google Maps…), https'), {
      target: { value: 'http://maps.google.com/?q=1,2' },
    });
    // The browser's own checks (max=90) would stop a real click first; the page's own check is
    // what catches an http link and what this submits past them to see.
    const button = screen.getByRole('button', { name: 'Enregistrer' });
    fireEvent.submit(button.closest('form') as HTMLFormElement);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('La latitude doit être un nombre compris entre -90 et 90.');
    expect(alert.textContent).toContain(
      'Le lien de la carte doit être une adresse https de 70 caractères au plus, sans espace.',
    );
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it.each([
    [{ ...shop }, []],
    [{ ...shop, longitude: -180.5 }, ['settings.shop.longitude.invalid']],
    [{ ...shop, latitude: Number.NaN }, ['settings.shop.latitude.invalid']],
    [{ ...shop, locationLabel: '' }, ['settings.shop.locationLabel.invalid']],
    [{ ...shop, mapsUrl: 'https://maps.app.goo.gl/ok' }, []],
  ])('checks the location before saving (%o)', (value, problems) => {
    expect(shopLocationProblems(value)).toEqual(problems);
  });
});
