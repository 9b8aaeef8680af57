import { DEFAULT_SETTINGS } from '@omega/core';
import { describe, expect, it } from 'vitest';
import { syncWhatsAppTemplates } from '../src/content/sync-templates.ts';
import { runStatsRebuild } from '../src/stats/rebuild.ts';
import { seedRegistered, seedWalkIn, ticket } from './support/fixtures.ts';
import type { HistoryDoc } from './support/history.ts';
import type { PipelineHarness } from './support/pipeline-harness.ts';
import { type EdgeRelay, untilSettled, useRelayHarness } from './support/relay-harness.ts';
import { createTicket, updateTicket } from './support/triggers.ts';

// The satisfaction survey after pickup, end to end: the ticket trigger plans it for the next
// morning on one channel, the send task sends it through the gate (WhatsApp: the approved
// template with its five buttons), the customer taps a button in the sandbox, the edge relay
// forwards it, ingestion records the score with the ticket, thanks the customer through the send
// pipeline (with the review link, whatever the score) and flags a low score to staff.
const REVIEW = 'https://g.page/r/CQomega-services/review';
let h: PipelineHarness;
let relay: EdgeRelay;
useRelayHarness({
  started: (started, startedRelay) => {
    h = started;
    relay = startedRelay;
  },
  settings: { satisfaction: { reviewUrl: REVIEW } },
});

const WA = '+33698765432';
const inboundAnswers = () => relay.answers.filter((a) => a.event.type === 'inbound');

async function tap(body: string, buttonPayload?: string): Promise<string> {
  const before = inboundAnswers().length;
  const result = await h.sandbox.simulateInbound({
    from: `whatsapp:${WA}`,
    body,
    ...(buttonPayload ? { buttonPayload, buttonText: body } : {}),
    url: `${relay.url}/twilio/inbound`,
  });
  if (!result.ok) throw new Error(result.error.message);
  await untilSettled(relay, () => inboundAnswers().length > before);
  await h.queue.drain();
  return result.value.message.sid;
}

async function surveyDocs(ticketId: string): Promise<HistoryDoc[]> {
  const snap = await h.db
    .collection('notification_history')
    .where('ticketId', '==', ticketId)
    .where('kind', '==', 'satisfaction_survey')
    .get();
  return snap.docs.map((d) => ({ id: d.id, ...d.data() }) as HistoryDoc);
}

/** A registered customer's ticket, picked up now (the harness's Monday 10:00 Paris). */
async function pickedUp(ticketId: string, ids = { clientId: 'c1', customerId: 'u1' }) {
  await createTicket(h, ticketId, ticket({ ...ids, status: 'completed' }));
  return updateTicket(h, ticketId, { status: 'picked_up' });
}

const outboundTo = (to: string) =>
  h.sandbox.messages().filter((m) => m.direction === 'outbound-api' && m.to === to);

describe('the survey is planned after pickup, where consent allows it', () => {
  it('a registered customer with WhatsApp gets one survey, the next morning, on WhatsApp only', async () => {
    await seedRegistered(h.db, { clientId: 'c1', customerId: 'u1' });
    await syncWhatsAppTemplates(h.db, h.deps.twilio as never, { now: h.clock.now() });
    await syncWhatsAppTemplates(h.db, h.deps.twilio as never, { now: h.clock.now() });
    await pickedUp('t1');
    await h.queue.drain();

    const docs = await surveyDocs('t1');
    expect(docs.map((d) => [d.channel, d.status])).toEqual([['whatsapp', 'deferred']]);
    // Monday 2 March 10:00 Paris → Tuesday 3 March 10:00 Paris.
    const notBefore = docs[0]?.notBefore as { toDate(): Date } | undefined;
    expect(notBefore?.toDate().toISOString()).toBe('2026-03-03T09:00:00.000Z');
    expect(docs[0]?.planSkips).toMatchObject({ email: 'covered_by_other_channel' });
    expect(
      outboundTo(`whatsapp:${WA}`).filter((m) => String(m.body ?? '').includes('1 à 5')),
    ).toHaveLength(0);

    await h.fastForward(2 * 86_400_000);
    const [sent] = await surveyDocs('t1');
    expect(sent).toMatchObject({ status: expect.stringMatching(/sent|delivered|read|queued/) });
    expect(sent?.metadata.whatsappMode).toBe('template');
    expect(sent?.metadata.contentSid).toMatch(/^HX/);
    const contact = (await h.db.doc('satisfaction_contacts/customer_u1').get()).data();
    expect(contact).toMatchObject({ ticketId: 't1', customerId: 'u1' });
  });

  it('a walk-in without consent gets none (the service basis never carries it)', async () => {
    await seedWalkIn(h.db, 'c2');
    await createTicket(h, 't2', ticket({ clientId: 'c2', status: 'completed' }));
    await updateTicket(h, 't2', { status: 'picked_up' });
    await h.fastForward(2 * 86_400_000);

    const docs = await surveyDocs('t2');
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) expect(d).toMatchObject({ status: 'skipped', skipReason: 'no_basis' });
    expect(
      outboundTo('+33612345678').filter((m) =>
        String(m.body ?? '')
          .toLowerCase()
          .includes('notez-nous'),
      ),
    ).toHaveLength(0);
    expect((await h.db.doc('satisfaction_contacts/client_c2').get()).exists).toBe(false);
  });

  it('a walk-in who agreed to SMS at the counter gets it by SMS, with the link to the form', async () => {
    await seedWalkIn(h.db, 'c3', {
      consent: {
        sms: {
          channel: 'sms',
          granted: true,
          at: new Date('2026-02-01T10:00:00Z'),
          source: 'counter',
          actor: 'staff-1',
          wordingVersion: 'optin-sms-fr-2026-01',
        },
      },
    });
    await createTicket(h, 't3', ticket({ clientId: 'c3', status: 'completed' }));
    await updateTicket(h, 't3', { status: 'picked_up' });
    await h.fastForward(2 * 86_400_000);

    const [survey] = await surveyDocs('t3');
    expect(survey).toMatchObject({ channel: 'sms', basis: 'consent' });
    const sms = outboundTo('+33612345678').find((m) => m.sid === survey?.metadata.twilioMessageId);
    expect(sms?.body).toMatch(/Notez-nous de 1 à 5 : https:\/\/omega\.test\/t\//);
  });

  it('at most once per customer per 90 days', async () => {
    await seedRegistered(h.db, { clientId: 'c1', customerId: 'u1' });
    await pickedUp('t1');
    h.clock.advance(30 * 86_400_000);
    await pickedUp('t4');
    expect(await surveyDocs('t4')).toEqual([]);
    h.clock.advance(61 * 86_400_000);
    const t5 = await pickedUp('t5');
    expect((await surveyDocs('t5')).map((d) => d.status)).toEqual(['deferred']);
    // A redelivered trigger finds its own survey: nothing more is planned.
    await t5.redeliver();
    expect(await surveyDocs('t5')).toHaveLength(1);
    const day = (await h.db.doc('stats_daily/2026-06-01').get()).data();
    expect(day?.satisfaction_planned).toBe(1);
  });
});

describe('the survey in the statistics', () => {
  it('is counted once when planned, and stats:rebuild counts it the same', async () => {
    await seedRegistered(h.db, { clientId: 'c1', customerId: 'u1' });
    await pickedUp('t6');
    const planned = async () =>
      (await h.db.doc('stats_daily/2026-03-02').get()).get('satisfaction_planned');
    expect(await planned()).toBe(1);
    let progress = await runStatsRebuild(h.db, { settings: DEFAULT_SETTINGS, now: h.clock.now() });
    while (!progress.done)
      progress = await runStatsRebuild(h.db, { settings: DEFAULT_SETTINGS, now: h.clock.now() });
    expect(await planned()).toBe(1);
  });
});

describe('answers: the WhatsApp button, the digits', () => {
  async function surveyed(ticketId: string) {
    await seedRegistered(h.db, { clientId: 'c1', customerId: 'u1' });
    await syncWhatsAppTemplates(h.db, h.deps.twilio as never, { now: h.clock.now() });
    await syncWhatsAppTemplates(h.db, h.deps.twilio as never, { now: h.clock.now() });
    await pickedUp(ticketId);
    await h.fastForward(2 * 86_400_000);
  }

  it('a low score tapped on a button is stored with the ticket, alerts staff and gets the review link', async () => {
    await surveyed('t1');
    const sid = await tap('2 - Déçu', 'ticket:t1:rate_2');

    const answer = (await h.db.doc('satisfaction_answers/t1').get()).data();
    expect(answer).toMatchObject({
      ticketId: 't1',
      score: 2,
      via: 'whatsapp_button',
      channel: 'whatsapp',
      messageSid: sid,
      customerId: 'u1',
      low: true,
    });
    const alert = (await h.db.doc('alerts/satisfaction_t1').get()).data();
    expect(alert).toMatchObject({ kind: 'satisfaction_low', score: 2, acknowledgedAt: null });
    const conversation = (await h.db.doc(`conversations/${WA}`).get()).data();
    expect(conversation).toMatchObject({ needsStaff: true, ticketId: 't1', satisfactionScore: 2 });

    const thanks = (await h.db.doc(`notification_history/reply_${sid}`).get()).data();
    expect(thanks).toMatchObject({
      kind: 'reply_satisfaction',
      channel: 'whatsapp',
      basis: 'request',
    });
    const sent = outboundTo(`whatsapp:${WA}`).find(
      (m) => m.sid === thanks?.metadata.twilioMessageId,
    );
    expect(sent?.body).toContain(REVIEW);

    const day = (await h.db.doc('stats_daily/2026-03-03').get()).data();
    expect(day).toMatchObject({ satisfaction_responses: 1, satisfaction_score_2: 1 });
  });

  it('a high score sent as digits gets the same review link, and no alert', async () => {
    await surveyed('t1');
    const sid = await tap('5');
    expect((await h.db.doc('satisfaction_answers/t1').get()).data()).toMatchObject({
      score: 5,
      via: 'message',
      low: false,
    });
    expect((await h.db.doc('alerts/satisfaction_t1').get()).exists).toBe(false);
    expect((await h.db.doc(`conversations/${WA}`).get()).get('needsStaff')).toBeUndefined();
    const thanks = (await h.db.doc(`notification_history/reply_${sid}`).get()).data();
    const sent = outboundTo(`whatsapp:${WA}`).find(
      (m) => m.sid === thanks?.metadata.twilioMessageId,
    );
    expect(sent?.body).toContain(REVIEW);
  });

  it('the first answer counts once: a second one is a message for staff, counted nowhere', async () => {
    await surveyed('t1');
    await tap('4 - Satisfait', 'ticket:t1:rate_4');
    const second = await tap('1 - Très déçu', 'ticket:t1:rate_1');
    expect((await h.db.doc('satisfaction_answers/t1').get()).get('score')).toBe(4);
    const day = (await h.db.doc('stats_daily/2026-03-03').get()).data();
    expect(day).toMatchObject({ satisfaction_responses: 1, satisfaction_score_4: 1 });
    expect(day?.satisfaction_score_1).toBeUndefined();
    const reply = (await h.db.doc(`notification_history/reply_${second}`).get()).data();
    expect(reply?.kind).toBe('reply_escalation_ack');
  });
});
