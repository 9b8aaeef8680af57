// Firebase ID tokens: the staff API requires one with the `staff` claim (api/auth.ts), the
// customer API accepts a customer's to record choices from the registration page.
import type { Result } from '@omega/core';
import type { Auth } from 'firebase-admin/auth';

/**
 * The signed-in user, from a verified Firebase ID token: a staff member when the `staff`
 * claim is set (the staff API requires it), otherwise a customer.
 */
export interface StaffUser {
  uid: string;
  email: string | null;
  name: string | null;
  /** `staff` custom claim (required on every staff route). */
  staff: boolean;
  /** `admin` custom claim (settings, erasure). */
  admin: boolean;
}

/** Why a token was refused. */
export type TokenError = {
  code: 'invalid_token' | 'expired_token' | 'revoked_token';
  message: string;
};

/** Verifies a Firebase ID token; expected refusals are values. */
export interface TokenVerifier {
  verify(idToken: string): Promise<Result<StaffUser, TokenError>>;
}

const EXPIRED = new Set(['auth/id-token-expired']);
const REVOKED = new Set(['auth/id-token-revoked', 'auth/user-disabled']);

/** How long a verified token is trusted before Firebase Auth is asked again (60 s). */
export const DEFAULT_REVOCATION_CACHE_MS = 60_000;

/** Options of {@link firebaseTokenVerifier}. */
export interface TokenVerifierOptions {
  /**
   * Ask Firebase Auth whether the account is disabled or its sessions revoked (default `true`).
   * `false` trusts the token's signature alone, for up to the hour the token lives.
   */
  checkRevoked?: boolean;
  /**
   * How long a token that passed the revocation check is accepted without asking again (default
   * {@link DEFAULT_REVOCATION_CACHE_MS}, never past the token's own expiry; 0 asks every time).
   * A disabled account or revoked sessions stop working within this window.
   */
  cacheMs?: number;
  /** Most tokens remembered at once (default 1,000; the oldest go first). */
  maxCached?: number;
  /** Milliseconds since the epoch (tests move it). */
  now?: () => number;
}

type Verified = { user: StaffUser; until: number };

/**
 * Verifies ID tokens with `firebase-admin`: real signatures in production, and the Auth
 * emulator's unsigned tokens when `FIREBASE_AUTH_EMULATOR_HOST` is set (firebase-admin
 * decides). Custom claims `staff` and `admin` come from the token itself.
 *
 * With `checkRevoked` (the default) firebase-admin also reads the user: a disabled account
 * (`auth/user-disabled`) or sessions revoked after the token was issued (`auth/id-token-revoked`,
 * `revokeRefreshTokens`) answer `revoked_token`. That read is one round trip to Firebase Auth, so
 * a token that passed is remembered for `cacheMs` (60 s): the staff dashboard's requests cost one
 * look-up per token per minute, and a disabled account is refused within a minute. Refusals are
 * never remembered (a bad signature is checked locally, without a round trip).
 */
export function firebaseTokenVerifier(
  auth: Auth,
  options: TokenVerifierOptions = {},
): TokenVerifier {
  const checkRevoked = options.checkRevoked ?? true;
  const cacheMs = checkRevoked ? Math.max(0, options.cacheMs ?? DEFAULT_REVOCATION_CACHE_MS) : 0;
  const maxCached = Math.max(1, options.maxCached ?? 1_000);
  const now = options.now ?? (() => Date.now());
  const cache = new Map<string, Verified>();

  const remember = (idToken: string, user: StaffUser, expiresAtMs: number, at: number) => {
    if (cacheMs === 0) return;
    if (cache.size >= maxCached) {
      for (const [key, entry] of cache) if (entry.until <= at) cache.delete(key);
      for (const key of cache.keys()) {
        if (cache.size < maxCached) break;
        cache.delete(key);
      }
    }
    cache.set(idToken, { user, until: Math.min(at + cacheMs, expiresAtMs) });
  };

  return {
    async verify(idToken) {
      const at = now();
      const cached = cache.get(idToken);
      if (cached && cached.until > at) return { ok: true, value: cached.user };
      if (cached) cache.delete(idToken);
      try {
        const decoded = await auth.verifyIdToken(idToken, checkRevoked);
        const user: StaffUser = {
          uid: decoded.uid,
          email: decoded.email ?? null,
          name: typeof decoded.name === 'string' ? decoded.name : null,
          staff: decoded.staff === true,
          admin: decoded.admin === true,
        };
        remember(idToken, user, decoded.exp * 1000, at);
        return { ok: true, value: user };
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        if (EXPIRED.has(code))
          return { ok: false, error: { code: 'expired_token', message: 'Session expirée.' } };
        if (REVOKED.has(code))
          return { ok: false, error: { code: 'revoked_token', message: 'Session révoquée.' } };
        if (code.startsWith('auth/'))
          return { ok: false, error: { code: 'invalid_token', message: 'Jeton invalide.' } };
        throw error;
      }
    },
  };
}

/** The bearer token of a request, or `null`. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
