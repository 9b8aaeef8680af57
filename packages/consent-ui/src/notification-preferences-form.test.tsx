import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { describe, expect, it, vi } from 'vitest';
import type { ConsentApiError } from './api-client.ts';
import {
  NotificationPreferencesForm,
  type NotificationPreferencesFormProps,
} from './notification-preferences-form.tsx';
import { type FakeAnswer, fakeFetch, type SeenRequest } from './test-fetch.ts';

const current = {
  channels: [
    { channel: 'email', enabled: true },
    { channel: 'sms', enabled: true },
    { channel: 'whatsapp', enabled: false },
    { channel: 'push', enabled: true },
  ],
};

/** A fetch answering GET preferences and POST consent from separate queues; POSTs can be held. */
function api(options: { gets?: FakeAnswer[]; posts?: FakeAnswer[] } = {}) {
  const gets = fakeFetch(...(options.gets ?? [{ status: 200, json: current }]));
  const posts = fakeFetch(...(options.posts ?? [{ status: 200, json: { records: 1 } }]));
  let hold: Promise<void> | null = null;
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (init?.method === 'POST') {
      if (hold) await hold;
      return posts.fetch(input, init);
    }
    return gets.fetch(input, init);
  }) as typeof globalThis.fetch;
  return {
    fetch,
    gets: gets.seen,
    posts: posts.seen as SeenRequest[],
    holdPosts() {
      let release = () => {};
      hold = new Promise<void>((r) => {
        release = r;
      });
      return () => {
        hold = null;
        release();
      };
    },
  };
}

function show(fake: ReturnType<typeof api>, props: Partial<NotificationPreferencesFormProps> = {}) {
  return render(
    <NotificationPreferencesForm
      apiOrigin="https://api.omega.test"
      getIdToken={() => 'customer-token'}
      fetch={fake.fetch}
      {...props}
    />,
  );
}

const box = (name: string) => screen.getByRole('checkbox', { name }) as HTMLInputElement;
const saveButton = () => screen.getByRole('button', { name: 'Enregistrer mes choix' });

describe('NotificationPreferencesForm', () => {
  it('announces loading, then shows the customer’s current choices', async () => {
    const fake = api();
    show(fake);
    expect(screen.getByRole('status').textContent).toBe('Chargement de vos préférences…');
    expect(await screen.findByRole('checkbox', { name: 'SMS' })).toBeTruthy();
    expect(
      screen
        .getAllByRole('checkbox')
        .map((b) => [b.getAttribute('name'), (b as HTMLInputElement).checked]),
    ).toEqual([
      ['notifications.email', true],
      ['notifications.sms', true],
      ['notifications.whatsapp', false],
      ['notifications.push', true],
    ]);
    expect(fake.gets.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['https://api.omega.test/api/public/me/preferences', 'Bearer customer-token'],
    ]);
  });

  it('saves only what changed (source web), shows saving then saved, and starts over from there', async () => {
    const user = userEvent.setup();
    const fake = api();
    const onSaved = vi.fn();
    show(fake, { onSaved });
    await user.click(await screen.findByRole('checkbox', { name: 'SMS' }));
    const release = fake.holdPosts();
    await user.click(saveButton());
    const busy = screen.getByRole('button', { name: 'Enregistrement…' });
    expect(busy.matches(':disabled')).toBe(true);
    expect(box('E-mail').matches(':disabled')).toBe(true);
    await user.click(busy);
    release();
    expect(await screen.findByText('Vos choix sont enregistrés.')).toBeTruthy();
    expect(fake.posts).toHaveLength(1);
    expect(fake.posts[0]?.url).toBe('https://api.omega.test/api/public/me/consent');
    expect(fake.posts[0]?.body).toEqual({
      source: 'web',
      changes: [{ channel: 'sms', granted: false, wordingVersion: 'optout-sms-fr-2026-01' }],
    });
    expect(screen.queryByText(/répondez START/)).toBeNull();
    expect(onSaved).toHaveBeenCalledWith({
      records: 1,
      twilioOptOut: false,
      value: { email: true, sms: false, whatsapp: false, push: true },
    });
    // The saved state is the new baseline: nothing left to record, no withdrawal sentence.
    expect(screen.queryByText(/Votre choix :/)).toBeNull();
    await user.click(saveButton());
    expect(screen.getByRole('status').textContent).toBe('Aucun changement à enregistrer.');
    expect(fake.posts).toHaveLength(1);
    // A change after saving clears the "saved" message.
    await user.click(box('WhatsApp'));
    expect(screen.getByRole('status').textContent).toBe('');
    await user.click(saveButton());
    await waitFor(() => expect(fake.posts).toHaveLength(2));
    expect(fake.posts[1]?.body).toEqual({
      source: 'web',
      changes: [
        { channel: 'whatsapp', granted: true, wordingVersion: 'optin-whatsapp-fr-2026-01' },
      ],
    });
  });

  it.each<[string, FakeAnswer, string]>([
    [
      'an expired session',
      { status: 401, json: { error: { code: 'invalid_token', message: 'expired' } } },
      'Votre session a expiré. Reconnectez-vous puis réessayez.',
    ],
    [
      'too many requests',
      {
        status: 429,
        json: { error: { code: 'rate_limited', message: 'slow down' } },
        headers: { 'retry-after': '30' },
      },
      'Trop de tentatives. Réessayez dans 30 secondes.',
    ],
    [
      'no connection',
      { throws: new TypeError('Failed to fetch') },
      'Connexion impossible. Vérifiez votre connexion internet puis réessayez.',
    ],
    [
      'a server error',
      { status: 500, text: 'Internal Server Error' },
      'L’enregistrement n’a pas abouti. Réessayez plus tard.',
    ],
  ])('a failed save (%s) says why and keeps the choices to retry', async (_n, answer, text) => {
    const user = userEvent.setup();
    const fake = api({ posts: [answer, { status: 200, json: { records: 1 } }] });
    const errors: ConsentApiError[] = [];
    show(fake, { onError: (e) => errors.push(e) });
    await user.click(await screen.findByRole('checkbox', { name: 'WhatsApp' }));
    await user.click(saveButton());
    expect((await screen.findByRole('alert')).textContent).toBe(text);
    expect(errors).toHaveLength(1);
    expect(box('WhatsApp').checked).toBe(true);
    await user.click(saveButton());
    expect(await screen.findByText('Vos choix sont enregistrés.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(fake.posts.map((p) => p.body)).toEqual([fake.posts[0]?.body, fake.posts[0]?.body]);
  });

  it('tells the customer when a STOP at the carrier still blocks the messages they opted into', async () => {
    const user = userEvent.setup();
    const fake = api({
      posts: [{ status: 200, json: { records: 1, suppressionKept: 'twilio_opt_out' } }],
    });
    show(fake);
    await user.click(await screen.findByRole('checkbox', { name: 'WhatsApp' }));
    await user.click(saveButton());
    expect(await screen.findByText('Vos choix sont enregistrés.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe(
      'Vos choix sont enregistrés.Attention : votre numéro a demandé l’arrêt des messages (STOP). Pour les recevoir à nouveau, répondez START à l’un de nos messages.',
    );
  });

  it('a failed load says so and tries again on request', async () => {
    const user = userEvent.setup();
    const fake = api({
      gets: [{ throws: new TypeError('Failed to fetch') }, { status: 200, json: current }],
    });
    show(fake);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Impossible de charger vos préférences. Connexion impossible. Vérifiez votre connexion internet puis réessayez.',
    );
    expect(screen.queryByRole('checkbox')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Réessayer' }));
    expect(await screen.findByRole('checkbox', { name: 'SMS' })).toBeTruthy();
    expect(fake.gets).toHaveLength(2);
  });

  it('signed out: no request, asks to sign in again', async () => {
    const fake = api();
    show(fake, { getIdToken: () => null });
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Votre session a expiré. Reconnectez-vous puis réessayez.',
    );
    expect(fake.gets).toHaveLength(0);
  });

  it('in English, with a subset of channels', async () => {
    const user = userEvent.setup();
    const fake = api();
    show(fake, { locale: 'en', channels: ['sms', 'email'] });
    expect(await screen.findByRole('checkbox', { name: 'SMS' })).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: 'App notifications' })).toBeNull();
    await user.click(box('Email'));
    await user.click(screen.getByRole('button', { name: 'Save my choices' }));
    expect(await screen.findByText('Your choices are saved.')).toBeTruthy();
    expect(fake.posts[0]?.body).toEqual({
      source: 'web',
      changes: [{ channel: 'email', granted: false, wordingVersion: 'optout-email-en-2026-01' }],
    });
  });

  it('has no accessibility violations (axe-core) with an error shown', async () => {
    const user = userEvent.setup();
    const fake = api({ posts: [{ throws: new TypeError('Failed to fetch') }] });
    const { container } = show(fake);
    await user.click(await screen.findByRole('checkbox', { name: 'SMS' }));
    await user.click(saveButton());
    await screen.findByRole('alert');
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
