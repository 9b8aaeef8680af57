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

/**
 * Verifies ID tokens with `firebase-admin`: real signatures in production, and the Auth
 * emulator's unsigned tokens when `FIREBASE_AUTH_EMULATOR_HOST` is set (firebase-admin
 * decides). Custom claims `staff` and `admin` come from the token itself.
 */
export function firebaseTokenVerifier(
  auth: Auth,
  options: { checkRevoked?: boolean } = {},
): TokenVerifier {
  return {
    async verify(idToken) {
      try {
        const decoded = await auth.verifyIdToken(idToken, options.checkRevoked ?? false);
        return {
          ok: true,
          value: {
            uid: decoded.uid,
            email: decoded.email ?? null,
            name: typeof decoded.name === 'string' ? decoded.name : null,
            staff: decoded.staff === true,
            admin: decoded.admin === true,
          },
        };
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
