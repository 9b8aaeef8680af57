import { afterEach, describe, expect, it } from 'vitest';
import { startTestFirestore, type TestFirestore } from '../../test/support/firestore.ts';

let fs: TestFirestore | undefined;
afterEach(async () => {
  await fs?.close();
  fs = undefined;
});

async function until(probe: () => boolean): Promise<void> {
  const end = Date.now() + 5000;
  while (!probe()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Counts how often the server re-runs a query (what a listener wake-up costs). */
function countQueries(f: TestFirestore): () => number {
  const state = f.server.state as unknown as { v1Query: (...args: unknown[]) => unknown };
  const original = state.v1Query;
  let calls = 0;
  state.v1Query = function counted(this: unknown, ...args: unknown[]) {
    calls += 1;
    return original.apply(this, args);
  };
  return () => calls;
}

async function scenario(filterListen: boolean) {
  fs = await startTestFirestore({ filterListen });
  const { db } = fs;
  await db.doc('tickets/t0').set({ status: 'received' });
  const queries = countQueries(fs);
  const seen: string[] = [];
  let first = true;
  const unsubscribe = db.collection('tickets').onSnapshot((snap) => {
    if (first) {
      first = false;
      return;
    }
    for (const c of snap.docChanges()) seen.push(`${c.type}:${c.doc.id}:${c.doc.get('status')}`);
  });
  await until(() => !first);
  const atStart = queries();
  for (let i = 0; i < 10; i += 1) await db.doc(`notification_history/n${i}`).set({ i });
  await db.doc('tickets/t0/events/e1').set({ sub: true }); // a sub-collection, not the collection
  await new Promise((r) => setTimeout(r, 200));
  const afterOtherWrites = queries() - atStart;
  await db.doc('tickets/t1').set({ status: 'received' });
  await db.doc('tickets/t0').update({ status: 'diagnosing' });
  await until(() => seen.length === 2);
  unsubscribe();
  return { afterOtherWrites, seen };
}

describe('filterListenWakeUps', () => {
  it('wakes a collection listener only for writes to that collection, with the same changes', async () => {
    const { afterOtherWrites, seen } = await scenario(true);
    expect(afterOtherWrites).toBe(0);
    expect(seen).toEqual(['added:t1:received', 'modified:t0:diagnosing']);
  });

  it('(as shipped, every write anywhere re-runs the listener query)', async () => {
    const { afterOtherWrites, seen } = await scenario(false);
    expect(afterOtherWrites).toBeGreaterThanOrEqual(11);
    expect(seen).toEqual(['added:t1:received', 'modified:t0:diagnosing']);
  });
});
