import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage, signedIn } from '../testing/render.tsx';
import { SETTINGS_VIEW } from '../testing/settings-view.ts';
import { SettingsPage } from './settings-page.tsx';

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
