import { describe, expect, it } from 'vitest';
import { ensureStaffUser, LOCAL_STAFF } from './staff-user.ts';

type Answer = { status: number; body: unknown };

/** A fetch that records each call and answers from a table keyed by the REST method. */
function fakeAuth(answers: Record<string, Answer>) {
  const calls: Array<{ path: string; body: Record<string, unknown>; owner: boolean }> = [];
  const fetchImpl = (async (input: string | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const path = url.pathname.replace('/identitytoolkit.googleapis.com/v1/', '');
    const headers = new Headers(init?.headers);
    calls.push({
      path,
      body: JSON.parse(String(init?.body)) as Record<string, unknown>,
      owner: headers.get('authorization') === 'Bearer owner',
    });
    const method = path.split(':').pop() ?? '';
    const answer = answers[method] ?? { status: 500, body: { error: { message: 'UNEXPECTED' } } };
    return new Response(JSON.stringify(answer.body), { status: answer.status });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

describe('ensureStaffUser', () => {
  it('creates the account, then sets the staff and admin claims with the emulator credential', async () => {
    const auth = fakeAuth({
      signUp: { status: 200, body: { localId: 'u1' } },
      update: { status: 200, body: {} },
    });
    const uid = await ensureStaffUser('http://a:9099/', 'demo-p', LOCAL_STAFF, auth.fetchImpl);
    expect(uid).toBe('u1');
    expect(auth.calls).toEqual([
      {
        path: 'accounts:signUp',
        body: { email: 'staff@omega.test', password: 'omega-local', returnSecureToken: true },
        owner: false,
      },
      {
        path: 'projects/demo-p/accounts:update',
        body: { localId: 'u1', customAttributes: '{"staff":true,"admin":true}' },
        owner: true,
      },
    ]);
  });

  it('reuses an existing account (second start on an external emulator) and resets its claims', async () => {
    const auth = fakeAuth({
      signUp: { status: 400, body: { error: { message: 'EMAIL_EXISTS' } } },
      signInWithPassword: { status: 200, body: { localId: 'u7' } },
      update: { status: 200, body: {} },
    });
    expect(await ensureStaffUser('http://a:9099', 'demo-p', LOCAL_STAFF, auth.fetchImpl)).toBe(
      'u7',
    );
    expect(auth.calls.map((c) => c.path)).toEqual([
      'accounts:signUp',
      'accounts:signInWithPassword',
      'projects/demo-p/accounts:update',
    ]);
  });

  it.each([
    [
      'sign-up refused',
      { signUp: { status: 400, body: { error: { message: 'OPERATION_NOT_ALLOWED' } } } },
      /creating staff account staff@omega.test: OPERATION_NOT_ALLOWED/,
    ],
    [
      'existing account, other password',
      {
        signUp: { status: 400, body: { error: { message: 'EMAIL_EXISTS' } } },
        signInWithPassword: { status: 400, body: { error: { message: 'INVALID_PASSWORD' } } },
      },
      /exists with another password: INVALID_PASSWORD/,
    ],
    [
      'claims refused',
      {
        signUp: { status: 200, body: { localId: 'u1' } },
        update: { status: 403, body: { error: { message: 'PERMISSION_DENIED' } } },
      },
      /claims of staff@omega.test: PERMISSION_DENIED/,
    ],
  ])('%s → throws a sentence naming the account', async (_what, answers, message) => {
    const auth = fakeAuth(answers);
    await expect(
      ensureStaffUser('http://a:9099', 'demo-p', LOCAL_STAFF, auth.fetchImpl),
    ).rejects.toThrow(message);
  });
});
