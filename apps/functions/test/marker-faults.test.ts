import type { ForwardedEvent } from '@omega/forwarding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ingestEvent } from '../src/ingest/handle-request.ts';
import type { FaultPoint } from '../src/pipeline/deps.ts';
import { runBudgetCheck } from '../src/schedules/budget.ts';
import { runPickupReminders } from '../src/schedules/pickup-reminders.ts';
import { seedCompletedWalkInTicket, seedSettings, seedWalkIn, ticket } from './support/fixtures.ts';
import { byChannel, type HistoryDoc, historyOf } from './support/history.ts';
import { type PipelineHarness, startPipelineHarness } from './support/pipeline-harness.ts';
import { createTicket } from './support/triggers.ts';
import { useHarness } from './support/use-harness.ts';

// Markers commit with their effects, and follow-ups are idempotent and done after: a status
// callback, the pickup-reminder schedule and the budget release may each die halfway, and the
// redelivery (or the next run) does the rest of the work exactly once.

let h: PipelineHarness;
useHarness({
  start: () => startPipelineHarness(),
  started: (started) => {
    h = started;
  },
});
afterEach(() => {
  h.deps.faults = undefined;
  vi.restoreAllMocks();
});

const outbound = () => h.sandbox.messages().filter((m) => m.direction === 'outbound-api');
const stats = async () => (await h.db.doc('stats_daily/2026-03-02').get()).data() ?? {};
const doc = async (id: string) => (await h.db.doc(`notification_history/${id}`).get()).data();

/** Throws once at `point` (an instance killed there), then lets every run through. */
function dieOnceAt(point: FaultPoint) {
  const hits: string[] = [];
  h.deps.faults = {
    hit(at, id) {
      if (at !== point || hits.length > 0) return;
      hits.push(id);
      throw new Error(`fault injected at ${point}`);
    },
  };
  return hits;
}

/** A status callback as the worker forwards it. */
function callback(sent: HistoryDoc, status: string, errorCode: number): ForwardedEvent {
  const sid = String(sent.metadata.twilioMessageId);
  return {
    id: `status:${sid}:${status}`,
    type: 'status',
    receivedAt: h.clock.now().toISOString(),
    notificationId: sent.id,
    params: { MessageSid: sid, MessageStatus: status, ErrorCode: String(errorCode) },
  };
}

async function sentSms(clientId: string, ticketId: string, phone: string) {
  await seedWalkIn(h.db, clientId, { phone });
  await createTicket(h, ticketId, ticket({ clientId }));
  await h.queue.drain();
  const sms = byChannel(await historyOf(h.db, ticketId)).sms;
  expect(sms?.status).toBe('queued');
  return sms as HistoryDoc;
}

describe('a status callback that dies halfway', () => {
  it('undelivered 30003 whose batch fails: nothing is recorded, the redelivery records it and plans -retry2, once', async () => {
    const sms = await sentSms('c1', 't1', '06 00 00 00 03');
    const event = callback(sms, 'undelivered', 30003);
    const hits = dieOnceAt('status_before_commit');
    await expect(ingestEvent(h.deps, event)).rejects.toThrow('fault injected');
    expect(hits).toEqual([sms.id]);
    // Nothing of it is recorded: not the event, not the status, not the statistics.
    expect((await doc(sms.id))?.status).toBe('queued');
    const events = await h.db.collection(`notification_history/${sms.id}/status_events`).get();
    expect(events.size).toBe(0);
    expect(await doc(`${sms.id}-retry2`)).toBeUndefined();
    expect((await stats()).sms_undelivered).toBeUndefined();

    const again = await ingestEvent(h.deps, event);
    expect(again.body).toMatchObject({ outcome: 'recorded', retry: `${sms.id}-retry2` });
    expect(await doc(sms.id)).toMatchObject({ status: 'undelivered', errorCode: 30003 });
    expect(await doc(`${sms.id}-retry2`)).toMatchObject({ status: 'planned', retryOf: sms.id });
    expect((await ingestEvent(h.deps, event)).body).toMatchObject({ outcome: 'duplicate' });
    expect(await stats()).toMatchObject({
      sms_undelivered: 1,
      sms_error_30003: 1,
      sms_retried: 1,
    });
  });

  it('dies after the commit: the redelivery plans the resend the first delivery did not, and counts nothing twice', async () => {
    const sms = await sentSms('c2', 't2', '06 00 00 00 03');
    const event = callback(sms, 'undelivered', 30003);
    dieOnceAt('status_after_commit');
    await expect(ingestEvent(h.deps, event)).rejects.toThrow('fault injected');
    expect((await doc(sms.id))?.status).toBe('undelivered');
    expect(await doc(`${sms.id}-retry2`)).toBeUndefined();
    const recorded = await h.db
      .doc(
        `notification_history/${sms.id}/status_events/${sms.metadata.twilioMessageId}_undelivered`,
      )
      .get();
    expect(recorded.data()).toMatchObject({
      followUps: { retryCode: 30003, fallback: null },
      followUpsDoneAt: null,
    });

    const again = await ingestEvent(h.deps, event);
    expect(again.body).toMatchObject({ outcome: 'recorded', retry: `${sms.id}-retry2` });
    expect((await ingestEvent(h.deps, event)).body).toMatchObject({ outcome: 'duplicate' });
    expect(await stats()).toMatchObject({ sms_undelivered: 1, sms_error_30003: 1, sms_retried: 1 });

    // The resend goes out once, 15 minutes later (core's minimum for 30003).
    h.clock.advance(16 * 60_000);
    h.queue.runDue();
    await h.queue.drain();
    expect(outbound()).toHaveLength(2);
    expect((await doc(`${sms.id}-retry2`))?.status).toBe('queued');
  });

  it('the same callback delivered twice at once is recorded and counted once', async () => {
    const sms = await sentSms('c3', 't3', '06 00 00 00 03');
    const event = callback(sms, 'undelivered', 30003);
    const answers = await Promise.all([ingestEvent(h.deps, event), ingestEvent(h.deps, event)]);
    // The second finds the event recorded: a duplicate, or (the first still planning its
    // resend) it plans the same resend again, which exists once.
    expect(answers.map((a) => a.body.outcome)).toContain('recorded');
    expect(await stats()).toMatchObject({ sms_undelivered: 1, sms_retried: 1 });
    const docs = (await historyOf(h.db, 't3')).map((d) => d.id).sort();
    expect(docs).toEqual([sms.id, `${sms.id}-retry2`]);
  });

  it('a WhatsApp 63024 that dies after the commit falls back to SMS once', async () => {
    await seedWalkIn(h.db, 'c4', {
      phone: '06 12 34 56 04',
      whatsappLastInboundAt: new Date('2026-03-02T08:00:00Z'),
      consent: {
        whatsapp: {
          channel: 'whatsapp',
          granted: true,
          at: new Date('2026-03-01T10:00:00Z'),
          source: 'counter',
          actor: 'staff-1',
          wordingVersion: 'wa-2026-01',
        },
      },
    });
    await createTicket(h, 't4', ticket({ clientId: 'c4' }));
    await h.queue.drain();
    const wa = byChannel(await historyOf(h.db, 't4')).whatsapp as HistoryDoc;
    expect(wa.status).toBe('queued');
    const event = callback(wa, 'failed', 63024);
    dieOnceAt('status_after_commit');
    await expect(ingestEvent(h.deps, event)).rejects.toThrow('fault injected');
    expect(byChannel(await historyOf(h.db, 't4')).sms).toBeUndefined();

    const again = await ingestEvent(h.deps, event);
    const sms = byChannel(await historyOf(h.db, 't4')).sms;
    expect(again.body).toMatchObject({ outcome: 'recorded', fallback: sms?.id });
    expect(sms).toMatchObject({ origin: 'fallback', fallbackOf: wa.id });
    expect((await ingestEvent(h.deps, event)).body).toMatchObject({ outcome: 'duplicate' });
    await h.queue.drain();
    expect(
      outbound()
        .map((m) => m.to)
        .sort(),
    ).toEqual(['+33612345604', 'whatsapp:+33612345604']);
    expect(await stats()).toMatchObject({ whatsapp_failed: 1, sms_sent: 1 });
  });
});

describe('a pickup-reminder run that dies halfway', () => {
  it('dies between its commit and the enqueue: the next run enqueues the reminder, sent once', async () => {
    await seedCompletedWalkInTicket(h.db);
    vi.spyOn(h.queue, 'enqueue').mockRejectedValueOnce(new Error('queue unavailable'));
    await expect(runPickupReminders(h.deps)).rejects.toThrow('queue unavailable');
    await h.queue.drain();
    expect(outbound()).toHaveLength(0);
    const [planned] = await historyOf(h.db, 't1');
    expect(planned).toMatchObject({ kind: 'pickup_reminder_1', status: 'planned' });

    const next = await runPickupReminders(h.deps);
    expect(next).toMatchObject({
      planned: [],
      resumed: [{ ticketId: 't1', kind: 'pickup_reminder_1' }],
    });
    await h.queue.drain();
    expect(outbound()).toHaveLength(1);
    expect(await runPickupReminders(h.deps)).toMatchObject({ planned: [], resumed: [] });
    await h.queue.drain();
    expect(outbound()).toHaveLength(1);
    expect(await historyOf(h.db, 't1')).toHaveLength(1);
    expect((await stats()).sms_sent).toBe(1);
  });

  it('dies after the enqueue: the next run plans and sends nothing more', async () => {
    await seedCompletedWalkInTicket(h.db);
    dieOnceAt('pickup_after_plan');
    await expect(runPickupReminders(h.deps)).rejects.toThrow('fault injected');
    await h.queue.drain();
    expect(outbound()).toHaveLength(1);
    expect((await runPickupReminders(h.deps)).resumed).toHaveLength(1);
    await h.queue.drain();
    expect(await runPickupReminders(h.deps)).toMatchObject({ planned: [], resumed: [] });
    await h.queue.drain();
    expect(outbound()).toHaveLength(1);
    expect((await stats()).sms_sent).toBe(1);
  });
});

describe('a budget release that dies halfway', () => {
  it('dies between the release and the enqueue: the next run enqueues it, sent once', async () => {
    await seedSettings(h.db, { budget: { monthlyEur: 1, holdExpiryHours: 24 } });
    await h.db.doc('stats_monthly/2026-03').set({ cost_eur_total: 1.5 });
    await seedWalkIn(h.db, 'c5');
    await createTicket(h, 't5', ticket({ clientId: 'c5' }));
    await h.queue.drain();
    const held = byChannel(await historyOf(h.db, 't5')).sms as HistoryDoc;
    expect(held.status).toBe('held');

    await seedSettings(h.db, { budget: { monthlyEur: 50, holdExpiryHours: 24 } });
    dieOnceAt('budget_after_release');
    await expect(runBudgetCheck(h.deps)).rejects.toThrow('fault injected');
    await h.queue.drain();
    expect(outbound()).toHaveLength(0);
    expect(await doc(held.id)).toMatchObject({ status: 'planned', holdExpiresAt: null });

    const next = await runBudgetCheck(h.deps);
    expect(next).toMatchObject({ released: [], reenqueued: [held.id] });
    await h.queue.drain();
    expect(outbound()).toHaveLength(1);
    expect((await doc(held.id))?.status).toBe('queued');
    expect(await runBudgetCheck(h.deps)).toMatchObject({ released: [], reenqueued: [] });
    await h.queue.drain();
    expect(outbound()).toHaveLength(1);
    expect(await stats()).toMatchObject({ sms_sent: 1, sms_held: 1 });
  });
});
