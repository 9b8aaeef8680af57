import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { onApiError, type StaffUser, type TokenVerifier } from '../http/index.ts';
import { requireAdmin, requireStaff } from './auth.ts';

describe('requireStaff / requireAdmin', () => {
  const user = (over: Partial<StaffUser>): StaffUser => ({
    uid: 'u',
    email: null,
    name: null,
    staff: true,
    admin: false,
    ...over,
  });
  const verifier: TokenVerifier = {
    async verify(token) {
      if (token === 'expired')
        return { ok: false, error: { code: 'expired_token', message: 'Session expirée.' } };
      if (token === 'staff') return { ok: true, value: user({}) };
      if (token === 'admin') return { ok: true, value: user({ admin: true }) };
      if (token === 'customer') return { ok: true, value: user({ staff: false }) };
      return { ok: false, error: { code: 'invalid_token', message: 'Jeton invalide.' } };
    },
  };
  const app = new Hono()
    .use(requireStaff(verifier))
    .get('/staff', (c) => c.text('ok'))
    .get('/admin', requireAdmin, (c) => c.text('ok'));
  app.onError(onApiError);

  it.each([
    ['/staff', null, 401, 'missing_token'],
    ['/staff', 'junk', 401, 'invalid_token'],
    ['/staff', 'expired', 401, 'expired_token'],
    ['/staff', 'customer', 403, 'not_staff'],
    ['/staff', 'staff', 200, null],
    ['/admin', 'staff', 403, 'not_admin'],
    ['/admin', 'admin', 200, null],
  ])('%s with %j → %i %s', async (path, token, status, code) => {
    const res = await app.request(path, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    expect(res.status).toBe(status);
    if (code) expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });
});
