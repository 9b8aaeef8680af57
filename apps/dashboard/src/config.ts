function emulatorHost(value: string | undefined): string | undefined {
  if (value === 'same-origin')
    return typeof window === 'undefined' ? undefined : window.location.host;
  return value || undefined;
}

/** Build-time configuration (Vite `VITE_*` variables). */
export const config = {
  /** Firebase Web API key (any value works against the Auth emulator). */
  firebaseApiKey: import.meta.env.VITE_FIREBASE_API_KEY ?? 'fake-api-key',
  /**
   * `host:port` of the Auth emulator; unset in production (Google's Identity Toolkit).
   * `same-origin`: the server that serves the dashboard proxies the emulator (local stack, e2e).
   */
  authEmulatorHost: emulatorHost(import.meta.env.VITE_AUTH_EMULATOR_HOST as string | undefined),
  /** Base URL of the staff API; empty = same origin (`/api/...`). */
  apiBase: import.meta.env.VITE_API_BASE ?? '',
};
