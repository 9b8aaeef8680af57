import { FieldValue } from 'firebase-admin/firestore';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestFirestore } from './support/firestore.ts';

const t = openTestFirestore();
beforeEach(() => t.reset());
afterAll(() => t.close());

describe('Firestore test harness', () => {
  it('writes and reads a document', async () => {
    await t.db.doc('tickets/t1').set({ status: 'received', device: 'iPhone 13' });
    const snap = await t.db.doc('tickets/t1').get();
    expect(snap.data()).toEqual({ status: 'received', device: 'iPhone 13' });
  });

  it('starts every test from an empty database', async () => {
    const snap = await t.db.doc('tickets/t1').get();
    expect(snap.exists).toBe(false);
  });

  it('rejects create() of an existing document (the exactly-once primitive)', async () => {
    await t.db.doc('claims/n1').create({ by: 'a' });
    await expect(t.db.doc('claims/n1').create({ by: 'b' })).rejects.toMatchObject({ code: 6 });
    expect((await t.db.doc('claims/n1').get()).data()).toEqual({ by: 'a' });
  });

  it('only one of many concurrent create() calls wins', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => t.db.doc('claims/race').create({ by: i })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('applies top-level increments atomically', async () => {
    await Promise.all(
      Array.from({ length: 10 }, () =>
        t.db
          .doc('stats_daily/2026-01-05')
          .set({ sms_sent: FieldValue.increment(1) }, { merge: true }),
      ),
    );
    expect((await t.db.doc('stats_daily/2026-01-05').get()).get('sms_sent')).toBe(10);
  });
});
