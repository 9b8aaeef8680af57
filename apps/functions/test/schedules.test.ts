import { describe, expect, it } from 'vitest';
import { runBudgetCheck } from '../src/schedules/budget.ts';
import { runPickupReminders } from '../src/schedules/pickup-reminders.ts';
import { reconcilePrices, reconcileStuckMessages } from '../src/schedules/reconcile.ts';
import { seedCompletedWalkInTicket, seedSettings, seedWalkIn, ticket } from './support/fixtures.ts';
import { byChannel, historyOf } from './support/history.ts';
import { type PipelineHarness, startPipelineHarness } from './support/pipeline-harness.ts';
import { createTicket } from './support/triggers.ts';
import { useHarness } from './support/use-harness.ts';

let h: PipelineHarness;
useHarness({
  start: () => startPipelineHarness(),
  started: (started) => {
    h = started;
  },
});

const outbound = () => h.sandbox.messages().filter((m) => m.direction === 'outbound-api');

describe('pickup-reminder ladder', () => {
  it('sends each due step once, and only the highest due step', async () => {
    await seedCompletedWalkInTicket(h.db);
    // 2026-03-02T09:00Z is 72 h after completion: step 1 (48 h) is due, step 2 (168 h) is not.
    const first = await runPickupReminders(h.deps);
    await h.queue.drain();
    expect(first.planned).toEqual([{ ticketId: 't1', kind: 'pickup_reminder_1' }]);
    expect((await runPickupReminders(h.deps)).planned).toEqual([]);
    await h.queue.drain();
    expect(outbound()).toHaveLength(1);

    h.clock.set('2026-03-14T10:00:00Z'); // 15 days: the final step is due, step 2 is skipped
    const later = await runPickupReminders(h.deps);
    await h.queue.drain();
    expect(later.planned).toEqual([{ ticketId: 't1', kind: 'pickup_reminder_final' }]);
    const kinds = (await historyOf(h.db, 't1')).map((d) => d.kind).sort();
    expect(kinds).toEqual(['pickup_reminder_1', 'pickup_reminder_final']);
    expect(outbound()).toHaveLength(2);
  });

  it('leaves tickets that are not completed alone', async () => {
    await seedWalkIn(h.db, 'c2');
    await h.db.doc('tickets/t2').set(ticket({ clientId: 'c2', status: 'in_repair' }));
    expect(await runPickupReminders(h.deps)).toEqual({
      examined: 0,
      planned: [],
      resumed: [],
      paused: [],
    });
  });
});

describe('reconciliation with Twilio', () => {
  it('moves a message whose callbacks were lost to its real status and takes its price', async () => {
    await seedWalkIn(h.db, 'c3');
    await createTicket(h, 't3', ticket({ clientId: 'c3' }));
    await h.queue.drain();
    const sms = byChannel(await historyOf(h.db, 't3')).sms;
    const sid = sms?.metadata.twilioMessageId ?? '';
    await h.sandbox.waitFor(() => h.sandbox.message(sid)?.status === 'delivered');
    expect(sms?.status).toBe('queued');

    expect((await reconcileStuckMessages(h.deps)).examined).toBe(0); // too recent
    h.clock.advance(31 * 60_000);
    const run = await reconcileStuckMessages(h.deps);
    expect(run.updated).toEqual([{ notificationId: sms?.id, from: 'queued', to: 'delivered' }]);

    const after = byChannel(await historyOf(h.db, 't3')).sms;
    expect(after?.status).toBe('delivered');
    expect(after?.timeline.at(-1)).toMatchObject({ status: 'delivered', source: 'reconcile' });
    const price = Math.abs(Number(h.sandbox.message(sid)?.price));
    expect(after?.metadata.costActual).toBeCloseTo(price * 0.86, 4);
    expect((await h.db.doc('stats_daily/2026-03-02').get()).get('sms_delivered')).toBe(1);
  });

  it('reconciles the actual price of a delivered message, USD to € by settings', async () => {
    await seedSettings(h.db, { prices: { usdToEur: 0.5 } });
    await seedWalkIn(h.db, 'c4');
    await createTicket(h, 't4', ticket({ clientId: 'c4' }));
    await h.queue.drain();
    const sms = byChannel(await historyOf(h.db, 't4')).sms;
    const sid = sms?.metadata.twilioMessageId ?? '';
    await h.sandbox.waitFor(() => h.sandbox.message(sid)?.price);
    // The ingestion endpoint (issue 6) records the final status from the callback.
    await h.db.doc(`notification_history/${sms?.id}`).update({ status: 'delivered' });

    const run = await reconcilePrices(h.deps);
    const usd = Math.abs(Number(h.sandbox.message(sid)?.price));
    expect(run.priced).toEqual([
      { notificationId: sms?.id, costEur: Math.round(usd * 0.5 * 1e6) / 1e6 },
    ]);
    const after = byChannel(await historyOf(h.db, 't4')).sms;
    expect(after?.metadata.costActual).toBeCloseTo(usd * 0.5, 6);
    expect((await reconcilePrices(h.deps)).priced).toEqual([]);
  });
});

describe('budget', () => {
  it('raises the 80 % and 100 % alerts once each', async () => {
    await seedSettings(h.db, { budget: { monthlyEur: 10 } });
    await h.db.doc('stats_monthly/2026-03').set({ cost_eur_total: 8.5 });
    expect((await runBudgetCheck(h.deps)).alertsRaised).toEqual(['warning']);
    expect((await runBudgetCheck(h.deps)).alertsRaised).toEqual([]);
    await h.db.doc('stats_monthly/2026-03').set({ cost_eur_total: 10.2 });
    const run = await runBudgetCheck(h.deps);
    expect(run).toMatchObject({ level: 'exhausted', alertsRaised: ['exhausted'] });
    const alerts = await h.db.collection('alerts').get();
    expect(alerts.docs.map((d) => d.id).sort()).toEqual([
      'budget_2026-03_exhausted',
      'budget_2026-03_warning',
    ]);
  });

  it('releases held sends when the budget allows and expires the others', async () => {
    await seedSettings(h.db, { budget: { monthlyEur: 1, holdExpiryHours: 24 } });
    await h.db.doc('stats_monthly/2026-03').set({ cost_eur_total: 1.5 });
    await seedWalkIn(h.db, 'c5');
    await seedWalkIn(h.db, 'c6', { phone: '06 11 22 33 44' });
    await createTicket(h, 't5', ticket({ clientId: 'c5' }));
    await h.queue.drain();
    expect(byChannel(await historyOf(h.db, 't5')).sms?.status).toBe('held');

    await seedSettings(h.db, { budget: { monthlyEur: 50, holdExpiryHours: 24 } });
    const run = await runBudgetCheck(h.deps);
    await h.queue.drain();
    expect(run.released).toHaveLength(1);
    expect(byChannel(await historyOf(h.db, 't5')).sms?.status).toBe('queued');
    expect(outbound()).toHaveLength(1);

    await seedSettings(h.db, { budget: { monthlyEur: 1, holdExpiryHours: 24 } });
    await createTicket(h, 't6', ticket({ clientId: 'c6' }));
    await h.queue.drain();
    h.clock.advance(25 * 3_600_000);
    const expired = await runBudgetCheck(h.deps);
    expect(expired.expired).toHaveLength(1);
    const sms = byChannel(await historyOf(h.db, 't6')).sms;
    expect(sms?.status).toBe('skipped');
    expect(sms?.errorCode).toBe('hold_expired');
    expect(outbound()).toHaveLength(1);
  });
});
