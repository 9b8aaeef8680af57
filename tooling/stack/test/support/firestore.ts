import { FirestoreServer } from '@firestore-emulator/server';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { type Firestore, getFirestore } from 'firebase-admin/firestore';
import { filterListenWakeUps } from '../../src/pieces/firestore-listen-filter.ts';
import { freePort } from '../../src/ports.ts';

/** An embedded Firestore server and a client on it, for one test file. */
export interface TestFirestore {
  db: Firestore;
  server: FirestoreServer;
  close(): Promise<void>;
}

let counter = 0;

export async function startTestFirestore(
  options: { projectId?: string; filterListen?: boolean } = {},
): Promise<TestFirestore> {
  const projectId = options.projectId ?? 'demo-stack-test';
  const server = new FirestoreServer();
  if (options.filterListen !== false) filterListenWakeUps(server);
  const port = await freePort('0.0.0.0');
  await server.start(port);
  process.env.FIRESTORE_EMULATOR_HOST = `127.0.0.1:${port}`;
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  counter += 1;
  const app = initializeApp({ projectId }, `stack-test-${counter}`);
  const db = getFirestore(app);
  return {
    db,
    server,
    async close() {
      await db.terminate();
      await deleteApp(app);
      server.stop();
    },
  };
}
