import { createHmac, timingSafeEqual } from 'node:crypto';

// Media links that work without a login and stop working: an HMAC over the object's path and
// an expiry, served by the customer API's `GET /m/<token>` (docs/data-model.md, "Photos").

/** Where a media token is verified and what it names. */
export interface MediaToken {
  /** The object's path in the bucket. */
  path: string;
  expiresAt: Date;
}

function key(secret: string): Buffer {
  // A key of its own, derived from the short-link secret: a media token never passes as
  // anything else signed with that secret.
  return createHmac('sha256', secret).update('omega-media-url-v1').digest();
}

function signature(secret: string, payload: string): string {
  return createHmac('sha256', key(secret)).update(payload).digest('base64url').slice(0, 32);
}

/**
 * The token of a media link (pure): `<base64url(path)>.<expiry in seconds, base 36>.<signature>`,
 * one URL path segment, so a WhatsApp media template's URL can end with it as its variable.
 */
export function mediaToken(secret: string, token: MediaToken): string {
  const payload = `${Buffer.from(token.path).toString('base64url')}.${Math.floor(
    token.expiresAt.getTime() / 1000,
  ).toString(36)}`;
  return `${payload}.${signature(secret, payload)}`;
}

/** `${base}/m/<token>`: the link a message or a page carries. */
export function mediaUrl(base: string, secret: string, token: MediaToken): string {
  return `${base.replace(/\/$/, '')}/m/${mediaToken(secret, token)}`;
}

/** Why a media token opens nothing. */
export type MediaTokenRefusal = 'malformed' | 'bad_signature' | 'expired';

/** Reads and checks a token at `now` (pure): the path it names, or why it is refused. */
export function verifyMediaToken(
  secret: string,
  token: string,
  now: Date,
): { ok: true; value: MediaToken } | { ok: false; error: MediaTokenRefusal } {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, error: 'malformed' };
  const [encoded, expiry, given] = parts as [string, string, string];
  const expected = signature(secret, `${encoded}.${expiry}`);
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, error: 'bad_signature' };
  const seconds = Number.parseInt(expiry, 36);
  if (!Number.isFinite(seconds)) return { ok: false, error: 'malformed' };
  const expiresAt = new Date(seconds * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, error: 'expired' };
  const path = Buffer.from(encoded, 'base64url').toString('utf8');
  if (!path) return { ok: false, error: 'malformed' };
  return { ok: true, value: { path, expiresAt } };
}
