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

describe('filterListenWakeUps: a whole-collection listener gets only what changed', () => {
  type Seen = { size: number; changes: string[] };
  async function listen(
    f: TestFirestore,
    query: FirebaseFirestore.Query,
  ): Promise<{ snapshots: Seen[]; stop(): void }> {
    const snapshots: Seen[] = [];
    const stop = query.onSnapshot((snap) => {
      snapshots.push({
        size: snap.size,
        changes: snap.docChanges().map((c) => `${c.type}:${c.doc.id}:${c.doc.get('status')}`),
      });
    });
    await until(() => snapshots.length > 0);
    void f;
    return { snapshots, stop };
  }

  it('creations, updates, deletions and a batch, with the collection re-queried never', async () => {
    fs = await startTestFirestore();
    const { db } = fs;
    const seed = db.batch();
    for (let i = 0; i < 300; i += 1) seed.set(db.doc(`tickets/t${i}`), { status: 'received' });
    await seed.commit();
    const queries = countQueries(fs);
    const { snapshots, stop } = await listen(fs, db.collection('tickets'));
    expect(snapshots[0]?.size).toBe(300);
    const atStart = queries();

    await db.doc('tickets/t7').update({ status: 'diagnosing' });
    await until(() => snapshots.length === 2);
    await db.doc('tickets/new').set({ status: 'received' });
    await until(() => snapshots.length === 3);
    await db.doc('tickets/t8').delete();
    await until(() => snapshots.length === 4);
    const batch = db.batch();
    batch.update(db.doc('tickets/t1'), { status: 'completed' });
    batch.update(db.doc('tickets/t2'), { status: 'completed' });
    await batch.commit();
    await until(() => snapshots.length === 5);
    await db.doc('tickets/t0/events/e1').set({ status: 'sub' }); // not in the collection
    await new Promise((r) => setTimeout(r, 200));
    stop();

    expect(snapshots.slice(1)).toEqual([
      { size: 300, changes: ['modified:t7:diagnosing'] },
      { size: 301, changes: ['added:new:received'] },
      { size: 300, changes: ['removed:t8:received'] },
      { size: 300, changes: ['modified:t1:completed', 'modified:t2:completed'] },
    ]);
    // As shipped, each of the four writes re-ran the query and re-sent all 300 documents.
    expect(queries() - atStart).toBe(0);
  });

  it('a filtered listener still gets its query re-run (the server as shipped)', async () => {
    fs = await startTestFirestore();
    const { db } = fs;
    await db.doc('tickets/a').set({ status: 'received' });
    await db.doc('tickets/b').set({ status: 'completed' });
    const { snapshots, stop } = await listen(
      fs,
      db.collection('tickets').where('status', '==', 'completed'),
    );
    expect(snapshots[0]?.changes).toEqual(['added:b:completed']);
    await db.doc('tickets/a').update({ status: 'completed' });
    await until(() => snapshots.some((s) => s.changes.includes('added:a:completed')));
    await db.doc('tickets/b').update({ status: 'picked_up' });
    await until(() => snapshots.some((s) => s.changes.includes('removed:b:completed')));
    stop();
    expect(snapshots.at(-1)?.size).toBe(1);
  });
});
