import { signForwardedBody } from '@omega/forwarding';
import { describe, expect, it } from 'vitest';
import { applyCustomerAction } from '../src/actions/apply.ts';
import { sendShopEmail, sweepShopEmails } from '../src/actions/shop-email.ts';
import { syncWhatsAppTemplates } from '../src/content/sync-templates.ts';
import { handleIngestRequest } from '../src/ingest/handle-request.ts';
import { INGEST_SECRET } from './support/edge-relay.ts';
import { seedRegistered, ticket } from './support/fixtures.ts';
import type { PipelineHarness } from './support/pipeline-harness.ts';
import { type EdgeRelay, untilSettled, useRelayHarness } from './support/relay-harness.ts';
import { createTicket, updateTicket } from './support/triggers.ts';

// Customer actions from WhatsApp, end to end: the quote message goes out as the approved
// template with its buttons, the customer taps one in the sandbox, the edge relay forwards the
// signed webhook, ingestion applies the action once (ticket fields + the action log), the
// customer gets the confirmation through the send pipeline, and the shop gets its email.
const SHOP = 'atelier@omega.test';
let h: PipelineHarness;
let relay: EdgeRelay;
useRelayHarness({
  started: (started, startedRelay) => {
    h = started;
    relay = startedRelay;
  },
  settings: { shopEmail: SHOP },
});

const WA = '+33698765432';
const inboundAnswers = () => relay.answers.filter((a) => a.event.type === 'inbound');

/** The customer writes (or taps a button) on WhatsApp; returns the message SID and the forwarded event. */
async function tap(body: string, buttonPayload?: string, from = WA) {
  const before = inboundAnswers().length;
  const result = await h.sandbox.simulateInbound({
    from: `whatsapp:${from}`,
    body,
    ...(buttonPayload ? { buttonPayload, buttonText: body } : {}),
    url: `${relay.url}/twilio/inbound`,
  });
  if (!result.ok) throw new Error(result.error.message);
  await untilSettled(relay, () => inboundAnswers().length > before);
  await h.queue.drain();
  const answer = inboundAnswers().at(-1);
  return { sid: result.value.message.sid, event: answer?.event };
}

/** Delivers the same forwarded webhook again, as Twilio or the worker's retry would. */
async function redeliver(event: unknown) {
  const body = JSON.stringify(event);
  return handleIngestRequest(h.deps, {
    secret: INGEST_SECRET,
    signature: await signForwardedBody(
      INGEST_SECRET,
      body,
      Math.floor(h.clock.now().getTime() / 1000),
    ),
    rawBody: body,
  });
}

const outboundTo = (to: string) =>
  h.sandbox.messages().filter((m) => m.direction === 'outbound-api' && m.to === `whatsapp:${to}`);

async function actionsOf(ticketId: string) {
  const snap = await h.db.collection('ticket_actions').where('ticketId', '==', ticketId).get();
  return snap.docs.map((d) => ({ id: d.id, ...d.data() }) as Record<string, unknown>);
}

/** A registered WhatsApp customer whose ticket now waits for a €249 quote (its message sent). */
async function quoted(ticketId = 't1', ids = { clientId: 'c1', customerId: 'u1' }, phone = WA) {
  await seedRegistered(h.db, ids, { email: null, phoneNumber: phone });
  await syncWhatsAppTemplates(h.db, h.deps.twilio as never, { now: h.clock.now() });
  await syncWhatsAppTemplates(h.db, h.deps.twilio as never, { now: h.clock.now() });
  await createTicket(h, ticketId, ticket({ ...ids, status: 'diagnosing', amountDueEur: 249 }));
  await updateTicket(h, ticketId, { status: 'quote_pending' });
  await h.queue.drain();
}

describe('WhatsApp quick-reply buttons act', () => {
  it('"J\'accepte le devis" sets the decision once, answers, and emails the shop; a redelivery changes nothing', async () => {
    await quoted();
    const [quote] = outboundTo(WA);
    expect(quote?.content_sid).toMatch(/^HX/);

    const { sid, event } = await tap("J'accepte le devis", 'ticket:t1:quote_accept');
    const t1 = (await h.db.doc('tickets/t1').get()).data() ?? {};
    expect(t1).toMatchObject({
      quoteDecision: 'accepted',
      quoteDecisionAmountEur: 249,
      quoteDecisionActionId: `sid_${sid}`,
      lastCustomerAction: { action: 'quote_accept', actionId: `sid_${sid}` },
    });
    const [log, ...more] = await actionsOf('t1');
    expect(more).toEqual([]);
    expect(log).toMatchObject({
      id: `sid_${sid}`,
      action: 'quote_accept',
      outcome: 'applied',
      channel: 'whatsapp',
      via: 'whatsapp_button',
      messageSid: sid,
      shown: { text: "Bouton « J'accepte le devis »", amountEur: 249 },
      staffTodo: false,
    });

    // The confirmation, through the pipeline, inside the window the tap opened.
    const reply = (await h.db.doc(`notification_history/reply_${sid}`).get()).data();
    expect(reply).toMatchObject({
      kind: 'reply_action',
      variables: { actionReply: 'quote_accept' },
    });
    const confirmations = outboundTo(WA).filter((m) =>
      /accord pour le devis/.test(String(m.body ?? '')),
    );
    expect(confirmations).toHaveLength(1);

    // The shop's email: its outbox document, sent by the trigger's handler.
    expect((await h.db.doc(`shop_emails/sid_${sid}`).get()).get('status')).toBe('planned');
    expect(await sendShopEmail(h.deps, `sid_${sid}`)).toBe('sent');
    const [mail] = await h.smtp.waitFor(1);
    expect(mail?.to).toMatchObject({ text: SHOP });
    expect(mail?.subject).toContain('accepté');
    expect(mail?.subject).toContain('249');
    expect(mail?.text).toContain('WhatsApp');
    // Twice is once.
    expect(await sendShopEmail(h.deps, `sid_${sid}`)).toBe('already_done');

    // The same webhook again: the first outcome stands, nothing is written or sent twice.
    const decidedAt = t1.quoteDecidedAt;
    const again = await redeliver(event);
    expect(again.body).toMatchObject({ outcome: 'duplicate' });
    await h.queue.drain();
    expect((await h.db.doc('tickets/t1').get()).get('quoteDecidedAt')).toEqual(decidedAt);
    expect(await actionsOf('t1')).toHaveLength(1);
    expect(
      outboundTo(WA).filter((m) => /accord pour le devis/.test(String(m.body ?? ''))),
    ).toHaveLength(1);
    expect(h.smtp.messages).toHaveLength(1);
  });

  it('a second answer on a decided quote is refused with its reason, logged, and the ticket keeps the first', async () => {
    await quoted();
    await tap("J'accepte le devis", 'ticket:t1:quote_accept');
    const { sid } = await tap('Je refuse le devis', 'ticket:t1:quote_decline');
    expect((await h.db.doc('tickets/t1').get()).get('quoteDecision')).toBe('accepted');
    const refused = (await h.db.doc(`ticket_actions/sid_${sid}`).get()).data();
    expect(refused).toMatchObject({
      action: 'quote_decline',
      outcome: 'refused',
      reason: 'quote_already_decided',
      reasonText: 'Le devis a déjà reçu une réponse.',
    });
    expect(outboundTo(WA).some((m) => /déjà reçu votre réponse/.test(String(m.body ?? '')))).toBe(
      true,
    );
    expect((await h.db.doc(`shop_emails/sid_${sid}`).get()).exists).toBe(false);
  });

  it("a payload naming another customer's ticket is refused, logged for staff, and changes nothing there", async () => {
    await quoted('t1');
    await quoted('t2', { clientId: 'c2', customerId: 'u2' }, '+33698760000');
    const { sid } = await tap("J'accepte le devis", 'ticket:t2:quote_accept');
    expect((await h.db.doc('tickets/t2').get()).get('quoteDecision')).toBeUndefined();
    expect((await h.db.doc(`ticket_actions/sid_${sid}`).get()).data()).toMatchObject({
      ticketId: 't2',
      outcome: 'refused',
      reason: 'other_customer',
      clientId: 'c1',
      ticketClientId: 'c2',
      staffTodo: true,
    });
    expect((await h.db.doc(`conversations/${WA}`).get()).get('needsStaff')).toBe(true);
    expect(
      outboundTo(WA).some((m) => /ne pouvons pas traiter cette réponse/.test(String(m.body ?? ''))),
    ).toBe(true);
  });

  it('"Appelez-moi" is a callback request for staff, first in their worklist', async () => {
    await quoted();
    const { sid } = await tap('Appelez-moi', 'ticket:t1:call_me');
    expect((await h.db.doc('tickets/t1').get()).get('callbackRequestedAt')).toBeTruthy();
    expect((await h.db.doc(`ticket_actions/sid_${sid}`).get()).data()).toMatchObject({
      outcome: 'applied',
      staffTodo: true,
      staffPriority: 0,
    });
    expect((await h.db.doc(`conversations/${WA}`).get()).data()).toMatchObject({
      needsStaff: true,
      pendingAction: { action: 'call_me', actionId: `sid_${sid}` },
    });
  });
});

describe('under faults', () => {
  it('an ingestion killed after storing the message applies the action on the redelivery, once', async () => {
    await quoted();
    let killed = 0;
    h.deps.faults = {
      hit(at) {
        if (at === 'inbound_after_commit' && killed === 0) {
          killed += 1;
          throw new Error('fault injected at inbound_after_commit');
        }
      },
    };
    try {
      const result = await h.sandbox.simulateInbound({
        from: `whatsapp:${WA}`,
        body: "J'accepte le devis",
        buttonPayload: 'ticket:t1:quote_accept',
        buttonText: "J'accepte le devis",
        url: `${relay.url}/twilio/inbound`,
      });
      if (!result.ok) throw new Error(result.error.message);
      const sid = result.value.message.sid;
      await untilSettled(relay, () =>
        inboundAnswers().some((a) => a.event.id === `inbound:${sid}`),
      );
      const first = inboundAnswers().find((a) => a.event.id === `inbound:${sid}`);
      expect(first?.answer.status).toBe(500);
      expect((await h.db.doc('tickets/t1').get()).get('quoteDecision')).toBeUndefined();
      // The worker retries a forward that failed (its queue, then the DLQ replay): the redelivery does the rest.
      const again = await redeliver(first?.event);
      expect(again.body).toMatchObject({ outcome: 'duplicate' });
      await h.queue.drain();
      expect(killed).toBe(1);
      expect((await h.db.doc('tickets/t1').get()).get('quoteDecision')).toBe('accepted');
      expect(await actionsOf('t1')).toHaveLength(1);
      expect((await h.db.doc(`notification_history/reply_${sid}`).get()).get('kind')).toBe(
        'reply_action',
      );
      expect((await h.db.doc(`shop_emails/sid_${sid}`).get()).exists).toBe(true);
    } finally {
      h.deps.faults = undefined;
    }
  });

  it('two answers racing on one quote: one decision applies, the other is refused', async () => {
    await quoted();
    const actor = { clientId: 'c1', customerId: 'u1' };
    const race = await Promise.all(
      (['quote_accept', 'quote_decline'] as const).map((action, i) =>
        applyCustomerAction(h.db, {
          ticketId: 't1',
          action,
          proof: { via: 'web', linkId: 'L1', nonce: `n${i}`, ipHash: null },
          actor,
          shown: { text: 'Devis : 249,00 €', notificationId: null },
          at: h.clock.now(),
        }),
      ),
    );
    const outcomes = race.map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['applied', 'refused']);
    const winner = race.find((r) => r.outcome === 'applied');
    const decision = (await h.db.doc('tickets/t1').get()).get('quoteDecision');
    expect(decision).toBe(winner?.actionId.endsWith('n0') ? 'accepted' : 'declined');
    expect((await h.db.collection('shop_emails').get()).size).toBe(1);
  });
});

describe('keywords inside the window act like the buttons', () => {
  it('"OUI" after the quote accepts it; a keyword the latest message did not offer is escalated', async () => {
    await quoted();
    const demain = await tap('DEMAIN');
    expect((await h.db.doc(`ticket_actions/sid_${demain.sid}`).get()).exists).toBe(false);
    expect((await h.db.doc(`conversations/${WA}`).get()).get('needsStaff')).toBe(true);

    const { sid } = await tap('Oui merci');
    expect((await h.db.doc('tickets/t1').get()).get('quoteDecision')).toBe('accepted');
    expect((await h.db.doc(`ticket_actions/sid_${sid}`).get()).data()).toMatchObject({
      via: 'message',
      outcome: 'applied',
      shown: { text: 'Réponse « Oui merci » au message status_quote_pending' },
    });
  });

  it('"Je passe demain" after the ready message plans the pickup for tomorrow (shop calendar)', async () => {
    await quoted();
    h.clock.advance(3_600_000);
    await updateTicket(h, 't1', { status: 'completed' });
    await h.queue.drain();
    await tap('Je passe demain');
    // The harness's clock is Monday 2026-03-02 11:00 in Paris.
    expect((await h.db.doc('tickets/t1').get()).get('pickupPlannedFor')).toBe('2026-03-03');
  });
});

describe("the shop's email", () => {
  it('without a shop address it is closed with a reason; a transient SMTP failure is retried by the sweeper', async () => {
    await quoted();
    const { sid } = await tap("J'accepte le devis", 'ticket:t1:quote_accept');
    const id = `sid_${sid}`;
    h.smtp.failNext(451, 1);
    expect(await sendShopEmail(h.deps, id)).toBe('retry_later');
    expect((await h.db.doc(`shop_emails/${id}`).get()).data()).toMatchObject({
      status: 'planned',
      attempts: 1,
    });
    // Not yet due, then due: the sweeper sends it.
    h.clock.advance(2 * 60_000);
    expect((await sweepShopEmails(h.deps)).runs[id]).toBe('not_due');
    h.clock.advance(10 * 60_000);
    expect((await sweepShopEmails(h.deps)).runs[id]).toBe('sent');
    expect(await h.smtp.waitFor(1)).toHaveLength(1);

    await h.db.doc('settings/notifications').set({ shopEmail: null }, { merge: true });
    h.deps.settings.invalidate();
    await h.db.doc(`shop_emails/${id}`).update({ status: 'planned', notBefore: null });
    expect(await sendShopEmail(h.deps, id)).toBe('skipped_no_address');
    expect((await h.db.doc(`shop_emails/${id}`).get()).get('lastError')).toMatch(/aucune adresse/);
  });
});
