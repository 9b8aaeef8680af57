// Staff routes: a verified ID token with the `staff` claim, `admin` for settings and erasure.
import { createMiddleware } from 'hono/factory';
import { ApiError, bearerToken, type StaffUser, type TokenVerifier } from '../http/index.ts';

/** Hono variables set by {@link requireStaff}. */
export type StaffEnv = { Variables: { staff: StaffUser } };

/**
 * Requires a verified ID token with the `staff` claim: 401 without a valid token, 403 for a
 * signed-in user who is not staff. Sets `c.var.staff`.
 */
export function requireStaff(verifier: TokenVerifier) {
  return createMiddleware<StaffEnv>(async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    if (!token) throw new ApiError(401, 'missing_token', 'Connexion requise.');
    const verified = await verifier.verify(token);
    if (!verified.ok) throw new ApiError(401, verified.error.code, verified.error.message);
    if (!verified.value.staff)
      throw new ApiError(403, 'not_staff', 'Ce compte n’a pas accès au tableau de bord.');
    c.set('staff', verified.value);
    await next();
  });
}

/** Requires the `admin` claim on top of {@link requireStaff} (403 otherwise). */
export const requireAdmin = createMiddleware<StaffEnv>(async (c, next) => {
  if (!c.var.staff?.admin) throw new ApiError(403, 'not_admin', 'Réservé aux administrateurs.');
  await next();
});
