import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffApi, PUBLIC_ROUTES, type StaffApi } from '../../src/api/app.ts';
import { firebaseTokenVerifier } from '../../src/http/index.ts';
import { type ApiHarness, startApiHarness } from './support/api-harness.ts';
import { type AuthEmulatorHandle, startAuthEmulator } from './support/auth-emulator.ts';

// Real ID tokens issued by the Firebase Auth emulator, verified by firebase-admin, on every route.
let h: ApiHarness;
let emulator: AuthEmulatorHandle;
let app: ReturnType<typeof initializeApp>;
const tokens = { staff: '', admin: '', customer: '', forged: '' };

beforeAll(async () => {
  emulator = await startAuthEmulator('demo-omega-api');
  app = initializeApp({ projectId: 'demo-omega-api' }, 'auth-test');
  h = await startApiHarness(firebaseTokenVerifier(getAuth(app)));
  tokens.staff = await emulator.signIn('comptoir@omega.test', { staff: true });
  tokens.admin = await emulator.signIn('gerant@omega.test', { staff: true, admin: true });
  tokens.customer = await emulator.signIn('client@example.fr');
  // The staff token with its claims edited: the emulator's tokens are unsigned, but firebase-admin
  // still checks the user exists; a token claiming a user that does not exist is refused.
  const [head, payload] = tokens.staff.split('.') as [string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  tokens.forged = `${head}.${Buffer.from(JSON.stringify({ ...claims, sub: 'ghost', user_id: 'ghost' })).toString('base64url')}.`;
}, 180_000);

afterAll(async () => {
  await h?.close();
  await emulator?.stop();
  if (app) await deleteApp(app);
  delete process.env.FIREBASE_AUTH_EMULATOR_HOST;
});

const ADMIN_ROUTES = new Set([
  'PUT /api/staff/settings',
  'POST /api/staff/settings/test-message',
  'POST /api/staff/customers/:kind/:id/erase',
  'POST /api/staff/admin/stats/rebuild',
  'POST /api/staff/wording/:kind/:channel/:locale/versions',
  'POST /api/staff/wording/:kind/:channel/:locale/experiment',
  'POST /api/staff/wording/:kind/:channel/:locale/experiment/stop',
  'POST /api/staff/wording/:kind/:channel/:locale/revert',
]);

function routes() {
  const seen = new Set<string>();
  for (const r of h.api.routes) if (r.method !== 'ALL') seen.add(`${r.method} ${r.path}`);
  return [...seen].sort();
}

function concrete(path: string) {
  return path
    .replace(':kind', 'client')
    .replace(':id', 'c1')
    .replace(':ticketId', 't1')
    .replace(':e164', '+33612345678');
}

async function call(route: string, token: string | null) {
  const [method, path] = route.split(' ') as [string, string];
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const body = method === 'GET' ? undefined : '{}';
  const res = await h.api.request(concrete(path), { method, headers, body });
  const json = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
  return { status: res.status, code: json.error?.code ?? null };
}

describe('authentication on every route', () => {
  it('has exactly the listed public routes; every other route is under /api/staff', () => {
    const all = routes();
    expect(all.filter((r) => !r.split(' ')[1]?.startsWith('/api/staff/'))).toEqual([
      ...PUBLIC_ROUTES,
    ]);
    expect(all.length).toBeGreaterThan(20);
  });

  it('answers the public health route without a token', async () => {
    expect((await call('GET /api/health', null)).status).toBe(200);
  });

  it('rejects a missing, malformed, forged or non-staff token on every staff route', async () => {
    const staffRoutes = routes().filter((r) => r.includes('/api/staff/'));
    const results: Record<string, unknown[]> = {};
    for (const route of staffRoutes) {
      results[route] = [
        await call(route, null),
        await call(route, 'not-a-jwt'),
        await call(route, tokens.forged),
        await call(route, tokens.customer),
      ].map((r) => `${r.status} ${r.code}`);
    }
    const expected = Object.fromEntries(
      staffRoutes.map((r) => [
        r,
        ['401 missing_token', '401 invalid_token', '401 invalid_token', '403 not_staff'],
      ]),
    );
    expect(results).toEqual(expected);
  });

  it('lets staff through every staff route except the admin ones, and admins through all', async () => {
    const staffRoutes = routes().filter((r) => r.includes('/api/staff/'));
    for (const route of staffRoutes) {
      const asStaff = await call(route, tokens.staff);
      const asAdmin = await call(route, tokens.admin);
      if (ADMIN_ROUTES.has(route))
        expect([route, asStaff.status, asStaff.code]).toEqual([route, 403, 'not_admin']);
      else expect([route, [401, 403].includes(asStaff.status)]).toEqual([route, false]);
      expect([route, [401, 403].includes(asAdmin.status)]).toEqual([route, false]);
    }
  });

  it('knows who is signed in', async () => {
    const res = await h.api.request('/api/staff/me', {
      headers: { authorization: `Bearer ${tokens.admin}` },
    });
    expect(await res.json()).toMatchObject({
      email: 'gerant@omega.test',
      staff: true,
      admin: true,
    });
  });
});

describe('a disabled or signed-out staff account', () => {
  // The verifier the deployed API builds (checkRevoked, 60 s cache), on a clock the test moves,
  // against the Auth emulator: the account is changed with firebase-admin, as an admin would.
  // (Against the emulator firebase-admin reads the user on every verification; that production
  // asks for the revocation check is src/http/id-tokens.test.ts's `checkRevoked: true`.)
  let clock = Date.now();
  let api: StaffApi;

  beforeAll(() => {
    api = createStaffApi({
      ...h.apiDeps,
      verifier: firebaseTokenVerifier(getAuth(app), { now: () => clock }),
    });
  });

  const me = async (token: string) => {
    const res = await api.request('/api/staff/me', {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { error?: { code?: string } };
    return `${res.status} ${body.error?.code ?? 'ok'}`;
  };
  const uidOf = async (email: string) => (await getAuth(app).getUserByEmail(email)).uid;

  it('stops working within a minute of being disabled, with no look-up per request before', async () => {
    const token = await emulator.signIn('partant@omega.test', { staff: true });
    expect(await me(token)).toBe('200 ok');
    await getAuth(app).updateUser(await uidOf('partant@omega.test'), { disabled: true });
    clock += 30_000;
    // Still inside the cache window: the token was checked 30 s ago.
    expect(await me(token)).toBe('200 ok');
    clock += 31_000;
    expect(await me(token)).toBe('401 revoked_token');
    expect(await me(token)).toBe('401 revoked_token');
  });

  it('stops working within a minute of its sessions being revoked', async () => {
    const token = await emulator.signIn('ancien@omega.test', { staff: true, admin: true });
    expect(await me(token)).toBe('200 ok');
    // Revocation is recorded in whole seconds: revoke in a later second than the sign-in.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await getAuth(app).revokeRefreshTokens(await uidOf('ancien@omega.test'));
    clock += 61_000;
    expect(await me(token)).toBe('401 revoked_token');
  });

  it('a colleague’s token is unaffected', async () => {
    clock += 61_000;
    expect(await me(tokens.staff)).toBe('200 ok');
  });
});
