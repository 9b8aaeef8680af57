/** A staff account in the Auth emulator. */
export interface StaffAccount {
  email: string;
  password: string;
  /** Custom claims the staff API checks (`staff`, and `admin` for the settings). */
  claims: { staff: boolean; admin: boolean };
}

/**
 * The local staff account `pnpm dev` creates in its Auth emulator (fresh every run: the
 * emulator keeps nothing), to sign in to the dashboard. Local only: it exists nowhere else.
 */
export const LOCAL_STAFF: StaffAccount = {
  email: 'staff@omega.test',
  password: 'omega-local',
  claims: { staff: true, admin: true },
};

type Fetch = typeof fetch;

async function call<T>(
  authOrigin: string,
  path: string,
  body: unknown,
  options: { owner?: boolean; fetch: Fetch },
): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  const res = await options.fetch(`${authOrigin}/identitytoolkit.googleapis.com/v1/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      // The emulator's admin credential: allowed to set custom claims.
      ...(options.owner ? { authorization: 'Bearer owner' } : {}),
    },
    body: JSON.stringify(body),
  });
  if (res.ok) return { ok: true, value: (await res.json()) as T };
  const text = await res.text();
  let message = text;
  try {
    message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
  } catch {
    // not JSON: keep the text
  }
  return { ok: false, message };
}

/**
 * Creates a staff account with its claims in a Firebase Auth **emulator** (its REST API; the
 * `Bearer owner` credential only exists there), or updates the claims of the account that
 * already has that email and password. Returns its uid. Throws when the emulator refuses.
 */
export async function ensureStaffUser(
  authOrigin: string,
  projectId: string,
  account: StaffAccount = LOCAL_STAFF,
  fetchImpl: Fetch = fetch,
): Promise<string> {
  const origin = authOrigin.replace(/\/$/, '');
  const credentials = { email: account.email, password: account.password };
  const signUp = await call<{ localId: string }>(
    origin,
    'accounts:signUp?key=fake-api-key',
    { ...credentials, returnSecureToken: true },
    { fetch: fetchImpl },
  );
  let uid: string;
  if (signUp.ok) uid = signUp.value.localId;
  else if (signUp.message.startsWith('EMAIL_EXISTS')) {
    const signIn = await call<{ localId: string }>(
      origin,
      'accounts:signInWithPassword?key=fake-api-key',
      { ...credentials, returnSecureToken: true },
      { fetch: fetchImpl },
    );
    if (!signIn.ok)
      throw new Error(
        `staff account ${account.email} exists with another password: ${signIn.message}`,
      );
    uid = signIn.value.localId;
  } else throw new Error(`creating staff account ${account.email}: ${signUp.message}`);
  const update = await call(
    origin,
    `projects/${projectId}/accounts:update`,
    { localId: uid, customAttributes: JSON.stringify(account.claims) },
    { owner: true, fetch: fetchImpl },
  );
  if (!update.ok) throw new Error(`claims of ${account.email}: ${update.message}`);
  return uid;
}
