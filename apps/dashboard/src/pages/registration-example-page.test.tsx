import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/index.tsx';
import { RegistrationExamplePage } from './registration-example-page.tsx';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const ID_TOKEN = `${b64({ alg: 'none' })}.${b64({ email: 'lea@exemple.fr', user_id: 'cust-1' })}.`;
const API = 'https://api.omega.test';

interface Seen {
  method: string;
  url: string;
  authorization: string | null;
  body: unknown;
}

type Answer = [status: number, body: unknown, headers?: Record<string, string>];
type Route = (call: Seen) => Answer | Promise<Answer>;

/** A fake `fetch` for the page's three services, keyed `METHOD path`; records every call. */
function fakeFetch(routes: Record<string, Route>) {
  const seen: Seen[] = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    const call: Seen = {
      method: init?.method ?? 'GET',
      url: String(input),
      authorization: headers.get('authorization'),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    seen.push(call);
    const route = routes[`${call.method} ${url.pathname}`];
    if (!route) throw new TypeError(`Failed to fetch ${call.method} ${url.pathname}`);
    const [status, body, extra] = await route(call);
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...extra },
    });
  }) as typeof fetch;
  return { fetcher, seen };
}

const SIGN_UP = 'POST /identitytoolkit.googleapis.com/v1/accounts:signUp';
const CONSENT = 'POST /api/public/me/consent';
const PREFERENCES = 'GET /api/public/me/preferences';
const signedUp: Route = () => [200, { idToken: ID_TOKEN, refreshToken: 'r1', expiresIn: '3600' }];
const preferences =
  (enabled: Record<string, boolean>): Route =>
  () => [
    200,
    { channels: Object.entries(enabled).map(([channel, on]) => ({ channel, enabled: on })) },
  ];

function renderPage(routes: Record<string, Route>) {
  const fake = fakeFetch(routes);
  const view = render(
    <I18nProvider initial="fr">
      <RegistrationExamplePage
        apiOrigin={API}
        endpoints={{ apiKey: 'k', emulatorHost: 'auth.omega.test' }}
        fetch={fake.fetcher}
      />
    </I18nProvider>,
  );
  return { ...view, seen: fake.seen, user: userEvent.setup() };
}

async function fillForm(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText('Prénom'), 'Léa');
  await user.type(screen.getByLabelText('Adresse e-mail'), 'lea@exemple.fr');
  await user.type(screen.getByLabelText(/^Mot de passe/), 'secret1');
  await user.type(screen.getByLabelText(/^Téléphone mobile/), '06 12 34 56 78');
}

const box = (name: RegExp) => screen.getByRole('checkbox', { name }) as HTMLInputElement;

describe('the consent-ui registration example page', () => {
  it('starts with SMS and WhatsApp unticked, email and push ticked (the seed), and is accessible', async () => {
    const { container } = renderPage({});
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'Exemple : inscription et profil d’un client',
    );
    expect(
      [box(/^E-mail/), box(/^SMS/), box(/^WhatsApp/), box(/^Notifications/)].map((b) => b.checked),
    ).toEqual([true, false, false, true]);
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it('creates the account, then records the choices (source registration) with its ID token, then shows the profile form', async () => {
    const { seen, user, container } = renderPage({
      [SIGN_UP]: signedUp,
      [CONSENT]: () => [200, { records: 3 }],
      [PREFERENCES]: preferences({ email: true, sms: true, whatsapp: false, push: true }),
    });
    await fillForm(user);
    await user.click(box(/^SMS/));
    await user.click(screen.getByRole('button', { name: 'Créer le compte' }));

    const status = await screen.findByText(/Choix enregistrés : 3\./);
    expect(status.textContent).toBe('Compte créé pour lea@exemple.fr. Choix enregistrés : 3.');
    expect(seen.map((c) => `${c.method} ${new URL(c.url).host}${new URL(c.url).pathname}`)).toEqual(
      [
        'POST auth.omega.test/identitytoolkit.googleapis.com/v1/accounts:signUp',
        'POST api.omega.test/api/public/me/consent',
        'GET api.omega.test/api/public/me/preferences',
      ],
    );
    expect(seen[0]?.body).toEqual({
      email: 'lea@exemple.fr',
      password: 'secret1',
      displayName: 'Léa',
      returnSecureToken: true,
    });
    // The phone stays with the host form: the example writes nothing but the account and consent.
    expect(JSON.stringify(seen)).not.toContain('06 12 34 56 78');
    expect(seen[1]?.authorization).toBe(`Bearer ${ID_TOKEN}`);
    expect(seen[1]?.body).toEqual({
      source: 'registration',
      changes: [
        { channel: 'email', granted: true, wordingVersion: 'optin-email-fr-2026-01' },
        { channel: 'sms', granted: true, wordingVersion: 'optin-sms-fr-2026-01' },
        { channel: 'push', granted: true, wordingVersion: 'optin-push-fr-2026-01' },
      ],
    });
    expect(
      within(status.parentElement as HTMLElement)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'E-mail : accepté (texte optin-email-fr-2026-01)',
      'SMS : accepté (texte optin-sms-fr-2026-01)',
      'Notification push : accepté (texte optin-push-fr-2026-01)',
    ]);

    // The profile section: the same customer's recorded choices, read with the same token.
    const profile = screen.getByRole('region', { name: 'Mon profil : mes notifications' });
    await within(profile).findByRole('button', { name: 'Enregistrer mes choix' });
    expect(seen[2]?.authorization).toBe(`Bearer ${ID_TOKEN}`);
    const sms = within(profile).getByRole('checkbox', { name: /^SMS/ }) as HTMLInputElement;
    expect(sms.checked).toBe(true);
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it('shows the loading state while the account is created, with the form disabled', async () => {
    let release: (a: Answer) => void = () => {};
    const { user } = renderPage({
      [SIGN_UP]: () => new Promise<Answer>((resolve) => (release = resolve)),
      [CONSENT]: () => [200, { records: 2 }],
      [PREFERENCES]: preferences({ email: true, push: true }),
    });
    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Créer le compte' }));
    const button = await screen.findByRole('button', { name: 'Création du compte…' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('Création du compte…');
    expect(screen.getByLabelText('Prénom').matches(':disabled')).toBe(true);
    expect(box(/^SMS/).matches(':disabled')).toBe(true);
    release([200, { idToken: ID_TOKEN, refreshToken: 'r1', expiresIn: '3600' }]);
    expect(await screen.findByText(/Choix enregistrés : 2\./)).toBeTruthy();
  });

  it.each([
    [
      'an address already used',
      [400, { error: { message: 'EMAIL_EXISTS' } }],
      'Un compte existe déjà avec cette adresse e-mail.',
    ],
    [
      'a weak password',
      [400, { error: { message: 'WEAK_PASSWORD : Password should be at least 6 characters' } }],
      'Mot de passe trop court : 6 caractères au moins.',
    ],
    [
      'an unknown refusal',
      [400, { error: { message: 'OPERATION_NOT_ALLOWED' } }],
      'La création du compte a échoué (OPERATION_NOT_ALLOWED).',
    ],
    [
      'no connection',
      null,
      'Connexion impossible. Vérifiez votre connexion internet puis réessayez.',
    ],
  ] as Array<[string, Answer | null, string]>)(
    'says why the account was not created (%s) and records no consent',
    async (_what, answer, message) => {
      const { seen, user } = renderPage(answer ? { [SIGN_UP]: () => answer } : {});
      await fillForm(user);
      await user.click(box(/^WhatsApp/));
      await user.click(screen.getByRole('button', { name: 'Créer le compte' }));
      expect((await screen.findByRole('alert')).textContent).toBe(message);
      expect(seen.map((c) => new URL(c.url).pathname)).toEqual([
        '/identitytoolkit.googleapis.com/v1/accounts:signUp',
      ]);
      // The form keeps what was typed and ticked, ready to correct and send again.
      expect((screen.getByLabelText('Prénom') as HTMLInputElement).value).toBe('Léa');
      expect(box(/^WhatsApp/).checked).toBe(true);
    },
  );

  it('keeps the account when the choices are refused, says why, and records them on retry', async () => {
    let attempts = 0;
    const { seen, user } = renderPage({
      [SIGN_UP]: signedUp,
      [CONSENT]: () => {
        attempts += 1;
        return attempts === 1
          ? [
              429,
              { error: { code: 'rate_limited', message: 'Trop de demandes' } },
              { 'retry-after': '30' },
            ]
          : [200, { records: 2 }];
      },
      [PREFERENCES]: preferences({ email: true, push: true }),
    });
    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Créer le compte' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(/Compte créé/).textContent).toBe(
      'Compte créé pour lea@exemple.fr, mais vos choix de notification ne sont pas enregistrés. Trop de tentatives. Réessayez dans 30 secondes.',
    );
    await user.click(within(alert).getByRole('button', { name: 'Réessayer l’enregistrement' }));
    expect(await screen.findByText(/Choix enregistrés : 2\./)).toBeTruthy();
    // One account, two attempts with the same decisions.
    const consentCalls = seen.filter((c) => c.url.endsWith('/me/consent'));
    expect(consentCalls).toHaveLength(2);
    expect(consentCalls[1]?.body).toEqual(consentCalls[0]?.body);
    expect(seen.filter((c) => c.url.includes('accounts:signUp'))).toHaveLength(1);
  });

  it('tells the customer when an earlier STOP still blocks the number', async () => {
    const { user } = renderPage({
      [SIGN_UP]: signedUp,
      [CONSENT]: () => [200, { records: 3, suppressionKept: 'twilio_opt_out' }],
      [PREFERENCES]: preferences({ email: true, sms: true, push: true }),
    });
    await fillForm(user);
    await user.click(box(/^SMS/));
    await user.click(screen.getByRole('button', { name: 'Créer le compte' }));
    expect(await screen.findByText(/répondez START/)).toBeTruthy();
  });

  it('starts again with an empty form for another account', async () => {
    const { user } = renderPage({
      [SIGN_UP]: signedUp,
      [CONSENT]: () => [200, { records: 3 }],
      [PREFERENCES]: preferences({ email: true, sms: true, push: true }),
    });
    await fillForm(user);
    await user.click(box(/^SMS/));
    await user.click(screen.getByRole('button', { name: 'Créer le compte' }));
    await user.click(
      await screen.findByRole('button', { name: 'Recommencer avec un autre compte' }),
    );
    expect(screen.queryByRole('region', { name: 'Mon profil : mes notifications' })).toBeNull();
    expect((screen.getByLabelText('Prénom') as HTMLInputElement).value).toBe('');
    expect(box(/^SMS/).checked).toBe(false);
  });
});
