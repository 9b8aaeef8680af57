import { randomUUID } from 'node:crypto';
import { type App, deleteApp, initializeApp } from 'firebase-admin/app';
import { type Firestore, getFirestore } from 'firebase-admin/firestore';
import type { FirestoreHandle } from './firestore-server.ts';

let handle: FirestoreHandle | undefined;

/** Called by the setup file. */
export function setFirestoreHandle(h: FirestoreHandle): void {
  handle = h;
}

/** A Firestore client on its own project id, so parallel test files never share data. */
export interface TestFirestore {
  app: App;
  db: Firestore;
  projectId: string;
  /** Deletes every document of this project (call in `beforeEach`). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Opens a Firestore client on the test server (started by `test/support/setup.ts`). */
export function openTestFirestore(): TestFirestore {
  if (!handle) throw new Error('the integration setup file did not start Firestore');
  const h = handle;
  const projectId = `omega-test-${randomUUID().slice(0, 8)}`;
  const app = initializeApp({ projectId }, projectId);
  const db = getFirestore(app);
  return {
    app,
    db,
    projectId,
    reset: () => h.clear(projectId),
    close: () => deleteApp(app),
  };
}
