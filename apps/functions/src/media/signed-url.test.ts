import { describe, expect, it } from 'vitest';
import { mediaToken, mediaUrl, verifyMediaToken } from './signed-url.ts';

const SECRET = 'a-short-link-secret-for-tests';
const now = new Date('2026-12-02T10:00:00Z');
const later = new Date('2026-12-02T11:00:00Z');

describe('media tokens', () => {
  it('round-trips the path until the expiry, one path segment', () => {
    const token = mediaToken(SECRET, { path: 'tickets/t1/photos/p1.jpg', expiresAt: later });
    expect(token).not.toContain('/');
    expect(verifyMediaToken(SECRET, token, now)).toEqual({
      ok: true,
      value: { path: 'tickets/t1/photos/p1.jpg', expiresAt: later },
    });
    expect(mediaUrl('https://omega.test/', SECRET, { path: 'a', expiresAt: later })).toMatch(
      /^https:\/\/omega\.test\/m\/[\w-]+\.[0-9a-z]+\.[\w-]{32}$/,
    );
  });

  it('refuses an expired token, a tampered path or expiry, another secret and garbage', () => {
    const token = mediaToken(SECRET, { path: 'tickets/t1/photos/p1.jpg', expiresAt: later });
    expect(verifyMediaToken(SECRET, token, later)).toEqual({ ok: false, error: 'expired' });
    const [path, expiry, sig] = token.split('.') as [string, string, string];
    const otherPath = Buffer.from('tickets/t2/photos/p9.jpg').toString('base64url');
    expect(verifyMediaToken(SECRET, `${otherPath}.${expiry}.${sig}`, now)).toEqual({
      ok: false,
      error: 'bad_signature',
    });
    expect(verifyMediaToken(SECRET, `${path}.zzzzzzz.${sig}`, now)).toEqual({
      ok: false,
      error: 'bad_signature',
    });
    expect(verifyMediaToken('another-secret-entirely', token, now)).toMatchObject({ ok: false });
    expect(verifyMediaToken(SECRET, 'nope', now)).toEqual({ ok: false, error: 'malformed' });
  });
});
