import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startTestFirestore, type TestFirestore } from '../../test/support/firestore.ts';
import { SEED_MARKER, seedDemoShop } from './seed.ts';

let fs: TestFirestore;
beforeAll(async () => {
  fs = await startTestFirestore({ projectId: 'demo-seed-test' });
});
afterAll(async () => {
  await fs?.close();
});

const now = new Date('2026-03-02T09:00:00Z');

describe('seedDemoShop', () => {
  it('refuses a target that is neither the embedded server nor a demo-* project, writing nothing', async () => {
    const result = await seedDemoShop(fs.db, { embedded: false, projectId: 'omega-prod', now });
    expect(result).toEqual({
      ok: false,
      error: { code: 'not_a_demo_target', message: expect.stringContaining('omega-prod') },
    });
    expect((await fs.db.collection('tickets').get()).size).toBe(0);
    expect((await fs.db.doc(SEED_MARKER).get()).exists).toBe(false);
  });

  it('seeds a demo-* project once, and never twice', async () => {
    const first = await seedDemoShop(fs.db, {
      embedded: false,
      projectId: 'demo-seed-test',
      now,
      walkIns: 20,
      customers: 6,
    });
    if (!first.ok) throw new Error(first.error.message);
    const tickets = (await fs.db.collection('tickets').get()).size;
    expect(tickets).toBe(first.value.counts.tickets);
    expect((await fs.db.collection('clients').get()).size).toBe(26);
    await fs.db.doc('tickets/T0001').update({ status: 'cancelled' });

    const second = await seedDemoShop(fs.db, {
      embedded: true,
      projectId: 'demo-seed-test',
      now,
      seed: 9,
    });
    expect(second).toEqual({
      ok: false,
      error: { code: 'already_seeded', message: expect.any(String) },
    });
    // Nothing was overwritten or added.
    expect((await fs.db.doc('tickets/T0001').get()).get('status')).toBe('cancelled');
    expect((await fs.db.collection('tickets').get()).size).toBe(tickets);
  });

  it('rebuilds the statistics from what it seeded: every customer covered, every notification counted', async () => {
    const other = await startTestFirestore({ projectId: 'demo-seed-stats' });
    onTestFinished(() => other.close());
    const db = other.db;
    const result = await seedDemoShop(db, { embedded: true, projectId: 'demo-seed-stats', now });
    if (!result.ok) throw new Error(result.error.message);
    const { counts } = result.value;
    const coverage = (await db.doc('stats_coverage/current').get()).data() ?? {};
    expect(coverage.customers_total).toBe(counts.walkIns + counts.customers);
    const months = (await db.collection('stats_monthly').get()).docs.map((d) => d.data());
    const sum = (suffix: string) =>
      months.reduce(
        (s, m) =>
          s +
          Object.entries(m)
            .filter(([k]) => /^(email|sms|whatsapp|push)_/.test(k) && k.endsWith(suffix))
            .reduce((a, [, v]) => a + Number(v), 0),
        0,
      );
    // Each seeded notification was accepted by its provider, skipped, or (a survey of a ticket
    // picked up today) deferred to tomorrow morning.
    const history = (await db.collection('notification_history').get()).docs;
    const waiting = history.filter((d) => d.get('status') === 'deferred').length;
    expect(sum('_sent') + sum('_skipped') + waiting).toBe(counts.history);
    // The surveys: planned once each (sent or still waiting), the answers through the
    // production writer, counted once.
    const total = (name: string) => months.reduce((s, m) => s + Number(m[name] ?? 0), 0);
    expect(counts.surveysAnswered).toBeGreaterThan(0);
    expect(total('satisfaction_planned')).toBe(counts.surveysSent + waiting);
    expect(total('satisfaction_responses')).toBe(counts.surveysAnswered);
    expect((await db.collection('satisfaction_answers').get()).size).toBe(counts.surveysAnswered);
    const delivered = history.filter((d) => ['delivered', 'read'].includes(d.get('status')));
    expect(sum('_delivered')).toBe(delivered.length);
    expect(result.value.summary).toContain('statistics rebuilt from');
  });
});
