import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFirestore, type TestFirestore } from '../../test/support/firestore.ts';
import { bridgeCollection, type DocumentChange } from './collection-bridge.ts';

let fs: TestFirestore;
beforeAll(async () => {
  fs = await startTestFirestore();
});
afterAll(async () => {
  await fs?.close();
});

async function until(probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function recorder() {
  const seen: DocumentChange[] = [];
  return {
    seen,
    summary: () =>
      seen.map((c) => ({
        id: c.id,
        kind: c.kind,
        before: c.before?.data()?.status ?? null,
        after: c.after?.data()?.status ?? null,
      })),
  };
}

describe('bridgeCollection', () => {
  it('ignores the baseline, then reports creations, updates and deletions with before/after', async () => {
    const col = 'tickets_a';
    await fs.db.doc(`${col}/old`).set({ status: 'received' });
    const rec = recorder();
    const bridge = bridgeCollection({
      db: fs.db,
      collection: col,
      handlers: {
        record: async (c) => {
          rec.seen.push(c);
        },
      },
      log: () => {},
    });
    await bridge.ready;
    await fs.db.doc(`${col}/t1`).set({ status: 'received' });
    await until(() => rec.seen.length === 1);
    await fs.db.doc(`${col}/t1`).update({ status: 'diagnosing' });
    await until(() => rec.seen.length === 2);
    await fs.db.doc(`${col}/old`).update({ status: 'completed' });
    await until(() => rec.seen.length === 3);
    await fs.db.doc(`${col}/t1`).delete();
    await until(() => rec.seen.length === 4);
    await bridge.idle();
    bridge.stop();
    expect(rec.summary()).toEqual([
      { id: 't1', kind: 'created', before: null, after: 'received' },
      { id: 't1', kind: 'updated', before: 'received', after: 'diagnosing' },
      { id: 'old', kind: 'updated', before: 'received', after: 'completed' },
      { id: 't1', kind: 'deleted', before: 'diagnosing', after: null },
    ]);
  });

  it('identifies each write by its update time, the same across a restart', async () => {
    const col = 'tickets_b';
    const first = recorder();
    const a = bridgeCollection({
      db: fs.db,
      collection: col,
      handlers: {
        record: async (c) => {
          first.seen.push(c);
        },
      },
      log: () => {},
    });
    await a.ready;
    const result = await fs.db.doc(`${col}/t1`).set({ status: 'received' });
    await until(() => first.seen.length === 1);
    const change = first.seen[0];
    const t = result.writeTime;
    expect(change?.writeTime).toBe(`${t.seconds}.${String(t.nanoseconds).padStart(9, '0')}`);
    expect(change?.eventId).toBe(`${col}/t1@${change?.writeTime}`);
    a.stop();

    // A restarted bridge starts from a new baseline: the write it already handled is not sent again.
    const second = recorder();
    const b = bridgeCollection({
      db: fs.db,
      collection: col,
      handlers: {
        record: async (c) => {
          second.seen.push(c);
        },
      },
      log: () => {},
    });
    await b.ready;
    await fs.db.doc(`${col}/t1`).update({ status: 'repairing' });
    await until(() => second.seen.length === 1);
    await b.idle();
    b.stop();
    expect(second.summary()).toEqual([
      { id: 't1', kind: 'updated', before: 'received', after: 'repairing' },
    ]);
    expect(second.seen[0]?.writeTime).not.toBe(change?.writeTime);
  });

  it('retries a failing trigger on its own with backoff, then gives up and goes on', async () => {
    const col = 'tickets_c';
    let calls = 0;
    let steady = 0;
    const logs: string[] = [];
    const bridge = bridgeCollection({
      db: fs.db,
      collection: col,
      handlers: {
        flaky: async (c) => {
          calls += 1;
          if (c.id === 'flaky' && calls < 3) throw new Error('transient');
          if (c.id === 'broken') throw new Error('always');
        },
        steady: async () => {
          steady += 1;
        },
      },
      retry: { attempts: 3, firstDelayMs: 10 },
      log: (line) => logs.push(line),
    });
    await bridge.ready;
    await fs.db.doc(`${col}/flaky`).set({ status: 'received' });
    await until(() => calls === 3);
    await fs.db.doc(`${col}/broken`).set({ status: 'received' });
    await until(() => bridge.stats().failed === 1);
    await bridge.idle();
    bridge.stop();
    // The other trigger on the collection ran once per change, never re-run by the retries.
    expect(steady).toBe(2);
    expect(bridge.stats()).toEqual({ delivered: 3, failed: 1, retried: 4, duplicates: 0 });
    expect(logs.filter((l) => l.includes('dropped'))).toHaveLength(1);
  });

  it('handles the changes of one document in order, even when a handler is slow', async () => {
    const col = 'tickets_d';
    const order: string[] = [];
    const bridge = bridgeCollection({
      db: fs.db,
      collection: col,
      handlers: {
        record: async (c) => {
          const status = String(c.after?.data()?.status);
          if (status === 'received') await new Promise((r) => setTimeout(r, 150));
          order.push(status);
        },
      },
      log: () => {},
    });
    await bridge.ready;
    await fs.db.doc(`${col}/t1`).set({ status: 'received' });
    await new Promise((r) => setTimeout(r, 50));
    await fs.db.doc(`${col}/t1`).update({ status: 'diagnosing' });
    await until(() => order.length === 2);
    bridge.stop();
    expect(order).toEqual(['received', 'diagnosing']);
  });
});
