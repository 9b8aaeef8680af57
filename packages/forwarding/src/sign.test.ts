import { describe, expect, it } from 'vitest';
import { parseSignatureHeader, signForwardedBody, verifyForwardedSignature } from './sign.ts';

const SECRET = 'forwarding-secret-0123456789abcdef0123';
const BODY = JSON.stringify({ id: 'status:SM1:delivered', params: { Body: 'prêt 📱' } });
const T = 1_780_000_000;

describe('signForwardedBody / verifyForwardedSignature', () => {
  it('produces t=<unix>,v1=<64 hex> that verifies', async () => {
    const header = await signForwardedBody(SECRET, BODY, T);
    expect(header).toMatch(/^t=1780000000,v1=[0-9a-f]{64}$/);
    const check = await verifyForwardedSignature({ secret: SECRET, header, body: BODY, now: T });
    expect(check).toEqual({ ok: true, value: { timestamp: T } });
  });

  it.each([
    ['missing_signature', async () => null, BODY, T],
    ['missing_signature', async () => '', BODY, T],
    ['malformed_signature', async () => 'v1=abc', BODY, T],
    ['malformed_signature', async () => `t=${T}`, BODY, T],
    ['malformed_signature', async () => `t=${T},v1=xyz`, BODY, T],
    ['malformed_signature', async () => `t=-1,v1=${'a'.repeat(64)}`, BODY, T],
    ['stale_timestamp', () => signForwardedBody(SECRET, BODY, T), BODY, T + 301],
    ['stale_timestamp', () => signForwardedBody(SECRET, BODY, T), BODY, T - 301],
    ['bad_signature', () => signForwardedBody(SECRET, BODY, T), `${BODY} `, T],
    ['bad_signature', () => signForwardedBody('another-secret', BODY, T), BODY, T],
    [
      'bad_signature',
      async () => (await signForwardedBody(SECRET, BODY, T)).replace(`t=${T}`, `t=${T + 1}`),
      BODY,
      T,
    ],
  ])('rejects with %s', async (code, header, body, now) => {
    const check = await verifyForwardedSignature({
      secret: SECRET,
      header: await header(),
      body,
      now,
    });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error.code).toBe(code);
  });

  it('accepts within the tolerance and honours a custom tolerance', async () => {
    const header = await signForwardedBody(SECRET, BODY, T);
    const at = (now: number, toleranceSeconds?: number) =>
      verifyForwardedSignature({ secret: SECRET, header, body: BODY, now, toleranceSeconds });
    expect((await at(T + 300)).ok).toBe(true);
    expect((await at(T + 30, 10)).ok).toBe(false);
  });

  it('accepts any of several secrets during a rotation', async () => {
    const header = await signForwardedBody('new-secret', BODY, T);
    const secret = ['old-secret', 'new-secret'];
    expect((await verifyForwardedSignature({ secret, header, body: BODY, now: T })).ok).toBe(true);
  });

  it('accepts a header with several v1 values and upper-case hex', async () => {
    const good = (await signForwardedBody(SECRET, BODY, T)).split('v1=')[1] ?? '';
    const header = `t=${T},v1=${'0'.repeat(64)},v1=${good.toUpperCase()}`;
    expect(
      (await verifyForwardedSignature({ secret: SECRET, header, body: BODY, now: T })).ok,
    ).toBe(true);
  });

  it('refuses to sign with a non-integer timestamp (a bug, so it throws)', async () => {
    await expect(signForwardedBody(SECRET, BODY, 1.5)).rejects.toThrow(RangeError);
  });
});

describe('parseSignatureHeader', () => {
  it.each([
    [`t=1,v1=${'a'.repeat(64)}`, { timestamp: 1, signatures: ['a'.repeat(64)] }],
    [`t=1, v1=${'A'.repeat(64)}, v0=old`, { timestamp: 1, signatures: ['a'.repeat(64)] }],
    [`t=1,t=2,v1=${'a'.repeat(64)}`, null],
    ['t=1', null],
    ['garbage', null],
  ])('%s', (header, expected) => {
    expect(parseSignatureHeader(header)).toEqual(expected);
  });
});
