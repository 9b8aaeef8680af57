import { afterEach, describe, expect, it, vi } from 'vitest';
import { syncWhatsAppTemplates } from '../src/content/sync-templates.ts';
import type { FaultPoint } from '../src/pipeline/deps.ts';
import { runPickupReminders } from '../src/schedules/pickup-reminders.ts';
import { runQuoteChasers } from '../src/schedules/quote-chasers.ts';
import {
  seedCompletedWalkInTicket,
  seedRegistered,
  seedSettings,
  seedWalkIn,
  ticket,
} from './support/fixtures.ts';
import { type HistoryDoc, historyOf } from './support/history.ts';
import { type PipelineHarness, startPipelineHarness } from './support/pipeline-harness.ts';
import { updateTicket } from './support/triggers.ts';
import { useHarness } from './support/use-harness.ts';

// Issue 16 item 3, against the embedded Firestore server and the Twilio sandbox: what the
// customer said on the ticket (`pickupPlannedFor`, `quoteDecision`, written by the customer
// actions) changes the plan — the pickup ladder pauses until the day after the announced
// pickup, an undecided quote gets its chasers at 24 h and 72 h inside the send window, a
// decision or a status change stops them, planned or not.

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
const H = 3_600_000;
const kindsOf = (docs: HistoryDoc[]) => docs.map((d) => d.kind).sort();
const ofKind = async (ticketId: string, kind: string) =>
  (await historyOf(h.db, ticketId)).filter((d) => d.kind === kind);

/** Throws once at `point` (an instance killed there), then lets every run through. */
function dieOnceAt(point: FaultPoint) {
  let hit = false;
  h.deps.faults = {
    hit(at) {
      if (at !== point || hit) return;
      hit = true;
      throw new Error(`fault injected at ${point}`);
    },
  };
}

describe('a planned pickup pauses the pickup-reminder ladder', () => {
  // The harness's clock: Monday 2 March 2026, 10:00 in Paris; the ticket was completed on
  // Friday 27 February, so the first reminder (48 h) is due.

  it('"Je passe aujourd\'hui": the day\'s reminder waits, the ladder resumes the day after', async () => {
    await seedCompletedWalkInTicket(h.db);
    await h.db.doc('tickets/t1').update({ pickupPlannedFor: '2026-03-02' });

    const monday = await runPickupReminders(h.deps);
    expect(monday.planned).toEqual([]);
    expect(monday.paused).toEqual([
      { ticketId: 't1', kind: 'pickup_reminder_1', until: new Date('2026-03-02T23:00:00.000Z') },
    ]);
    h.clock.set('2026-03-02T18:30:00Z'); // 19:30 in Paris, still Monday
    expect((await runPickupReminders(h.deps)).paused).toHaveLength(1);
    await h.queue.drain();
    expect(outbound()).toHaveLength(0);
    expect(await historyOf(h.db, 't1')).toEqual([]);

    // Tuesday 09:00 in Paris: the customer did not come; the ladder goes on as configured.
    h.clock.set('2026-03-03T08:00:00Z');
    const tuesday = await runPickupReminders(h.deps);
    expect(tuesday).toMatchObject({
      planned: [{ ticketId: 't1', kind: 'pickup_reminder_1' }],
      paused: [],
    });
    await h.queue.drain();
    expect(outbound()).toHaveLength(1);
    expect((await runPickupReminders(h.deps)).planned).toEqual([]);
    await h.queue.drain();
    expect(outbound()).toHaveLength(1);
  });

  it('"Je passe demain" said on Monday: Tuesday\'s reminder waits too, Wednesday it goes', async () => {
    await seedCompletedWalkInTicket(h.db);
    await h.db.doc('tickets/t1').update({ pickupPlannedFor: '2026-03-03' });
    expect((await runPickupReminders(h.deps)).paused).toHaveLength(1);
    h.clock.set('2026-03-03T13:00:00Z'); // Tuesday 14:00
    expect((await runPickupReminders(h.deps)).paused).toEqual([
      { ticketId: 't1', kind: 'pickup_reminder_1', until: new Date('2026-03-03T23:00:00.000Z') },
    ]);
    await h.queue.drain();
    expect(outbound()).toHaveLength(0);
    h.clock.set('2026-03-04T08:00:00Z'); // Wednesday 09:00
    expect((await runPickupReminders(h.deps)).planned).toHaveLength(1);
    await h.queue.drain();
    expect(outbound()).toHaveLength(1);
  });

  it('a reminder planned before the customer said "coming today" does not go out that day', async () => {
    await seedCompletedWalkInTicket(h.db);
    expect((await runPickupReminders(h.deps)).planned).toHaveLength(1);
    // The customer taps "Je passe aujourd'hui" before the send task runs.
    await h.db.doc('tickets/t1').update({ pickupPlannedFor: '2026-03-02' });
    await h.queue.drain();
    expect(outbound()).toHaveLength(0);
    const [waiting] = await historyOf(h.db, 't1');
    // Deferred to Tuesday's send window (08:00 in Paris), with a reason staff can read.
    expect(waiting).toMatchObject({ kind: 'pickup_reminder_1', status: 'deferred' });
    expect(waiting?.notBefore?.toDate()).toEqual(new Date('2026-03-03T07:00:00.000Z'));
    expect(waiting?.reasonText).toContain('annoncé son passage');
    expect(waiting?.timeline.at(-1)).toMatchObject({
      status: 'deferred',
      detail: 'pickup_planned',
    });

    // Still there on Tuesday: it goes at the window's opening, once.
    const moved = await h.fastForward(24 * H);
    expect(moved).toBe(22 * H);
    expect(outbound()).toHaveLength(1);
    const [sent] = await historyOf(h.db, 't1');
    expect(sent?.status).toBe('queued');
    // The schedule's step was planned once: Tuesday's run adds nothing.
    expect((await runPickupReminders(h.deps)).planned).toEqual([]);
    await h.queue.drain();
    expect(outbound()).toHaveLength(1);
  });

  it('picked up on the announced day: the deferred reminder is superseded, never sent', async () => {
    await seedCompletedWalkInTicket(h.db);
    await runPickupReminders(h.deps);
    await h.db.doc('tickets/t1').update({ pickupPlannedFor: '2026-03-02' });
    await h.queue.drain();
    await h.db.doc('tickets/t1').update({ status: 'picked_up' });
    await h.fastForward(24 * H);
    expect(outbound()).toHaveLength(0);
    const [reminder] = await historyOf(h.db, 't1');
    expect(reminder).toMatchObject({ status: 'skipped', skipReason: 'superseded' });
  });

  it('a malformed pickupPlannedFor is no pause: the due step is recorded invalid_data', async () => {
    await seedCompletedWalkInTicket(h.db);
    await h.db.doc('tickets/t1').update({ pickupPlannedFor: 'demain' });
    const run = await runPickupReminders(h.deps);
    expect(run.paused).toEqual([]);
    await h.queue.drain();
    expect(outbound()).toHaveLength(0);
    const docs = await historyOf(h.db, 't1');
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs)
      expect(d).toMatchObject({ status: 'skipped', skipReason: 'invalid_data' });
    expect(docs[0]?.reasonText).toContain('pickupPlannedFor');
  });
});

/** A walk-in whose ticket `q1` went to `quote_pending` (€249) now: the quote SMS goes out. */
async function quoteSent(): Promise<void> {
  await seedWalkIn(h.db, 'c1');
  // Written without its creation trigger (no welcome): only the quote goes out.
  await h.db
    .doc('tickets/q1')
    .set(ticket({ clientId: 'c1', status: 'diagnosing', amountDueEur: 249 }));
  await updateTicket(h, 'q1', { status: 'quote_pending' });
  await h.queue.drain();
  const [quote] = await ofKind('q1', 'status_quote_pending');
  expect(quote?.status).toBe('queued');
  expect(outbound()).toHaveLength(1);
}

describe('quote chasers', () => {
  // The quote goes out on Monday 2 March, 10:00 in Paris (09:00Z).

  it('an undecided quote is chased at 24 h and 72 h, once each, inside the send window', async () => {
    await quoteSent();
    expect(await runQuoteChasers(h.deps)).toEqual({ examined: 1, planned: [], resumed: [] });

    h.clock.set('2026-03-03T08:59:00Z'); // 23 h 59
    expect((await runQuoteChasers(h.deps)).planned).toEqual([]);
    h.clock.set('2026-03-03T09:20:00Z'); // Tuesday 10:20: 24 h have passed
    expect((await runQuoteChasers(h.deps)).planned).toEqual([
      { ticketId: 'q1', kind: 'quote_reminder_1' },
    ]);
    // A schedule run twice plans nothing twice.
    expect((await runQuoteChasers(h.deps)).planned).toEqual([]);
    await h.queue.drain();
    expect(outbound()).toHaveLength(2);
    const first = outbound().find((m) => String(m.body ?? '').includes('attend votre accord'));
    expect(first?.body).toContain('votre devis de 249');
    expect(first?.body).toMatch(/^O'MEGA Services : /);
    expect(first?.body).toMatch(/https:\/\/omega\.test\/t\/\w+$/);

    // Thursday 5 March 21:20 in Paris: 72 h have passed, after the window's end (20:00).
    h.clock.set('2026-03-05T20:20:00Z');
    expect((await runQuoteChasers(h.deps)).planned).toEqual([
      { ticketId: 'q1', kind: 'quote_reminder_2' },
    ]);
    expect((await runQuoteChasers(h.deps)).planned).toEqual([]);
    await h.queue.drain();
    expect(outbound()).toHaveLength(2);
    const [second] = await ofKind('q1', 'quote_reminder_2');
    expect(second).toMatchObject({ status: 'deferred', origin: 'reminder', priority: 'normal' });
    expect(second?.notBefore?.toDate()).toEqual(new Date('2026-03-06T07:00:00.000Z'));
    await h.fastForward(12 * H);
    expect(outbound()).toHaveLength(3);
    expect((await ofKind('q1', 'quote_reminder_2'))[0]?.status).toBe('queued');

    // Ten days on: never a third chaser.
    h.clock.set('2026-03-12T09:20:00Z');
    expect((await runQuoteChasers(h.deps)).planned).toEqual([]);
    await h.queue.drain();
    expect(outbound()).toHaveLength(3);
    const chasers = (await historyOf(h.db, 'q1')).filter((d) => d.kind.startsWith('quote_'));
    expect(kindsOf(chasers)).toEqual(['quote_reminder_1', 'quote_reminder_2']);
    expect(chasers.map((d) => d.channel)).toEqual(['sms', 'sms']);
  });

  it('a registered customer gets the chaser on WhatsApp as the approved template with its buttons, and by email', async () => {
    await seedRegistered(h.db, { clientId: 'c3', customerId: 'u3' });
    // The sandbox approves a template once it was submitted: the second sync reads it approved.
    await syncWhatsAppTemplates(h.db, h.deps.twilio as never, { now: h.clock.now() });
    await syncWhatsAppTemplates(h.db, h.deps.twilio as never, { now: h.clock.now() });
    await h.db
      .doc('tickets/q3')
      .set(ticket({ clientId: 'c3', customerId: 'u3', status: 'diagnosing', amountDueEur: 249 }));
    await updateTicket(h, 'q3', { status: 'quote_pending' });
    await h.queue.drain();
    h.clock.set('2026-03-03T09:20:00Z');
    expect((await runQuoteChasers(h.deps)).planned).toEqual([
      { ticketId: 'q3', kind: 'quote_reminder_1' },
    ]);
    await h.queue.drain();
    const chasers = await ofKind('q3', 'quote_reminder_1');
    expect(chasers.map((d) => d.channel).sort()).toEqual(['email', 'whatsapp']);
    const status = Object.fromEntries(chasers.map((d) => [d.channel, d.status]));
    expect(status).toEqual({ email: 'sent', whatsapp: 'queued' });
    const wa = chasers.find((d) => d.channel === 'whatsapp');
    expect(wa?.metadata.whatsappMode).toBe('template');
    const templates = (await h.db.doc('settings/notifications').get()).get('whatsappTemplates');
    expect(wa?.metadata.contentSid).toBe(templates.omega_quote_reminder_1_fr_v1.contentSid);
    const sent = h.sandbox.message(String(wa?.metadata.twilioMessageId));
    expect(sent?.contentSid).toBe(wa?.metadata.contentSid);
    // The quote's email and the chaser's: the chaser's subject says it waits for an answer.
    const mails = await h.smtp.waitFor(2);
    expect(mails.map((m) => m.subject)).toContainEqual(
      expect.stringContaining('Votre devis attend votre réponse'),
    );
  });

  it('counted against the budget like any message: an exhausted budget holds the chaser', async () => {
    await quoteSent();
    await seedSettings(h.db, { budget: { monthlyEur: 1, holdExpiryHours: 24 } });
    await h.db.doc('stats_monthly/2026-03').set({ cost_eur_total: 1.5 });
    h.clock.set('2026-03-03T09:20:00Z');
    expect((await runQuoteChasers(h.deps)).planned).toHaveLength(1);
    await h.queue.drain();
    expect(outbound()).toHaveLength(1);
    expect((await ofKind('q1', 'quote_reminder_1'))[0]?.status).toBe('held');
  });

  it('a decision stops the chasers: none planned after it, a declined quote moves nothing', async () => {
    await quoteSent();
    h.clock.set('2026-03-03T09:20:00Z');
    await runQuoteChasers(h.deps);
    await h.queue.drain();
    expect(outbound()).toHaveLength(2);
    await h.db.doc('tickets/q1').update({ quoteDecision: 'declined', quoteDecidedAt: new Date() });

    h.clock.set('2026-03-05T09:20:00Z');
    expect(await runQuoteChasers(h.deps)).toEqual({ examined: 1, planned: [], resumed: [] });
    await h.queue.drain();
    expect(outbound()).toHaveLength(2);
    expect(await ofKind('q1', 'quote_reminder_2')).toEqual([]);
    expect((await h.db.doc('tickets/q1').get()).get('status')).toBe('quote_pending');
  });

  it.each([
    ['accepted', { quoteDecision: 'accepted' }, 'quote_decided'],
    ['declined', { quoteDecision: 'declined' }, 'quote_decided'],
    ['moved to in_repair', { status: 'in_repair' }, 'superseded'],
  ] as const)(
    'a chaser already planned is skipped once the quote is %s',
    async (_n, patch, why) => {
      await quoteSent();
      h.clock.set('2026-03-03T09:20:00Z');
      expect((await runQuoteChasers(h.deps)).planned).toHaveLength(1);
      await h.db.doc('tickets/q1').update(patch);
      await h.queue.drain();
      expect(outbound()).toHaveLength(1);
      const [chaser] = await ofKind('q1', 'quote_reminder_1');
      expect(chaser).toMatchObject({ status: 'skipped', skipReason: why });
      expect(chaser?.reasonText).toBeTruthy();
    },
  );

  it('a chaser deferred to the morning is stopped by a decision taken in the night', async () => {
    await quoteSent();
    h.clock.set('2026-03-03T21:20:00Z'); // Tuesday 22:20: due, outside the window
    await runQuoteChasers(h.deps);
    await h.queue.drain();
    expect((await ofKind('q1', 'quote_reminder_1'))[0]?.status).toBe('deferred');
    await h.db.doc('tickets/q1').update({ quoteDecision: 'accepted' });
    await h.fastForward(12 * H);
    expect(outbound()).toHaveLength(1);
    expect((await ofKind('q1', 'quote_reminder_1'))[0]).toMatchObject({
      status: 'skipped',
      skipReason: 'quote_decided',
    });
  });

  it('no chaser for a quote the customer never got, nor when the chasers are off', async () => {
    await seedWalkIn(h.db, 'c2');
    // Set straight in quote_pending, no notification was ever sent.
    await h.db
      .doc('tickets/q2')
      .set(ticket({ clientId: 'c2', status: 'quote_pending', amountDueEur: 99 }));
    h.clock.set('2026-03-05T09:20:00Z');
    expect(await runQuoteChasers(h.deps)).toEqual({ examined: 1, planned: [], resumed: [] });

    await h.db.doc('tickets/q2').delete();
    h.clock.set('2026-03-02T09:00:00Z');
    await quoteSent();
    await seedSettings(h.db, { quoteChasers: { enabled: false, delaysHours: [24, 72] } });
    h.clock.set('2026-03-05T09:20:00Z');
    expect(await runQuoteChasers(h.deps)).toEqual({ examined: 0, planned: [], resumed: [] });
  });

  it('configured delays: a single chaser after 48 h', async () => {
    await quoteSent();
    await seedSettings(h.db, { quoteChasers: { enabled: true, delaysHours: [48] } });
    h.clock.set('2026-03-03T09:20:00Z');
    expect((await runQuoteChasers(h.deps)).planned).toEqual([]);
    h.clock.set('2026-03-04T09:20:00Z');
    expect((await runQuoteChasers(h.deps)).planned).toEqual([
      { ticketId: 'q1', kind: 'quote_reminder_1' },
    ]);
    h.clock.set('2026-03-09T09:20:00Z');
    expect((await runQuoteChasers(h.deps)).planned).toEqual([]);
  });
});

describe('a quote-chaser run that dies halfway', () => {
  it('dies between its commit and the enqueue: the next run enqueues the chaser, sent once', async () => {
    await quoteSent();
    h.clock.set('2026-03-03T09:20:00Z');
    vi.spyOn(h.queue, 'enqueue').mockRejectedValueOnce(new Error('queue unavailable'));
    await expect(runQuoteChasers(h.deps)).rejects.toThrow('queue unavailable');
    await h.queue.drain();
    expect(outbound()).toHaveLength(1);
    const marker = (await h.db.collection('quote_chasers').get()).docs;
    expect(marker.map((d) => d.data())).toMatchObject([
      { ticketId: 'q1', kind: 'quote_reminder_1', enqueuedAt: null },
    ]);
    expect((await ofKind('q1', 'quote_reminder_1'))[0]?.status).toBe('planned');

    expect(await runQuoteChasers(h.deps)).toMatchObject({
      planned: [],
      resumed: [{ ticketId: 'q1', kind: 'quote_reminder_1' }],
    });
    await h.queue.drain();
    expect(outbound()).toHaveLength(2);
    expect(await runQuoteChasers(h.deps)).toMatchObject({ planned: [], resumed: [] });
    await h.queue.drain();
    expect(outbound()).toHaveLength(2);
    expect(await ofKind('q1', 'quote_reminder_1')).toHaveLength(1);
  });

  it('dies after the enqueue: the next run re-enqueues under the same task id, sent once', async () => {
    await quoteSent();
    h.clock.set('2026-03-03T09:20:00Z');
    dieOnceAt('quote_chaser_after_plan');
    await expect(runQuoteChasers(h.deps)).rejects.toThrow('fault injected');
    await h.queue.drain();
    expect(outbound()).toHaveLength(2);
    expect((await runQuoteChasers(h.deps)).resumed).toHaveLength(1);
    await h.queue.drain();
    expect(await runQuoteChasers(h.deps)).toMatchObject({ planned: [], resumed: [] });
    await h.queue.drain();
    expect(outbound()).toHaveLength(2);
    const day = (await h.db.doc('stats_daily/2026-03-03').get()).data() ?? {};
    expect(day.sms_sent).toBe(1);
  });
});
