import { freePort } from '../../support/firestore-server.ts';

/** A running Firebase Auth emulator (firebase-tools, in process) and helpers to mint real ID tokens. */
export interface AuthEmulatorHandle {
  /** `host:port`, as `FIREBASE_AUTH_EMULATOR_HOST` expects. */
  host: string;
  projectId: string;
  /** Creates a user with `claims` and signs in: a real ID token issued by the emulator. */
  signIn(email: string, claims?: Record<string, unknown>): Promise<string>;
  stop(): Promise<void>;
}

interface AuthEmulatorModule {
  AuthEmulator: new (args: {
    host: string;
    port: number;
    projectId: string;
    singleProjectMode?: number;
  }) => {
    start(): Promise<void>;
    stop(): Promise<void>;
  };
}

/**
 * Starts firebase-tools' Auth emulator inside this process (no CLI, no download) and points
 * `FIREBASE_AUTH_EMULATOR_HOST` at it. Its start compiles the Identity Toolkit API spec: about
 * 10–30 s on a busy machine.
 */
export async function startAuthEmulator(projectId: string): Promise<AuthEmulatorHandle> {
  const specifier = 'firebase-tools/lib/emulator/auth/index.js';
  const { AuthEmulator } = (await import(specifier)) as AuthEmulatorModule;
  const port = await freePort();
  const emulator = new AuthEmulator({ host: '127.0.0.1', port, projectId, singleProjectMode: 0 });
  await emulator.start();
  const host = `127.0.0.1:${port}`;
  process.env.FIREBASE_AUTH_EMULATOR_HOST = host;
  const base = `http://${host}/identitytoolkit.googleapis.com/v1`;
  const post = async (path: string, body: unknown, owner = false) => {
    const res = await fetch(`${base}/${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(owner ? { authorization: 'Bearer owner' } : {}),
      },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`Auth emulator ${path}: ${JSON.stringify(json)}`);
    return json;
  };
  return {
    host,
    projectId,
    async signIn(email, claims) {
      const password = 'motdepasse-test';
      const created = await post('accounts:signUp?key=fake-api-key', {
        email,
        password,
        returnSecureToken: true,
      });
      if (claims)
        await post(
          `projects/${projectId}/accounts:update`,
          { localId: created.localId, customAttributes: JSON.stringify(claims) },
          true,
        );
      const signed = await post('accounts:signInWithPassword?key=fake-api-key', {
        email,
        password,
        returnSecureToken: true,
      });
      return String(signed.idToken);
    },
    stop: () => emulator.stop(),
  };
}
