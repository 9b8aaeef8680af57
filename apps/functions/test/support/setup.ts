import { afterAll } from 'vitest';
import { setFirestoreHandle } from './firestore.ts';
import { startFirestore } from './firestore-server.ts';

// Runs once per integration test file, before the file's imports are evaluated.
const handle = await startFirestore();
setFirestoreHandle(handle);
afterAll(async () => {
  await handle.stop();
});
