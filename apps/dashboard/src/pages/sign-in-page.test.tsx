import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthProvider } from '../auth/auth-context.tsx';
import { I18nProvider } from '../i18n/index.tsx';
import { SignInPage } from './sign-in-page.tsx';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

afterEach(() => vi.unstubAllGlobals());

function answer(status: number, body: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status })),
  );
}

function renderSignIn() {
  render(
    <I18nProvider initial="fr">
      <AuthProvider endpoints={{ apiKey: 'k', emulatorHost: '127.0.0.1:9099' }}>
        <SignInPage />
      </AuthProvider>
    </I18nProvider>,
  );
  fireEvent.change(screen.getByLabelText('Adresse e-mail'), {
    target: { value: 'client@example.fr' },
  });
  fireEvent.change(screen.getByLabelText('Mot de passe'), { target: { value: 'secret' } });
  fireEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
}

describe('sign-in', () => {
  it('refuses an account without the staff claim and keeps no session', async () => {
    answer(200, {
      idToken: `${b64({})}.${b64({ email: 'client@example.fr', user_id: 'u' })}.`,
      refreshToken: 'r',
      expiresIn: '3600',
    });
    renderSignIn();
    expect((await screen.findByRole('alert')).textContent).toContain('rôle « staff » manquant');
    expect(sessionStorage.getItem('omega.session')).toBeNull();
  });

  it('says why a sign-in failed', async () => {
    answer(400, { error: { message: 'INVALID_LOGIN_CREDENTIALS' } });
    renderSignIn();
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Connexion impossible : INVALID_LOGIN_CREDENTIALS',
    );
  });

  it('keeps the session of a staff member', async () => {
    answer(200, {
      idToken: `${b64({})}.${b64({ email: 'comptoir@omega.test', user_id: 'u', staff: true })}.`,
      refreshToken: 'r',
      expiresIn: '3600',
    });
    renderSignIn();
    await vi.waitFor(() =>
      expect(JSON.parse(sessionStorage.getItem('omega.session') ?? '{}').staff).toBe(true),
    );
  });
});
