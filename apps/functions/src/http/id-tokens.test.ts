import type { Auth } from 'firebase-admin/auth';
import { describe, expect, it } from 'vitest';
import { bearerToken, firebaseTokenVerifier } from './id-tokens.ts';

describe('bearerToken', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer   abc ', 'abc'],
    ['Basic abc', null],
    ['Bearer a b', null],
  ])('%j → %j', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
});

describe('firebaseTokenVerifier', () => {
  const T0 = Date.parse('2026-05-01T10:00:00Z');

  /** An Auth whose `verifyIdToken` answers from a table and counts its calls. */
  function fakeAuth(
    answers: Record<string, 'ok' | 'revoked' | 'disabled'>,
    expSeconds = T0 / 1000 + 3600,
  ) {
    const calls: Array<{ token: string; checkRevoked: boolean | undefined }> = [];
    const auth = {
      async verifyIdToken(token: string, checkRevoked?: boolean) {
        calls.push({ token, checkRevoked });
        const answer = answers[token];
        if (answer === 'ok')
          return { uid: `u-${token}`, email: null, staff: true, exp: expSeconds };
        const code =
          answer === 'revoked'
            ? 'auth/id-token-revoked'
            : answer === 'disabled'
              ? 'auth/user-disabled'
              : 'auth/argument-error';
        throw Object.assign(new Error(code), { code });
      },
    };
    return { auth: auth as unknown as Auth, calls, answers };
  }

  it('checks revocation by default and asks again only after 60 s', async () => {
    let clock = T0;
    const { auth, calls, answers } = fakeAuth({ a: 'ok' });
    const verifier = firebaseTokenVerifier(auth, { now: () => clock });
    expect((await verifier.verify('a')).ok).toBe(true);
    answers.a = 'disabled';
    clock += 59_000;
    expect((await verifier.verify('a')).ok).toBe(true);
    expect(calls).toEqual([{ token: 'a', checkRevoked: true }]);
    clock += 1_000;
    expect(await verifier.verify('a')).toEqual({
      ok: false,
      error: { code: 'revoked_token', message: 'Session révoquée.' },
    });
    expect(calls).toHaveLength(2);
  });

  it('never remembers a token past its expiry, nor a refusal', async () => {
    let clock = T0;
    const { auth, calls, answers } = fakeAuth({ a: 'ok', b: 'revoked' }, T0 / 1000 + 10);
    const verifier = firebaseTokenVerifier(auth, { now: () => clock });
    await verifier.verify('a');
    clock += 10_000;
    answers.a = 'revoked';
    expect((await verifier.verify('a')).ok).toBe(false);
    expect((await verifier.verify('b')).ok).toBe(false);
    expect((await verifier.verify('b')).ok).toBe(false);
    expect(calls.map((c) => c.token)).toEqual(['a', 'a', 'b', 'b']);
  });

  it('asks every time with cacheMs 0, and never caches without checkRevoked', async () => {
    for (const options of [{ cacheMs: 0 }, { checkRevoked: false }]) {
      const { auth, calls } = fakeAuth({ a: 'ok' });
      const verifier = firebaseTokenVerifier(auth, { ...options, now: () => T0 });
      await verifier.verify('a');
      await verifier.verify('a');
      expect(calls).toHaveLength(2);
    }
  });

  it('keeps at most maxCached tokens', async () => {
    const { auth, calls } = fakeAuth({ a: 'ok', b: 'ok', c: 'ok' });
    const verifier = firebaseTokenVerifier(auth, { maxCached: 2, now: () => T0 });
    for (const t of ['a', 'b', 'c', 'c', 'b', 'a']) await verifier.verify(t);
    // c evicted a; b and c answered from the cache; a asked again.
    expect(calls.map((c) => c.token)).toEqual(['a', 'b', 'c', 'a']);
  });
});
