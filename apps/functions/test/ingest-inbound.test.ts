import { signForwardedBody } from '@omega/forwarding';
import { describe, expect, it } from 'vitest';
import { readAnalytics } from '../src/api/services/analytics-reader.ts';
import { handleIngestRequest } from '../src/ingest/handle-request.ts';
import { INGEST_SECRET } from './support/edge-relay.ts';
import { seedWalkIn, ticket } from './support/fixtures.ts';
import { historyOf } from './support/history.ts';
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
const inboundAnswers = () => relay.answers.filter((a) => a.event.type === 'inbound');
const ingested = (sid: string | null | undefined, status: string) =>
  ingestedStatus(relay, sid, status);
const stats = async () => (await h.db.doc('stats_daily/2026-03-02').get()).data() ?? {};

/** A customer's message through the sandbox and the worker contract, ingested, answers sent. */
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
  return inboundAnswers().at(-1);
}

/** Creates a ticket for the client and waits until its SMS reached a final status. */
async function notified(clientId: string, ticketId: string, final = 'delivered') {
  await createTicket(h, ticketId, ticket({ clientId }));
  await h.queue.drain();
  const [sms] = await historyOf(h.db, ticketId);
  await until(() => ingested(sms?.metadata.twilioMessageId, final));
  return sms;
}

describe('every inbound message counts, once per MessageSid', () => {
  it('replies make the analytics response rate non-zero', async () => {
    await seedWalkIn(h.db, 'c1');
    await notified('c1', 't1');
    h.clock.advance(10 * 60_000);
    await inbound('+33612345678', 'Merci, je passe demain');
    await inbound('+33612345678', 'HORAIRES');

    expect(await stats()).toMatchObject({
      sms_inbound: 2,
      sms_inbound_escalate: 1,
      sms_inbound_hours: 1,
      // Our SMS went out 10 min before the first reply, 10 min + ε before the second.
      sms_response_lt1h: 2,
    });
    const analytics = await readAnalytics(h.db, {
      from: '2026-03-02',
      to: '2026-03-02',
      now: h.clock.now(),
      settings: await h.deps.settings.get(),
    });
    expect(analytics.response.inbound).toBe(2);
    // Delivered: our notification, plus the automatic answers whose callbacks already came.
    expect(analytics.response.delivered).toBeGreaterThanOrEqual(1);
    expect(analytics.response.rate).toBe(2 / analytics.response.delivered);
  });

  it('a webhook Twilio delivers twice is counted once', async () => {
    await seedWalkIn(h.db, 'c2');
    await notified('c2', 't2');
    const answer = await inbound('+33612345678', 'Bonjour ?');
    const body = JSON.stringify(answer?.event);
    const again = await handleIngestRequest(h.deps, {
      secret: INGEST_SECRET,
      signature: await signForwardedBody(
        INGEST_SECRET,
        body,
        Math.floor(h.clock.now().getTime() / 1000),
      ),
      rawBody: body,
    });
    expect(again.body).toMatchObject({ outcome: 'duplicate' });
    const s = await stats();
    expect(s.sms_inbound).toBe(1);
    expect(s.sms_response_lt5m).toBe(1);
    expect((await h.db.doc('conversations/+33612345678').get()).get('unread')).toBe(1);
  });

  it('a message from a number we never wrote to counts, without a response latency', async () => {
    await inbound('whatsapp:+33611112222', 'Vous réparez les Pixel ?');
    const s = await stats();
    expect(s).toMatchObject({ whatsapp_inbound: 1, whatsapp_inbound_escalate: 1 });
    expect(Object.keys(s).filter((k) => k.includes('_response_'))).toEqual([]);
    const conversation = (await h.db.doc('conversations/+33611112222').get()).data();
    expect(conversation).toMatchObject({ ticketId: null, customerId: null, needsStaff: true });
  });
});

describe('a message from a number proves it works', () => {
  it('an SMS from a number marked unknown (30005) clears the mark: the next SMS goes out', async () => {
    await seedWalkIn(h.db, 'c3', { phone: '+33600000005' });
    await notified('c3', 't3', 'undelivered');
    expect((await h.db.doc('clients/c3').get()).get('phoneStatus')).toMatchObject({
      status: 'unknown_handset',
    });

    const answer = await inbound('+33600000005', "C'est bien mon numéro");
    expect(answer?.answer.body).toMatchObject({ phoneMarkCleared: true, ticketId: 't3' });
    expect((await h.db.doc('clients/c3').get()).get('phoneStatus')).toBeNull();

    await createTicket(h, 't3b', ticket({ clientId: 'c3' }));
    await h.queue.drain();
    const [next] = await historyOf(h.db, 't3b');
    expect(next).toMatchObject({ channel: 'sms', skipReason: null });
    expect(next?.metadata.twilioMessageId).toBeTruthy();
  });

  it.each([
    ['landline', 'sms', null],
    ['landline', 'whatsapp', 'landline'],
    ['unknown_handset', 'whatsapp', null],
    ['invalid', 'whatsapp', null],
  ] as const)('a %s mark and a message on %s → mark %s', async (status, channel, left) => {
    const e164 = '+33633334444';
    await seedWalkIn(h.db, 'c4', {
      phone: e164,
      phoneStatus: { e164, status, code: 21614, channel: 'sms' },
    });
    // The notification that found the number (recorded as skipped: the number is marked).
    await createTicket(h, 't4', ticket({ clientId: 'c4' }));
    await h.queue.drain();
    await inbound(channel === 'whatsapp' ? `whatsapp:${e164}` : e164, 'Bonjour');
    const mark = (await h.db.doc('clients/c4').get()).get('phoneStatus');
    expect(mark?.status ?? null).toBe(left);
  });

  it('a mark on another number of the customer stays', async () => {
    await seedWalkIn(h.db, 'c5', {
      phone: '+33655556666',
      phoneStatus: { e164: '+33600000999', status: 'invalid', code: 21211, channel: 'sms' },
    });
    await notified('c5', 't5');
    await inbound('+33655556666', 'Ok');
    expect((await h.db.doc('clients/c5').get()).get('phoneStatus')).toMatchObject({
      e164: '+33600000999',
    });
  });
});
