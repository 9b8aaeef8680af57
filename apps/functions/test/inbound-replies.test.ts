import { signForwardedBody } from '@omega/forwarding';
import { describe, expect, it } from 'vitest';
import { resolveLink } from '../src/customer-api/links.ts';
import { handleIngestRequest } from '../src/ingest/handle-request.ts';
import { ACK_BUCKET_MS } from '../src/pipeline/plan/auto-reply.ts';
import { INGEST_SECRET } from './support/edge-relay.ts';
import { seedRegistered, seedWalkIn, ticket } from './support/fixtures.ts';
import type { HistoryDoc } from './support/history.ts';
import type { PipelineHarness } from './support/pipeline-harness.ts';
import { type EdgeRelay, untilSettled, useRelayHarness } from './support/relay-harness.ts';
import { createTicket } from './support/triggers.ts';

// Our pipeline confirms the opt-outs Twilio does not act on itself (ARRET, "stop merci": not
// Twilio's words), so these tests use those, and the sandbox runs with its keyword handling off.
// A STOP Twilio acts on is confirmed by Twilio, and nothing more is attempted on that channel:
// see `ingestion.test.ts`.
let h: PipelineHarness;
let relay: EdgeRelay;
useRelayHarness({
  started: (started, startedRelay) => {
    h = started;
    relay = startedRelay;
  },
  sandbox: { optOutKeywords: [], optInKeywords: [] },
  settings: {
    shop: {
      hours: 'mar-sam 10h-18h30',
      address: '7 place Bellecour, 69002 Lyon',
      phone: '04 72 00 00 00',
    },
  },
});

const until = (probe: () => boolean | Promise<boolean>, timeoutMs?: number) =>
  untilSettled(relay, probe, timeoutMs);

const inboundAnswers = () => relay.answers.filter((a) => a.event.type === 'inbound');

/** Sends an inbound message from the sandbox to the worker contract, ingests it, runs the sends. */
async function inbound(from: string, body: string) {
  const before = inboundAnswers().length;
  const result = await h.sandbox.simulateInbound({
    from,
    body,
    url: `${relay.url}/twilio/inbound`,
  });
  if (!result.ok) throw new Error(result.error.message);
  await until(() => inboundAnswers().length > before);
  await h.queue.drain();
  return result.value.message.sid;
}

async function replies(e164: string): Promise<HistoryDoc[]> {
  const snap = await h.db
    .collection('notification_history')
    .where('origin', '==', 'auto_reply')
    .where('to', '==', e164)
    .get();
  return snap.docs.map((d) => ({ id: d.id, ...d.data() }) as HistoryDoc);
}

const outboundTo = (to: string) =>
  h.sandbox.messages().filter((m) => m.direction === 'outbound-api' && m.to === to);

describe('keyword answers go through the send pipeline', () => {
  it('HORAIRES is answered with the current hours and appears in the history with its cost', async () => {
    await seedWalkIn(h.db, 'c1');
    await createTicket(h, 't1', ticket({ clientId: 'c1' }));
    await h.queue.drain();
    const sid = await inbound('+33612345678', 'Horaires ?');
    const [reply] = await replies('+33612345678');
    await until(
      async () =>
        (await h.db.doc(`notification_history/${reply?.id}`).get()).get('status') === 'delivered',
    );

    const doc = (await h.db.doc(`notification_history/reply_${sid}`).get()).data();
    expect(doc).toMatchObject({
      kind: 'reply_hours',
      channel: 'sms',
      to: '+33612345678',
      basis: 'request',
      clientId: 'c1',
      ticketId: 't1',
      status: 'delivered',
      replyTo: { messageSid: sid },
    });
    expect(doc?.metadata.cost).toBeGreaterThan(0);
    expect(doc?.metadata.segments).toBe(1);
    const sent = outboundTo('+33612345678').filter((m) => m.sid === doc?.metadata.twilioMessageId);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toContain('mar-sam 10h-18h30');
    const stats = (await h.db.doc('stats_daily/2026-03-02').get()).data();
    expect(stats?.sms_cost_eur).toBeGreaterThanOrEqual(doc?.metadata.cost);
    const conversation = (await h.db.doc('conversations/+33612345678').get()).data();
    expect(conversation?.needsStaff).toBeUndefined();
    const thread = await h.db.collection('conversations/+33612345678/messages').get();
    expect(
      thread.docs.map((d) => [d.id, d.get('direction'), d.get('actor') ?? null]).sort(),
    ).toEqual(
      [
        [sid, 'inbound', null],
        [doc?.metadata.twilioMessageId, 'outbound', 'auto'],
      ].sort(),
    );
  });

  it.each([
    ['ADRESSE', 'reply_address', '7 place Bellecour'],
    ['aide', 'reply_help', '04 72 00 00 00'],
    ['statut', 'reply_status', 'iPhone 13'],
  ])('%s on WhatsApp is answered in free text inside the window (%s)', async (body, kind, text) => {
    await seedRegistered(h.db, { clientId: 'c2', customerId: 'u2' }, { email: null });
    await createTicket(h, 't2', ticket({ clientId: 'c2', customerId: 'u2' }));
    await h.queue.drain();
    const sid = await inbound('whatsapp:+33698765432', body);

    const doc = (await h.db.doc(`notification_history/reply_${sid}`).get()).data();
    expect(doc).toMatchObject({ kind, channel: 'whatsapp', customerId: 'u2', ticketId: 't2' });
    expect(doc?.metadata.whatsappMode).toBe('free_text');
    const sent = h.sandbox.message(doc?.metadata.twilioMessageId);
    expect(sent?.to).toBe('whatsapp:+33698765432');
    expect(sent?.body).toContain(text);
  });
});

describe('opt-out and opt-in confirmations', () => {
  it('an ARRET from a walk-in with no profile suppresses the number and is confirmed once', async () => {
    const e164 = '+33645454545';
    const sid = await inbound(e164, 'ARRET');

    expect((await h.db.doc(`suppressions/${e164}`).get()).data()).toMatchObject({
      scope: 'sms',
      source: 'keyword',
      customerId: null,
      // Not a word Twilio acts on: our list only, so our confirmation can go.
      providerHeld: [],
    });
    const [first] = inboundAnswers();
    expect(first?.answer.body).toMatchObject({ intent: 'opt_out', replyId: `reply_${sid}` });

    // The same webhook redelivered, and a second opt-out: still one confirmation.
    const body = JSON.stringify(first?.event);
    const again = await handleIngestRequest(h.deps, {
      secret: INGEST_SECRET,
      signature: await signForwardedBody(
        INGEST_SECRET,
        body,
        Math.floor(h.clock.now().getTime() / 1000),
      ),
      rawBody: body,
    });
    expect(again.body).toMatchObject({ outcome: 'duplicate', replyId: `reply_${sid}` });
    await inbound(e164, 'stop merci');
    await h.queue.drain();

    const docs = await replies(e164);
    expect(docs.map((d) => [d.id, d.kind, d.status === 'skipped'])).toEqual([
      [`reply_${sid}`, 'reply_opt_out', false],
    ]);
    const sent = outboundTo(e164);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toMatch(/STOP|désinscri|START/i);

    // Anything else they write after the opt-out gets no automatic answer (only staff see it).
    const help = await inbound(e164, 'AIDE');
    expect((await h.db.doc(`notification_history/reply_${help}`).get()).data()).toMatchObject({
      status: 'skipped',
      skipReason: 'suppressed',
    });
    expect(outboundTo(e164)).toHaveLength(1);
  });

  it('START lifts the suppression and is confirmed', async () => {
    const e164 = '+33645454546';
    await inbound(e164, 'ARRET');
    const sid = await inbound(e164, 'START');
    expect((await h.db.doc(`suppressions/${e164}`).get()).exists).toBe(false);
    const doc = (await h.db.doc(`notification_history/reply_${sid}`).get()).data();
    expect(doc).toMatchObject({
      kind: 'reply_opt_in',
      status: expect.stringMatching(/sent|delivered|queued|accepted|sending/),
    });
    expect(outboundTo(e164)).toHaveLength(2);
  });
});

describe('escalation', () => {
  it('two quick messages are flagged for staff and acknowledged once; a later one again', async () => {
    const e164 = '+33698765432';
    await seedRegistered(h.db, { clientId: 'c3', customerId: 'u3' }, { email: null });
    await createTicket(h, 't3', ticket({ clientId: 'c3', customerId: 'u3' }));
    await h.queue.drain();
    const before = inboundAnswers().length;
    await Promise.all(
      ['Bonjour, c’est prêt ?', 'Je peux passer à 18h ?'].map((body) =>
        h.sandbox.simulateInbound({
          from: `whatsapp:${e164}`,
          body,
          url: `${relay.url}/twilio/inbound`,
        }),
      ),
    );
    await until(() => inboundAnswers().length >= before + 2);
    await h.queue.drain();

    const conversation = (await h.db.doc(`conversations/${e164}`).get()).data();
    expect(conversation).toMatchObject({ needsStaff: true, unread: 2, customerId: 'u3' });
    const acks = (await replies(e164)).filter((d) => d.kind === 'reply_escalation_ack');
    expect(acks).toHaveLength(1);
    expect(acks[0]?.metadata.whatsappMode).toBe('free_text');
    const answered = inboundAnswers().map((a) => a.answer.body.replyId);
    expect(answered.filter((id) => id !== null)).toHaveLength(1);
    expect(
      outboundTo(`whatsapp:${e164}`).filter((m) => m.sid === acks[0]?.metadata.twilioMessageId),
    ).toHaveLength(1);

    h.clock.advance(ACK_BUCKET_MS);
    await inbound(`whatsapp:${e164}`, 'Toujours là ?');
    expect((await replies(e164)).filter((d) => d.kind === 'reply_escalation_ack')).toHaveLength(2);
  });

  it('a STATUT answer carries the ticket’s short link, and that link opens even if no notification wrote it', async () => {
    await seedWalkIn(h.db, 'c1');
    await createTicket(h, 't1', ticket({ clientId: 'c1' }));
    await h.queue.drain();
    // A ticket from before the links existed (or whose notifications were all skipped).
    for (const doc of (await h.db.collection('short_links').get()).docs) await doc.ref.delete();
    const sid = await inbound('+33612345678', 'STATUT');
    const doc = (await h.db.doc(`notification_history/reply_${sid}`).get()).data();
    expect(doc?.kind).toBe('reply_status');
    const sent = outboundTo('+33612345678').find((m) => m.sid === doc?.metadata.twilioMessageId);
    const id = /\/t\/([A-Za-z0-9]+)/.exec(String(sent?.body))?.[1];
    expect(id).toBeDefined();
    const opened = await resolveLink(h.db, id as string, h.clock.now());
    expect(opened.ok && opened.value.ticketId).toBe('t1');
  });

  it('STATUT from a number with no known ticket is escalated, not answered with a status', async () => {
    const sid = await inbound('+33645454547', 'STATUT');
    const doc = (await h.db.doc(`notification_history/reply_${sid}`).get()).data();
    expect(doc?.kind).toBe('reply_escalation_ack');
    expect((await h.db.doc('conversations/+33645454547').get()).get('needsStaff')).toBe(true);
  });
});
