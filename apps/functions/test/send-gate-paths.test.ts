import type { ForwardedEvent } from '@omega/forwarding';
import type { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { ingestEvent } from '../src/ingest/handle-request.ts';
import { dispatchSend } from '../src/pipeline/send/dispatch.ts';
import { runBudgetCheck } from '../src/schedules/budget.ts';
import { runPickupReminders } from '../src/schedules/pickup-reminders.ts';
import {
  seedCompletedWalkInTicket,
  seedRegistered,
  seedSettings,
  seedWalkIn,
  ticket,
} from './support/fixtures.ts';
import { byChannel, historyOf } from './support/history.ts';
import { type PipelineHarness, startPipelineHarness } from './support/pipeline-harness.ts';
import { createTicket } from './support/triggers.ts';
import { useHarness } from './support/use-harness.ts';

// Every outbound path passes the one send gate right before its provider call: a STOP that
// reaches us after a message was planned and before its send task runs stops it, whatever
// created the message. (These opt-outs are ARRET, a word Twilio does not act on by default:
// Twilio would accept the message, so only our gate can stop it, and our confirmation goes out.
// A STOP Twilio acts on is confirmed by Twilio and stops even our confirmation:
// `ingestion.test.ts`.)

let h: PipelineHarness;
useHarness({
  start: () => startPipelineHarness(),
  started: (started) => {
    h = started;
  },
});

const WALK_IN = '+33612345678';
const outbound = () => h.sandbox.messages().filter((m) => m.direction === 'outbound-api');

let inboundCount = 0;
/** The customer's reply reaches the ingestion (as the worker forwards it). */
async function inbound(from: string, body: string, channel: 'sms' | 'whatsapp' = 'sms') {
  inboundCount += 1;
  const sid = `SM${String(inboundCount).padStart(32, '0')}`;
  const event: ForwardedEvent = {
    id: `inbound:${sid}`,
    type: 'inbound',
    receivedAt: h.clock.now().toISOString(),
    params: {
      MessageSid: sid,
      From: channel === 'whatsapp' ? `whatsapp:${from}` : from,
      To: channel === 'whatsapp' ? 'whatsapp:+33700000000' : 'OMEGA',
      Body: body,
    },
  };
  const answer = await ingestEvent(h.deps, event);
  expect(answer.status).toBe(200);
  return sid;
}

/** The notification stopped by the gate: skipped for the suppression, nothing sent for it. */
async function expectStoppedByGate(notificationId: string) {
  const doc = (await h.db.doc(`notification_history/${notificationId}`).get()).data();
  expect(doc).toMatchObject({ status: 'skipped', skipReason: 'suppressed' });
  expect(doc?.metadata?.twilioMessageId ?? null).toBeNull();
  // The only message that left is the STOP's own confirmation.
  const sent = outbound();
  expect(sent).toHaveLength(1);
  const all = await h.db.collection('notification_history').get();
  const confirmation = all.docs.find((d) => d.get('metadata.twilioMessageId') === sent[0]?.sid);
  expect(confirmation?.get('kind')).toBe('reply_opt_out');
}

describe('a STOP between planning and sending stops every kind of message', () => {
  it('a ticket notification', async () => {
    await seedWalkIn(h.db, 'c1');
    h.queue.pause();
    await createTicket(h, 't1', ticket({ clientId: 'c1' }));
    const sms = byChannel(await historyOf(h.db, 't1')).sms;
    expect(sms?.status).toBe('planned');
    await inbound(WALK_IN, 'ARRET');
    h.queue.resume();
    await h.queue.drain();
    await expectStoppedByGate(String(sms?.id));
  });

  it('a pickup reminder', async () => {
    await seedCompletedWalkInTicket(h.db);
    h.queue.pause();
    const run = await runPickupReminders(h.deps);
    expect(run.planned).toEqual([{ ticketId: 't1', kind: 'pickup_reminder_1' }]);
    const sms = byChannel(await historyOf(h.db, 't1')).sms;
    expect(sms).toMatchObject({ status: 'planned', origin: 'reminder' });
    await inbound(WALK_IN, 'ARRET');
    h.queue.resume();
    await h.queue.drain();
    await expectStoppedByGate(String(sms?.id));
  });

  it('a budget release', async () => {
    await seedSettings(h.db, { budget: { monthlyEur: 1, holdExpiryHours: 24 } });
    await h.db.doc('stats_monthly/2026-03').set({ cost_eur_total: 1.5 });
    await seedWalkIn(h.db, 'c1');
    await createTicket(h, 't1', ticket({ clientId: 'c1' }));
    await h.queue.drain();
    const held = byChannel(await historyOf(h.db, 't1')).sms;
    expect(held?.status).toBe('held');
    await inbound(WALK_IN, 'ARRET');
    await h.queue.drain();
    await seedSettings(h.db, { budget: { monthlyEur: 50, holdExpiryHours: 24 } });
    const run = await runBudgetCheck(h.deps);
    expect(run.released).toEqual([held?.id]);
    await h.queue.drain();
    await expectStoppedByGate(String(held?.id));
  });

  it('a WhatsApp → SMS fallback', async () => {
    // A registered customer reachable on WhatsApp (consent, window closed, no approved
    // template) and by SMS: the WhatsApp send fails before leaving, the SMS fallback is planned.
    await seedRegistered(
      h.db,
      { clientId: 'c2', customerId: 'u2' },
      {
        email: null,
        phoneNumber: '06 98 76 54 32',
        notificationPreferences: { smsEnabled: true, whatsappEnabled: true, emailEnabled: false },
      },
    );
    h.queue.pause();
    await createTicket(h, 't2', ticket({ clientId: 'c2', customerId: 'u2' }));
    const wa = byChannel(await historyOf(h.db, 't2')).whatsapp;
    expect(wa?.status).toBe('planned');
    const outcome = await dispatchSend(h.deps, { notificationId: String(wa?.id) });
    expect(outcome).toMatchObject({ outcome: 'failed', code: 'no_approved_template' });
    const sms = byChannel(await historyOf(h.db, 't2')).sms;
    expect(sms).toMatchObject({ status: 'planned', origin: 'fallback', fallbackOf: wa?.id });
    await inbound('+33698765432', 'ARRET');
    h.queue.resume();
    await h.queue.drain();
    await expectStoppedByGate(String(sms?.id));
  });

  it('an asynchronous resend after a transient failure', async () => {
    // 30003 (handset unreachable) is resent once 15 minutes later.
    await seedWalkIn(h.db, 'c3', { phone: '06 00 00 00 03' });
    await createTicket(h, 't3', ticket({ clientId: 'c3' }));
    await h.queue.drain();
    const first = byChannel(await historyOf(h.db, 't3')).sms;
    const sid = String(first?.metadata?.twilioMessageId);
    const answer = await ingestEvent(h.deps, {
      id: `status:${sid}:undelivered`,
      type: 'status',
      receivedAt: h.clock.now().toISOString(),
      notificationId: String(first?.id),
      params: { MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30003' },
    });
    expect(answer.body).toMatchObject({ outcome: 'recorded', retry: `${first?.id}-retry2` });
    await inbound('+33600000003', 'ARRET');
    await h.queue.drain();
    h.clock.advance(16 * 60_000);
    h.queue.runDue();
    await h.queue.drain();
    const retry = (await h.db.doc(`notification_history/${first?.id}-retry2`).get()).data();
    expect(retry).toMatchObject({
      origin: 'async_retry',
      status: 'skipped',
      skipReason: 'suppressed',
    });
    // The first send, then the STOP's confirmation; no resend.
    expect(outbound()).toHaveLength(2);
  });

  it('an automatic answer (AIDE), while the STOP confirmation still goes out', async () => {
    await seedWalkIn(h.db, 'c1');
    h.queue.pause();
    const help = await inbound(WALK_IN, 'AIDE');
    const answer = (await h.db.doc(`notification_history/reply_${help}`).get()).data();
    expect(answer).toMatchObject({ status: 'planned', origin: 'auto_reply', kind: 'reply_help' });
    await inbound(WALK_IN, 'ARRET');
    h.queue.resume();
    await h.queue.drain();
    await expectStoppedByGate(`reply_${help}`);
  });
});

describe('the gate also holds and defers the follow-ups it used to let through', () => {
  it('an automatic answer is held on an exhausted budget; the STOP confirmation is not', async () => {
    await seedSettings(h.db, { budget: { monthlyEur: 1, holdExpiryHours: 24 } });
    await h.db.doc('stats_monthly/2026-03').set({ cost_eur_total: 1.5 });
    const help = await inbound(WALK_IN, 'AIDE');
    await h.queue.drain();
    const doc = (await h.db.doc(`notification_history/reply_${help}`).get()).data();
    expect(doc?.status).toBe('held');
    expect(outbound()).toHaveLength(0);
    const stop = await inbound(WALK_IN, 'ARRET');
    await h.queue.drain();
    const confirmation = (await h.db.doc(`notification_history/reply_${stop}`).get()).data();
    expect(confirmation).toMatchObject({ kind: 'reply_opt_out', status: 'queued' });
    expect(outbound()).toHaveLength(1);
  });

  it('a released message sent at night waits for the send window', async () => {
    await seedSettings(h.db, { budget: { monthlyEur: 1, holdExpiryHours: 48 } });
    await h.db.doc('stats_monthly/2026-03').set({ cost_eur_total: 1.5 });
    await seedWalkIn(h.db, 'c1');
    await createTicket(h, 't1', ticket({ clientId: 'c1', status: 'in_repair' }));
    await h.queue.drain();
    const held = byChannel(await historyOf(h.db, 't1')).sms;
    expect(held?.status).toBe('held');
    // Released at 23:30 Paris time: the send window opens at 08:00.
    h.clock.set('2026-03-02T22:30:00Z');
    await seedSettings(h.db, { budget: { monthlyEur: 50, holdExpiryHours: 48 } });
    await runBudgetCheck(h.deps);
    await h.queue.drain();
    const doc = (await h.db.doc(`notification_history/${held?.id}`).get()).data();
    expect(doc?.status).toBe('deferred');
    const notBefore = doc?.notBefore as Timestamp | undefined;
    expect(notBefore?.toDate().toISOString()).toBe('2026-03-03T07:00:00.000Z');
    expect(outbound()).toHaveLength(0);
  });
});
