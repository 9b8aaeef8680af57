import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage, signedIn } from '../testing/render.tsx';
import { SETTINGS_VIEW } from '../testing/settings-view.ts';
import { changedSections, readSettingsForm, SettingsPage } from './settings-page.tsx';

const view = {
  ...SETTINGS_VIEW,
  rollout: { ...SETTINGS_VIEW.rollout, sms: { percent: 10, allowlist: ['c1'] } },
  shop: { ...SETTINGS_VIEW.shop, latitude: 48.8651, longitude: 2.3692 },
  shopMapsUrl: 'https://www.google.com/maps/search/?api=1&query=48.8651,2.3692',
};

describe('settings', () => {
  it('is read-only for staff who are not admins', async () => {
    signedIn({ admin: false });
    renderPage(<SettingsPage />, { routes: { 'GET /api/staff/settings': () => view } });
    expect(
      await screen.findByText('Seuls les administrateurs peuvent modifier les réglages.'),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Enregistrer' })).toBeNull();
    expect(screen.getByLabelText('Budget mensuel (€)').matches(':disabled')).toBe(true);
  });

  it('saves only the section an admin changed', async () => {
    signedIn({ admin: true });
    const { calls } = renderPage(<SettingsPage />, {
      routes: {
        'GET /api/staff/settings': () => view,
        'PUT /api/staff/settings': (c) => ({ ...view, ...(c.body as object) }),
      },
    });
    fireEvent.change(await screen.findByLabelText('Budget mensuel (€)'), {
      target: { value: '120' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      budget: { monthlyEur: 120, warnRatio: 0.8, holdExpiryHours: 72 },
    });
    expect(await screen.findByText('Enregistré.')).toBeTruthy();
  });

  it("saves the shop's email for customers' quote decisions, and clears it when emptied", async () => {
    signedIn({ admin: true });
    const { calls } = renderPage(<SettingsPage />, {
      routes: {
        'GET /api/staff/settings': () => view,
        'PUT /api/staff/settings': (c) => ({ ...view, ...(c.body as object) }),
      },
    });
    fireEvent.change(await screen.findByLabelText('Email du magasin'), {
      target: { value: 'atelier@omega.fr' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ shopEmail: 'atelier@omega.fr' });
    const form = document.createElement('form');
    form.innerHTML = '<input name="shopEmail" value="">';
    const stored = { ...view, shopEmail: 'atelier@omega.fr' };
    expect(readSettingsForm(new FormData(form), stored).shopEmail).toBeNull();
  });

  it('saves the review link of the satisfaction survey, and clears it when emptied', async () => {
    signedIn({ admin: true });
    const { calls } = renderPage(<SettingsPage />, {
      routes: {
        'GET /api/staff/settings': () => view,
        'PUT /api/staff/settings': (c) => ({ ...view, ...(c.body as object) }),
      },
    });
    fireEvent.change(await screen.findByLabelText('Lien d’avis (Google…), https'), {
      target: { value: 'https://g.page/r/CQomega/review' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      satisfaction: { reviewUrl: 'https://g.page/r/CQomega/review' },
    });
    const stored = { ...view, satisfaction: { reviewUrl: 'https://g.page/r/CQomega/review' } };
    const form = document.createElement('form');
    form.innerHTML = '<input name="satisfaction.reviewUrl" value="">';
    expect(readSettingsForm(new FormData(form), stored).satisfaction).toEqual({ reviewUrl: null });
  });

  it('reads an untouched form back unchanged, 24:00 included', () => {
    const day = { ...view, sendWindow: { ...view.sendWindow, endHour: 24, endMinute: 0 } };
    const form = document.createElement('form');
    form.innerHTML =
      '<input name="quiet.start" value="09:30"><input name="quiet.end" value="23:59"><input name="closed.0" type="checkbox" checked><input name="quiet.holidays" type="checkbox" checked>';
    const read = readSettingsForm(new FormData(form), day);
    expect(read.sendWindow).toEqual(day.sendWindow);
    expect(changedSections({ sendWindow: read.sendWindow }, day)).toEqual({});
  });

  it('shows the API’s validation message', async () => {
    signedIn({ admin: true });
    renderPage(<SettingsPage />, {
      routes: {
        'GET /api/staff/settings': () => view,
        'PUT /api/staff/settings': () => [
          400,
          {
            error: {
              code: 'invalid_request',
              message: 'Requête invalide : budget.monthlyEur — trop petit',
            },
          },
        ],
      },
    });
    fireEvent.change(await screen.findByLabelText('Budget mensuel (€)'), {
      target: { value: '5' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect((await screen.findByRole('alert')).textContent).toContain('budget.monthlyEur');
  });
});
