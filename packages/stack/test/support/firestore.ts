import { FirestoreServer } from '@firestore-emulator/server';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { type Firestore, getFirestore } from 'firebase-admin/firestore';
import { freePort } from '../../src/ports.ts';

/** An embedded Firestore server and a client on it, for one test file. */
export interface TestFirestore {
  db: Firestore;
  server: FirestoreServer;
  close(): Promise<void>;
}

let counter = 0;

export async function startTestFirestore(projectId = 'demo-stack-test'): Promise<TestFirestore> {
  const server = new FirestoreServer();
  const port = await freePort('0.0.0.0');
  await server.start(port);
  process.env.FIRESTORE_EMULATOR_HOST = `127.0.0.1:${port}`;
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
