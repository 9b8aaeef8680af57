import { createServer } from 'node:net';

/** A running Firestore-protocol server the tests talk to. */
export interface FirestoreHandle {
  /** `host:port`, as `FIRESTORE_EMULATOR_HOST` expects. */
  host: string;
  /** True when this process started an embedded server (false: an external emulator). */
  embedded: boolean;
  /** Deletes every document of `projectId`. */
  clear(projectId: string): Promise<void>;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Uses the emulator named by `FIRESTORE_EMULATOR_HOST` when it is set (the official one, in CI
 * or on a machine with Java), otherwise starts the embedded `@firestore-emulator/server` on a
 * free port and points `FIRESTORE_EMULATOR_HOST` at it. Must run before the first
 * `getFirestore()`, which reads the variable.
 */
export async function startFirestore(): Promise<FirestoreHandle> {
  const external = process.env.FIRESTORE_EMULATOR_HOST;
  if (external) {
    return {
      host: external,
      embedded: false,
      async clear(projectId) {
        const url = `http://${external}/emulator/v1/projects/${projectId}/databases/(default)/documents`;
        const response = await fetch(url, { method: 'DELETE' });
        if (!response.ok) throw new Error(`clearing ${projectId} failed: HTTP ${response.status}`);
      },
      async stop() {},
    };
  }
  const { FirestoreServer } = await import('@firestore-emulator/server');
  const server = new FirestoreServer();
  const port = await freePort();
  await server.start(port);
  const host = `127.0.0.1:${port}`;
  process.env.FIRESTORE_EMULATOR_HOST = host;
  return {
    host,
    embedded: true,
    async clear() {
      // One embedded server per test file: clearing everything only touches this file's data.
      server.state.clear();
    },
    async stop() {
      server.stop();
    },
  };
}
