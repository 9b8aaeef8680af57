/**
 * A small Firebase Auth client over the Identity Toolkit REST API (the same API the Auth
 * emulator serves): email/password sign-in and ID-token refresh. Used instead of the
 * `firebase` web SDK, which would add ~60 KB gzipped to the first load for two calls.
 */

/** A signed-in session. */
export interface Session {
  idToken: string;
  refreshToken: string;
  /** Epoch ms when `idToken` expires. */
  expiresAt: number;
  email: string;
  uid: string;
  staff: boolean;
  admin: boolean;
}

/** Where the Auth REST endpoints live. */
export interface AuthEndpoints {
  apiKey: string;
  /** `host:port` of the Auth emulator, or undefined for Google's servers. */
  emulatorHost?: string | undefined;
}

/** A refused sign-in or refresh, with Firebase's error code (`INVALID_PASSWORD`, …). */
export class AuthError extends Error {
  readonly code: string;
  constructor(code: string) {
    super(code);
    this.code = code;
    this.name = 'AuthError';
  }
}

function base(e: AuthEndpoints, service: 'identitytoolkit' | 'securetoken'): string {
  return e.emulatorHost
    ? `http://${e.emulatorHost}/${service}.googleapis.com`
    : `https://${service}.googleapis.com`;
}

/** The claims of an ID token (not verified here: the API verifies every request). */
export function decodeClaims(idToken: string): Record<string, unknown> {
  const payload = idToken.split('.')[1];
  if (!payload) return {};
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(decodeURIComponent(escape(json))) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function sessionFrom(
  idToken: string,
  refreshToken: string,
  expiresIn: string | number,
  now: number,
): Session {
  const claims = decodeClaims(idToken);
  return {
    idToken,
    refreshToken,
    expiresAt: now + Number(expiresIn) * 1000,
    email: String(claims.email ?? ''),
    uid: String(claims.user_id ?? claims.sub ?? ''),
    staff: claims.staff === true,
    admin: claims.admin === true,
  };
}

async function post(url: string, body: BodyInit, contentType: string, fetcher: typeof fetch) {
  const res = await fetcher(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown> & {
    error?: { message?: string };
  };
  if (!res.ok) throw new AuthError(json.error?.message ?? `HTTP_${res.status}`);
  return json;
}

/** An Identity Toolkit email/password call (`accounts:signInWithPassword` or `accounts:signUp`) → a session. */
async function passwordAccount(
  e: AuthEndpoints,
  method: 'signInWithPassword' | 'signUp',
  body: Record<string, string>,
  fetcher: typeof fetch,
  now: number,
): Promise<Session> {
  const json = await post(
    `${base(e, 'identitytoolkit')}/v1/accounts:${method}?key=${encodeURIComponent(e.apiKey)}`,
    JSON.stringify({ ...body, returnSecureToken: true }),
    'application/json',
    fetcher,
  );
  return sessionFrom(
    String(json.idToken),
    String(json.refreshToken),
    String(json.expiresIn ?? 3600),
    now,
  );
}

/** Signs in with email and password. */
export async function signInWithPassword(
  e: AuthEndpoints,
  email: string,
  password: string,
  fetcher: typeof fetch = fetch,
  now = Date.now(),
): Promise<Session> {
  return passwordAccount(e, 'signInWithPassword', { email, password }, fetcher, now);
}

/**
 * Creates an email/password account (`accounts:signUp`) and signs it in: the customer side of
 * the consent-ui example page (`/exemples/inscription`), as the shop's registration form does.
 * Refusals are {@link AuthError}s (`EMAIL_EXISTS`, `WEAK_PASSWORD : …`, `INVALID_EMAIL`).
 */
export async function signUpWithPassword(
  e: AuthEndpoints,
  account: { email: string; password: string; displayName?: string },
  fetcher: typeof fetch = fetch,
  now = Date.now(),
): Promise<Session> {
  return passwordAccount(e, 'signUp', account, fetcher, now);
}

/** Exchanges the refresh token for a new ID token (picks up changed custom claims too). */
export async function refreshSession(
  e: AuthEndpoints,
  session: Session,
  fetcher: typeof fetch = fetch,
  now = Date.now(),
): Promise<Session> {
  const json = await post(
    `${base(e, 'securetoken')}/v1/token?key=${encodeURIComponent(e.apiKey)}`,
    new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: session.refreshToken,
    }).toString(),
    'application/x-www-form-urlencoded',
    fetcher,
  );
  return sessionFrom(
    String(json.id_token),
    String(json.refresh_token),
    String(json.expires_in ?? 3600),
    now,
  );
}

/** Whether the session's ID token should be refreshed before use (less than a minute left). */
export function needsRefresh(session: Session, now = Date.now()): boolean {
  return session.expiresAt - now < 60_000;
}
