import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage, signedIn } from '../testing/render.tsx';
import { SETTINGS_VIEW, SHOP } from '../testing/settings-view.ts';
import { SettingsPage, shopLocationProblems } from './settings-page.tsx';

const shop = SHOP;
const view = SETTINGS_VIEW;

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
