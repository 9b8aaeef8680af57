import { describe, expect, it } from 'vitest';
import {
  AuthError,
  decodeClaims,
  needsRefresh,
  refreshSession,
  signInWithPassword,
  signUpWithPassword,
} from './auth-client.ts';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const token = (claims: Record<string, unknown>) => `${b64({ alg: 'none' })}.${b64(claims)}.`;

function fakeFetch(
  answer: { status: number; body: unknown },
  seen: Array<{ url: string; init: RequestInit | undefined }>,
) {
  return (async (url: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(url), init });
    return new Response(JSON.stringify(answer.body), { status: answer.status });
  }) as typeof fetch;
}

describe('auth client', () => {
  it('signs in against the Auth emulator and reads the staff claims', async () => {
    const seen: Array<{ url: string; init: RequestInit | undefined }> = [];
    const idToken = token({ email: 'zoe@omega.test', user_id: 'u1', staff: true, admin: false });
    const session = await signInWithPassword(
      { apiKey: 'k', emulatorHost: '127.0.0.1:9099' },
      'zoe@omega.test',
      'secret',
      fakeFetch({ status: 200, body: { idToken, refreshToken: 'r1', expiresIn: '3600' } }, seen),
      1_000,
    );
    expect(seen[0]?.url).toBe(
      'http://127.0.0.1:9099/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=k',
    );
    expect(JSON.parse(String(seen[0]?.init?.body))).toEqual({
      email: 'zoe@omega.test',
      password: 'secret',
      returnSecureToken: true,
    });
    expect(session).toMatchObject({
      uid: 'u1',
      email: 'zoe@omega.test',
      staff: true,
      admin: false,
      expiresAt: 3_601_000,
    });
  });

  it('talks to Google’s servers without an emulator, and refreshes with the refresh token', async () => {
    const seen: Array<{ url: string; init: RequestInit | undefined }> = [];
    const fresh = token({ email: 'a@b.fr', sub: 'u2', staff: true, admin: true });
    const session = await refreshSession(
      { apiKey: 'k' },
      {
        idToken: 'old',
        refreshToken: 'r1',
        expiresAt: 0,
        email: '',
        uid: '',
        staff: true,
        admin: false,
      },
      fakeFetch(
        { status: 200, body: { id_token: fresh, refresh_token: 'r2', expires_in: '3600' } },
        seen,
      ),
      0,
    );
    expect(seen[0]?.url).toBe('https://securetoken.googleapis.com/v1/token?key=k');
    expect(String(seen[0]?.init?.body)).toBe('grant_type=refresh_token&refresh_token=r1');
    expect(session).toMatchObject({ refreshToken: 'r2', admin: true, uid: 'u2' });
  });

  it('creates a customer account (accounts:signUp) and signs it in, without staff claims', async () => {
    const seen: Array<{ url: string; init: RequestInit | undefined }> = [];
    const idToken = token({ email: 'lea@exemple.fr', user_id: 'c9' });
    const session = await signUpWithPassword(
      { apiKey: 'k', emulatorHost: 'localhost:5173' },
      { email: 'lea@exemple.fr', password: 'secret1', displayName: 'Léa' },
      fakeFetch({ status: 200, body: { idToken, refreshToken: 'r9', expiresIn: '3600' } }, seen),
      0,
    );
    expect(seen[0]?.url).toBe(
      'http://localhost:5173/identitytoolkit.googleapis.com/v1/accounts:signUp?key=k',
    );
    expect(JSON.parse(String(seen[0]?.init?.body))).toEqual({
      email: 'lea@exemple.fr',
      password: 'secret1',
      displayName: 'Léa',
      returnSecureToken: true,
    });
    expect(session).toMatchObject({ uid: 'c9', refreshToken: 'r9', staff: false, admin: false });
    await expect(
      signUpWithPassword(
        { apiKey: 'k' },
        { email: 'lea@exemple.fr', password: 'secret1' },
        fakeFetch({ status: 400, body: { error: { message: 'EMAIL_EXISTS' } } }, []),
      ),
    ).rejects.toEqual(new AuthError('EMAIL_EXISTS'));
  });

  it('turns a refusal into an AuthError with Firebase’s code', async () => {
    await expect(
      signInWithPassword(
        { apiKey: 'k' },
        'a@b.fr',
        'bad',
        fakeFetch({ status: 400, body: { error: { message: 'INVALID_LOGIN_CREDENTIALS' } } }, []),
      ),
    ).rejects.toEqual(new AuthError('INVALID_LOGIN_CREDENTIALS'));
  });

  it.each([
    [120_000, false],
    [59_000, true],
    [-1, true],
  ])('with %i ms left, refresh = %s', (left, expected) => {
    expect(
      needsRefresh(
        {
          idToken: '',
          refreshToken: '',
          expiresAt: 1_000_000 + left,
          email: '',
          uid: '',
          staff: true,
          admin: false,
        },
        1_000_000,
      ),
    ).toBe(expected);
  });

  it('decodes accented claims and survives garbage', () => {
    expect(decodeClaims(token({ name: 'Zoé' })).name).toBe('Zoé');
    expect(decodeClaims('garbage')).toEqual({});
  });
});
