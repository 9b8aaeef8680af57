import { signForwardedBody } from '@omega/forwarding';
import { describe, expect, it } from 'vitest';
import { syncWhatsAppTemplates } from '../src/content/sync-templates.ts';
import { handleIngestRequest } from '../src/ingest/handle-request.ts';
import { INGEST_SECRET } from './support/edge-relay.ts';
import { seedRegistered, seedWalkIn, ticket } from './support/fixtures.ts';
import { byChannel, historyOf } from './support/history.ts';
import type { PipelineHarness } from './support/pipeline-harness.ts';
import {
  type EdgeRelay,
  ingestedStatus,
  untilSettled,
  useRelayHarness,
} from './support/relay-harness.ts';
import { createTicket } from './support/triggers.ts';

let h: PipelineHarness;
let relay: EdgeRelay;
useRelayHarness({
  started: (started, startedRelay) => {
    h = started;
    relay = startedRelay;
  },
});

const until = (probe: () => boolean | Promise<boolean>, timeoutMs?: number) =>
  untilSettled(relay, probe, timeoutMs);
const ingested = (sid: string, status: string) => ingestedStatus(relay, sid, status);

const whatsappConsent = {
  whatsapp: {
    channel: 'whatsapp',
    granted: true,
    at: new Date('2026-03-01T10:00:00Z'),
    source: 'counter',
    actor: 'staff-1',
    wordingVersion: 'wa-2026-01',
  },
};

describe('status callbacks from the sandbox, through the worker contract', () => {
  it('records every status once and ends delivered, with statistics', async () => {
    await seedWalkIn(h.db, 'c1');
    await createTicket(h, 't1', ticket({ clientId: 'c1' }));
    await h.queue.drain();
    const sms = byChannel(await historyOf(h.db, 't1')).sms;
    const sid = sms?.metadata.twilioMessageId ?? '';
    await until(() => ingested(sid, 'delivered'));

    const after = byChannel(await historyOf(h.db, 't1')).sms;
    expect(after?.status).toBe('delivered');
    const events = await h.db.collection(`notification_history/${sms?.id}/status_events`).get();
    expect(events.docs.map((d) => d.id).sort()).toEqual(
      ['delivered', 'sending', 'sent'].map((s) => `${sid}_${s}`),
    );
    // Once each; concurrent callbacks commit in any order (on Firestore as on the patched
    // embedded server), so the timeline lists them in commit order.
    const callbacks = after?.timeline.filter((e) => e.source === 'callback').map((e) => e.status);
    expect(callbacks?.sort()).toEqual(['delivered', 'sending', 'sent']);
    expect((await h.db.doc('stats_daily/2026-03-02').get()).get('sms_delivered')).toBe(1);
  });

  it('duplicate and out-of-order callbacks neither regress nor double count', async () => {
    h.sandbox.faults.nextCallbacks('duplicate', 'out-of-order');
    await seedWalkIn(h.db, 'c2');
    await createTicket(h, 't2', ticket({ clientId: 'c2' }));
    await h.queue.drain();
    const sms = byChannel(await historyOf(h.db, 't2')).sms;
    const sid = sms?.metadata.twilioMessageId ?? '';
    await until(
      () => relay.answers.filter((a) => a.event.id.startsWith(`status:${sid}:`)).length >= 6,
    );

    const after = byChannel(await historyOf(h.db, 't2')).sms;
    expect(after?.status).toBe('delivered');
    const outcomes = relay.answers.map((a) => a.answer.body.outcome);
    expect(outcomes.filter((o) => o === 'duplicate').length).toBeGreaterThanOrEqual(3);
    expect((await h.db.doc('stats_daily/2026-03-02').get()).get('sms_delivered')).toBe(1);
  });

  it('a WhatsApp 63024 (not on WhatsApp) falls back to SMS on the service basis', async () => {
    await syncWhatsAppTemplates(h.db, twilio(), { now: h.clock.now() });
    await syncWhatsAppTemplates(h.db, twilio(), { now: h.clock.now() });
    await seedWalkIn(h.db, 'c3', { phone: '+33600000024', consent: whatsappConsent });
    await createTicket(h, 't3', ticket({ clientId: 'c3' }));
    await h.queue.drain();
    const wa = byChannel(await historyOf(h.db, 't3')).whatsapp;
    const waSid = wa?.metadata.twilioMessageId ?? '';
    await until(() => ingested(waSid, 'failed'));
    await h.queue.drain();
    await until(async () => byChannel(await historyOf(h.db, 't3')).sms?.status === 'delivered');

    const docs = byChannel(await historyOf(h.db, 't3'));
    expect(docs.whatsapp?.status).toBe('failed');
    expect(docs.whatsapp?.errorCode).toBe(63024);
    expect(docs.sms).toMatchObject({ status: 'delivered', basis: 'service' });
    const outbound = h.sandbox.messages().filter((m) => m.direction === 'outbound-api');
    expect(outbound.map((m) => m.to).sort()).toEqual(['+33600000024', 'whatsapp:+33600000024']);
  });

  it('an unknown handset (30005) marks the number so later messages skip it', async () => {
    await seedWalkIn(h.db, 'c4', { phone: '+33600000005' });
    await createTicket(h, 't4', ticket({ clientId: 'c4' }));
    await h.queue.drain();
    const sid = byChannel(await historyOf(h.db, 't4')).sms?.metadata.twilioMessageId ?? '';
    await until(() => ingested(sid, 'undelivered'));

    const client = (await h.db.doc('clients/c4').get()).data();
    expect(client?.phoneStatus).toMatchObject({
      e164: '+33600000005',
      status: 'unknown_handset',
      code: 30005,
    });
    await createTicket(h, 't4b', ticket({ clientId: 'c4' }));
    await h.queue.drain();
    expect(byChannel(await historyOf(h.db, 't4b')).sms?.skipReason).toBe('phone_marked_invalid');
  });
});

describe('inbound messages', () => {
  const inbound = (from: string, body: string, extra: Record<string, string> = {}) =>
    h.sandbox.simulateInbound({ from, body, url: `${relay.url}/twilio/inbound`, ...extra });

  it('a STOP from a walk-in withdraws consent, suppresses the number and stops the next SMS', async () => {
    await seedWalkIn(h.db, 'c5');
    await createTicket(h, 't5', ticket({ clientId: 'c5' }));
    await h.queue.drain();
    const reply = await inbound('+33612345678', 'STOP');
    expect(reply.ok).toBe(true);
    await until(() => relay.answers.some((a) => a.event.type === 'inbound'));

    expect((await h.db.doc('suppressions/+33612345678').get()).data()).toMatchObject({
      scope: 'sms',
      source: 'keyword',
      // Twilio acted on the STOP too: its list holds the number for SMS.
      providerHeld: ['sms'],
    });
    const log = await h.db.collection('consent_log').where('e164', '==', '+33612345678').get();
    expect(log.docs.map((d) => d.data())).toMatchObject([
      { channel: 'sms', granted: false, source: 'keyword', clientId: 'c5' },
    ]);
    const conversation = (await h.db.doc('conversations/+33612345678').get()).data();
    expect(conversation).toMatchObject({ clientId: 'c5', ticketId: 't5', unread: 1 });

    // Twilio's default opt-out handling (the sandbox's default) confirms the STOP itself and
    // would refuse ours with 21610: none is planned, nothing is attempted.
    await h.queue.drain();
    const stopSid = String(
      relay.answers.find((a) => a.event.type === 'inbound')?.event.params.MessageSid,
    );
    expect((await h.db.doc(`notification_history/reply_${stopSid}`).get()).exists).toBe(false);
    const sentBefore = h.sandbox.messages().filter((m) => m.direction === 'outbound-api').length;

    await createTicket(h, 't5b', ticket({ clientId: 'c5' }));
    await h.queue.drain();
    expect(byChannel(await historyOf(h.db, 't5b')).sms?.skipReason).toBe('suppressed');
    expect(h.sandbox.messages().filter((m) => m.direction === 'outbound-api')).toHaveLength(
      sentBefore,
    );

    await inbound('+33612345678', 'START');
    await until(() => relay.answers.filter((a) => a.event.type === 'inbound').length === 2);
    expect((await h.db.doc('suppressions/+33612345678').get()).exists).toBe(false);
  });

  it('an SMS STOP leaves WhatsApp alone: the next WhatsApp notification is sent and delivered', async () => {
    await syncWhatsAppTemplates(h.db, twilio(), { now: h.clock.now() });
    await syncWhatsAppTemplates(h.db, twilio(), { now: h.clock.now() });
    await seedWalkIn(h.db, 'c6', { phone: '+33611111116', consent: whatsappConsent });
    await inbound('+33611111116', 'STOP');
    await until(() => relay.answers.some((a) => a.event.type === 'inbound'));
    expect((await h.db.doc('suppressions/+33611111116').get()).data()).toMatchObject({
      scope: 'sms',
      providerHeld: ['sms'],
    });

    await createTicket(h, 't6', ticket({ clientId: 'c6' }));
    await h.queue.drain();
    const wa = byChannel(await historyOf(h.db, 't6')).whatsapp;
    await until(() => ingested(wa?.metadata.twilioMessageId ?? '', 'delivered'));
    const docs = byChannel(await historyOf(h.db, 't6'));
    expect(docs.whatsapp).toMatchObject({ status: expect.stringMatching(/delivered|read/) });
    expect(docs.whatsapp?.errorCode).toBeNull();
    expect(docs.sms?.status).not.toBe('failed');
    // Nothing went to the number by SMS, nothing was refused.
    const outbound = h.sandbox
      .messages()
      .filter((m) => m.direction === 'outbound-api' && String(m.to).endsWith('+33611111116'));
    expect(outbound.map((m) => m.to)).toEqual(['whatsapp:+33611111116']);
  });

  it('a WhatsApp STOP Twilio acts on leaves SMS alone: the next notification goes by SMS', async () => {
    await seedWalkIn(h.db, 'c7', { phone: '+33611111117', consent: whatsappConsent });
    await inbound('whatsapp:+33611111117', 'STOP');
    await until(() => relay.answers.some((a) => a.event.type === 'inbound'));
    expect((await h.db.doc('suppressions/+33611111117').get()).data()).toMatchObject({
      scope: 'whatsapp',
      providerHeld: ['whatsapp'],
    });
    await h.queue.drain();
    // Twilio confirmed it on WhatsApp: no confirmation of ours is attempted there.
    const toNumber = () =>
      h.sandbox
        .messages()
        .filter((m) => m.direction === 'outbound-api' && String(m.to).endsWith('+33611111117'));
    expect(toNumber()).toEqual([]);

    await createTicket(h, 't7', ticket({ clientId: 'c7' }));
    await h.queue.drain();
    const sms = byChannel(await historyOf(h.db, 't7')).sms;
    await until(() => ingested(sms?.metadata.twilioMessageId ?? '', 'delivered'));
    const docs = byChannel(await historyOf(h.db, 't7'));
    expect(docs.sms).toMatchObject({ status: 'delivered', basis: 'service' });
    // WhatsApp was not planned: Twilio holds it (the SMS records why).
    expect(docs.sms?.planSkips).toMatchObject({ whatsapp: 'suppressed' });
    expect(toNumber().map((m) => m.to)).toEqual(['+33611111117']);
  });

  it('a WhatsApp question is stored once, opens the 24 h window and is flagged for staff', async () => {
    await seedRegistered(
      h.db,
      { clientId: 'c6', customerId: 'u6' },
      { email: null, whatsappLastInboundAt: new Date('2026-03-02T08:00:00Z') },
    );
    await createTicket(h, 't6', ticket({ clientId: 'c6', customerId: 'u6' }));
    await h.queue.drain();
    await inbound('whatsapp:+33698765432', 'Bonjour, je peux passer ce soir ?');
    await until(() => relay.answers.some((a) => a.event.type === 'inbound'));

    const answer = relay.answers.find((a) => a.event.type === 'inbound');
    expect(answer?.answer.body).toMatchObject({
      outcome: 'stored',
      intent: 'escalate',
      customerId: 'u6',
      ticketId: 't6',
    });
    const conversation = (await h.db.doc('conversations/+33698765432').get()).data();
    expect(conversation).toMatchObject({ channel: 'whatsapp', needsStaff: true, customerId: 'u6' });
    expect(
      (await h.db.doc('customer_profiles/u6').get()).get('whatsappLastInboundAt'),
    ).toBeTruthy();

    const again = await handleIngestRequest(h.deps, {
      secret: INGEST_SECRET,
      signature: await signForwardedBody(
        INGEST_SECRET,
        JSON.stringify(answer?.event),
        Math.floor(h.clock.now().getTime() / 1000),
      ),
      rawBody: JSON.stringify(answer?.event),
    });
    expect(again.body).toMatchObject({ outcome: 'duplicate' });
    await h.queue.drain();
    const thread = await h.db.collection('conversations/+33698765432/messages').get();
    // The question once, and the automatic acknowledgement (once, though planned again).
    expect(thread.docs.map((d) => d.get('direction')).sort()).toEqual(['inbound', 'outbound']);
  });
});

describe('the ingestion endpoint', () => {
  const event = {
    id: 'status:SM00000000000000000000000000000001:delivered',
    type: 'status',
    receivedAt: '2026-03-02T09:00:00.000Z',
    notificationId: 'nope',
    params: { MessageSid: 'SM00000000000000000000000000000001', MessageStatus: 'delivered' },
  };
  const nowSeconds = () => Math.floor(h.clock.now().getTime() / 1000);

  it.each([
    ['no signature', async (body: string) => ({ signature: null, rawBody: body }), 401],
    [
      'another secret',
      async (body: string) => ({
        signature: await signForwardedBody('another-secret-0123456789abcdef', body, nowSeconds()),
        rawBody: body,
      }),
      401,
    ],
    [
      'a tampered body',
      async (body: string) => ({
        signature: await signForwardedBody(INGEST_SECRET, body, nowSeconds()),
        rawBody: body.replace('delivered', 'failed'),
      }),
      401,
    ],
    [
      'a stale signature',
      async (body: string) => ({
        signature: await signForwardedBody(INGEST_SECRET, body, nowSeconds() - 3600),
        rawBody: body,
      }),
      401,
    ],
    [
      'a malformed event',
      async () => {
        const body = JSON.stringify({ ...event, type: 'other' });
        return {
          signature: await signForwardedBody(INGEST_SECRET, body, nowSeconds()),
          rawBody: body,
        };
      },
      400,
    ],
  ])('refuses %s and stores nothing', async (_name, make, status) => {
    const input = await make(JSON.stringify(event));
    const answer = await handleIngestRequest(h.deps, { secret: INGEST_SECRET, ...input });
    expect(answer.status).toBe(status);
    expect((await h.db.collection('notification_history').get()).size).toBe(0);
  });

  it('acknowledges a status for an unknown message (nothing to retry)', async () => {
    const body = JSON.stringify({ ...event, notificationId: undefined });
    const answer = await handleIngestRequest(h.deps, {
      secret: INGEST_SECRET,
      signature: await signForwardedBody(INGEST_SECRET, body, nowSeconds()),
      rawBody: body,
    });
    expect(answer).toMatchObject({ status: 200, body: { outcome: 'unknown_notification' } });
  });
});

function twilio() {
  if (!h.deps.twilio) throw new Error('the harness always has a Twilio client');
  return h.deps.twilio;
}
