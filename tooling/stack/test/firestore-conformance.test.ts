import { deleteApp, initializeApp } from 'firebase-admin/app';
import {
  type CollectionReference,
  FieldValue,
  type Firestore,
  Timestamp,
} from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFirestore, type TestFirestore } from './support/firestore.ts';

// What our code relies on Firestore to do, checked with firebase-admin against the embedded
// server (`@firestore-emulator/server` with `patches/`, docs/decisions/009) or, when
// FIRESTORE_EMULATOR_HOST is set before the run, against that server (the official emulator):
// the same assertions must hold on both. Every test uses its own collection, so no clearing.

// Read before startTestFirestore() sets it for the embedded server.
const external = process.env.FIRESTORE_EMULATOR_HOST;

let db: Firestore;
let close: () => Promise<void>;
let collections = 0;

beforeAll(async () => {
  if (external) {
    process.env.METADATA_SERVER_DETECTION ??= 'none';
    const app = initializeApp({ projectId: 'demo-conformance' }, 'conformance');
    db = (await import('firebase-admin/firestore')).getFirestore(app);
    close = async () => {
      await db.terminate();
      await deleteApp(app);
    };
  } else {
    const fs: TestFirestore = await startTestFirestore({ projectId: 'demo-conformance' });
    db = fs.db;
    close = () => fs.close();
  }
});
afterAll(() => close());

function fresh(): CollectionReference {
  collections += 1;
  return db.collection(`conformance_${Date.now()}_${collections}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const ALREADY_EXISTS = 6;
const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;

describe(`Firestore conformance (${external ? `external ${external}` : 'embedded server'})`, () => {
  describe('preconditions', () => {
    it('create() of an existing document fails with ALREADY_EXISTS and leaves it as it was', async () => {
      const ref = fresh().doc('a');
      await ref.create({ by: 'first' });
      await expect(ref.create({ by: 'second' })).rejects.toMatchObject({ code: ALREADY_EXISTS });
      expect((await ref.get()).data()).toEqual({ by: 'first' });
    });

    it('update() and delete({ exists: true }) of a missing document fail with NOT_FOUND and create nothing', async () => {
      const ref = fresh().doc('missing');
      await expect(ref.update({ n: 1 })).rejects.toMatchObject({ code: NOT_FOUND });
      await expect(ref.delete({ exists: true })).rejects.toMatchObject({ code: NOT_FOUND });
      expect((await ref.get()).exists).toBe(false);
    });

    it('update() and delete() under a stale lastUpdateTime fail with FAILED_PRECONDITION; the current one commits', async () => {
      const ref = fresh().doc('a');
      await ref.set({ n: 0 });
      const stale = await ref.get();
      await ref.update({ n: 1 });
      await expect(
        ref.update({ n: 2 }, { lastUpdateTime: stale.updateTime }),
      ).rejects.toMatchObject({
        code: FAILED_PRECONDITION,
      });
      await expect(ref.delete({ lastUpdateTime: stale.updateTime })).rejects.toMatchObject({
        code: FAILED_PRECONDITION,
      });
      const current = await ref.get();
      expect(current.get('n')).toBe(1);
      await ref.update({ n: 3 }, { lastUpdateTime: current.updateTime });
      expect((await ref.get()).get('n')).toBe(3);
    });

    it('back-to-back writes get distinct update times, so the loser of a lastUpdateTime race fails', async () => {
      const ref = fresh().doc('a');
      await ref.set({ n: 0 });
      const read = await ref.get();
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          ref.update({ n: i + 1 }, { lastUpdateTime: read.updateTime }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: FAILED_PRECONDITION });
      }
    });
  });

  describe('batches are all or nothing', () => {
    it.each([
      ['update() of a missing document', NOT_FOUND],
      ['create() of an existing document', ALREADY_EXISTS],
      ['update() under a stale lastUpdateTime', FAILED_PRECONDITION],
    ] as const)(
      'a batch whose second write fails (%s) applies none of its writes',
      async (kind, code) => {
        // One write per document: a commit that writes a document twice is not what we test.
        const col = fresh();
        await col.doc('first').set({ v: 'before' });
        await col.doc('target').set({ n: 0 });
        const stale = await col.doc('target').get();
        await col.doc('target').update({ n: 1 });
        const batch = db.batch();
        batch.update(col.doc('first'), { v: 'after' });
        if (kind === 'update() of a missing document') batch.update(col.doc('missing'), { v: 1 });
        if (kind === 'create() of an existing document') batch.create(col.doc('target'), { v: 1 });
        if (kind === 'update() under a stale lastUpdateTime')
          batch.update(col.doc('target'), { n: 2 }, { lastUpdateTime: stale.updateTime });
        batch.set(col.doc('new'), { v: 1 });
        await expect(batch.commit()).rejects.toMatchObject({ code });
        expect((await col.doc('first').get()).data()).toEqual({ v: 'before' });
        expect((await col.doc('target').get()).data()).toEqual({ n: 1 });
        expect((await col.doc('new').get()).exists).toBe(false);
        expect((await col.doc('missing').get()).exists).toBe(false);
      },
    );
  });

  describe('writes', () => {
    it('applies every field transform of one write, in order, after its fields', async () => {
      const ref = fresh().doc('a');
      await ref.set({ tags: ['a'], errors: [], drop: [1, 2, 3], n: 1, x: 1.5, keep: 'yes' });
      await ref.update({
        keep: 'still',
        tags: FieldValue.arrayUnion('b', 'a', 'c'),
        errors: FieldValue.arrayUnion({ code: 'e1' }),
        drop: FieldValue.arrayRemove(2, 3),
        n: FieldValue.increment(2),
        x: FieldValue.increment(1),
        at: FieldValue.serverTimestamp(),
        also: FieldValue.serverTimestamp(),
        timeline: FieldValue.arrayUnion({ step: 'failed' }),
      });
      const data = (await ref.get()).data() ?? {};
      expect(data).toMatchObject({
        keep: 'still',
        tags: ['a', 'b', 'c'],
        errors: [{ code: 'e1' }],
        drop: [1],
        n: 3,
        x: 2.5,
        // A union into a missing field creates the array.
        timeline: [{ step: 'failed' }],
      });
      expect(data.at).toBeInstanceOf(Timestamp);
      expect((data.at as Timestamp).isEqual(data.also as Timestamp)).toBe(true);
      expect(Math.abs((data.at as Timestamp).toMillis() - Date.now())).toBeLessThan(60_000);
    });

    it('set() with merge applies several transforms, into missing fields too', async () => {
      const ref = fresh().doc('a');
      await ref.set(
        {
          count: FieldValue.increment(1),
          seen: FieldValue.arrayUnion('x'),
          gone: FieldValue.arrayRemove('y'),
          at: FieldValue.serverTimestamp(),
        },
        { merge: true },
      );
      await ref.set(
        { count: FieldValue.increment(1), seen: FieldValue.arrayUnion('x', 'z') },
        { merge: true },
      );
      const data = (await ref.get()).data() ?? {};
      expect(data).toMatchObject({ count: 2, seen: ['x', 'z'], gone: [] });
      expect(data.at).toBeInstanceOf(Timestamp);
    });

    it('set() without merge replaces the whole document', async () => {
      const ref = fresh().doc('a');
      await ref.set({ a: 1, nested: { x: 1, y: 2 } });
      await ref.set({ b: 2 });
      expect((await ref.get()).data()).toEqual({ b: 2 });
    });

    it('FieldValue.delete() removes top-level and nested fields', async () => {
      const ref = fresh().doc('a');
      await ref.set({ a: 1, b: 2, c: 3, nested: { x: 1, y: 2 } });
      await ref.update({ a: FieldValue.delete(), 'nested.x': FieldValue.delete() });
      await ref.set({ b: FieldValue.delete() }, { merge: true });
      expect((await ref.get()).data()).toEqual({ c: 3, nested: { y: 2 } });
    });

    it('concurrent top-level and nested increments are atomic', async () => {
      const ref = fresh().doc('a');
      await ref.set({ top: 0 });
      await Promise.all(
        Array.from({ length: 20 }, () =>
          Promise.all([
            ref.set({ top: FieldValue.increment(1) }, { merge: true }),
            ref.update({ 'sms.sent': FieldValue.increment(1) }),
          ]),
        ),
      );
      const snap = await ref.get();
      expect(snap.get('top')).toBe(20);
      expect(snap.get('sms.sent')).toBe(20);
    });
  });

  describe('transactions', () => {
    it('20 concurrent read-modify-write transactions on one document end at exactly 20', async () => {
      const ref = fresh().doc('counter');
      await ref.set({ n: 0 });
      await Promise.all(
        Array.from({ length: 20 }, () =>
          db.runTransaction(async (tx) => {
            const n = (await tx.get(ref)).get('n') as number;
            tx.update(ref, { n: n + 1 });
          }),
        ),
      );
      expect((await ref.get()).get('n')).toBe(20);
    });

    it('a transaction whose document changed after its read is retried on the new value', async () => {
      const ref = fresh().doc('a');
      await ref.set({ n: 0 });
      let attempts = 0;
      let outside: Promise<unknown> | undefined;
      await db.runTransaction(async (tx) => {
        attempts += 1;
        const n = (await tx.get(ref)).get('n') as number;
        if (attempts === 1) {
          // Another writer changes the document between the read and the commit. A server
          // that locks (the official emulator) may hold this write until the commit: wait a
          // little, not for ever.
          outside = ref.update({ n: FieldValue.increment(100) });
          await Promise.race([outside, sleep(300)]);
        }
        tx.update(ref, { n: n + 1 });
      });
      await outside;
      expect((await ref.get()).get('n')).toBe(101);
    });

    it('a transaction whose query result changed after its read is retried on the new result', async () => {
      const col = fresh();
      await col.doc('one').set({ kind: 'open' });
      const summary = col.doc('summary');
      let attempts = 0;
      let outside: Promise<unknown> | undefined;
      await db.runTransaction(async (tx) => {
        attempts += 1;
        const open = await tx.get(col.where('kind', '==', 'open'));
        if (attempts === 1) {
          outside = col.doc('two').set({ kind: 'open' });
          await Promise.race([outside, sleep(300)]);
        }
        tx.set(summary, { open: open.size });
      });
      await outside;
      expect((await summary.get()).get('open')).toBe(2);
    });

    it('two transactions that lock two documents in opposite orders both commit', async () => {
      const col = fresh();
      const a = col.doc('a');
      const b = col.doc('b');
      await Promise.all([a.set({ n: 0 }), b.set({ n: 0 })]);
      let release!: () => void;
      const bothRead = new Promise<void>((resolve) => {
        release = resolve;
      });
      let firstReads = 0;
      const transfer = (first: typeof a, second: typeof a) => {
        let attempt = 0;
        return db.runTransaction(async (tx) => {
          attempt += 1;
          const x = (await tx.get(first)).get('n') as number;
          if (attempt === 1) {
            firstReads += 1;
            if (firstReads === 2) release();
            await Promise.race([bothRead, sleep(1_000)]);
          }
          const y = (await tx.get(second)).get('n') as number;
          tx.update(first, { n: x + 1 });
          tx.update(second, { n: y + 1 });
        });
      };
      await Promise.all([transfer(a, b), transfer(b, a)]);
      expect((await a.get()).get('n')).toBe(2);
      expect((await b.get()).get('n')).toBe(2);
    });

    it('a transaction that throws writes nothing and does not hold its documents', async () => {
      const ref = fresh().doc('a');
      await ref.set({ n: 0 });
      await expect(
        db.runTransaction(async (tx) => {
          await tx.get(ref);
          tx.update(ref, { n: 99 });
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      const started = Date.now();
      await db.runTransaction(async (tx) => {
        const n = (await tx.get(ref)).get('n') as number;
        tx.update(ref, { n: n + 1 });
      });
      expect((await ref.get()).get('n')).toBe(1);
      expect(Date.now() - started).toBeLessThan(3_000);
    });
  });
});
