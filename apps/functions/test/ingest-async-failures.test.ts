import { classifyTwilioError } from '@omega/core';
import { type ForwardedEvent, signForwardedBody } from '@omega/forwarding';
import { describe, expect, it } from 'vitest';
import { syncWhatsAppTemplates } from '../src/content/sync-templates.ts';
import { handleIngestRequest } from '../src/ingest/handle-request.ts';
import { asyncRetryId, planAsyncRetry } from '../src/pipeline/plan/async-retry.ts';
import { templateRetryId } from '../src/pipeline/plan/fallback.ts';
import { INGEST_SECRET } from './support/edge-relay.ts';
import { seedWalkIn, ticket } from './support/fixtures.ts';
import { type HistoryDoc, historyOf } from './support/history.ts';
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
const ingested = (sid: string | null | undefined, status: string) =>
  ingestedStatus(relay, sid, status);

/** Ingests a forwarded event again, signed like the worker's consumer does. */
async function redeliver(event: ForwardedEvent) {
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

function eventOf(sid: string | null | undefined, status: string): ForwardedEvent {
  const found = relay.answers.find((a) => a.event.id === `status:${sid}:${status}`);
  if (!found) throw new Error(`no ${status} callback for ${sid}`);
  return found.event;
}

const sorted = (docs: HistoryDoc[]) => [...docs].sort((a, b) => a.id.localeCompare(b.id));
const outbound = () => h.sandbox.messages().filter((m) => m.direction === 'outbound-api');

function twilio() {
  if (!h.deps.twilio) throw new Error('the harness always has a Twilio client');
  return h.deps.twilio;
}

/** A walk-in who consented to WhatsApp and wrote to us an hour ago (we believe the window open). */
async function seedWhatsAppWalkIn(id: string, phone: string) {
  await seedWalkIn(h.db, id, {
    phone,
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
}

/** Creates the ticket, sends its WhatsApp message (free text) and waits for Twilio's 63016. */
async function whatsappRefused63016(clientId: string, ticketId: string) {
  await seedWhatsAppWalkIn(clientId, '+33600000016');
  await createTicket(h, ticketId, ticket({ clientId }));
  await h.queue.drain();
  const [wa] = await historyOf(h.db, ticketId);
  expect(wa).toMatchObject({ channel: 'whatsapp', metadata: { whatsappMode: 'free_text' } });
  await until(() => ingested(wa?.metadata.twilioMessageId, 'failed'));
  await h.queue.drain();
  return wa as HistoryDoc;
}

describe('WhatsApp 63016 (free text outside the window)', () => {
  it('is sent again once as the approved template of the same kind, not as SMS', async () => {
    await syncWhatsAppTemplates(h.db, twilio(), { now: h.clock.now() });
    await syncWhatsAppTemplates(h.db, twilio(), { now: h.clock.now() });
    const wa = await whatsappRefused63016('c1', 't1');
    const retryId = templateRetryId(wa.id);
    await until(
      async () =>
        (await h.db.doc(`notification_history/${retryId}`).get()).get('status') === 'read',
    );

    const docs = sorted(await historyOf(h.db, 't1'));
    expect(docs.map((d) => [d.id, d.channel, d.status, d.errorCode])).toEqual([
      [wa.id, 'whatsapp', 'failed', 63016],
      [retryId, 'whatsapp', 'read', null],
    ]);
    const retry = docs[1] as HistoryDoc & { fallbackOf: string; templateOnly: boolean };
    expect(retry).toMatchObject({ fallbackOf: wa.id, templateOnly: true, attempts: 1 });
    expect(retry.metadata.whatsappMode).toBe('template');
    expect(retry.metadata.contentSid).toMatch(/^HX[0-9a-f]{32}$/);
    const sent = outbound();
    expect(sent.map((m) => m.to)).toEqual(['whatsapp:+33600000016', 'whatsapp:+33600000016']);
    expect(sent.filter((m) => m.content_sid === retry.metadata.contentSid)).toHaveLength(1);

    // Twilio retries the 63016 callback: neither a second template nor an SMS.
    const again = await redeliver(eventOf(wa.metadata.twilioMessageId, 'failed'));
    expect(again.body).toMatchObject({ outcome: 'duplicate' });
    await h.queue.drain();
    expect(await historyOf(h.db, 't1')).toHaveLength(2);
    expect(outbound()).toHaveLength(2);
  });

  it('falls back to SMS when the template is not approved', async () => {
    const wa = await whatsappRefused63016('c2', 't2');
    await until(async () =>
      (await historyOf(h.db, 't2')).some((d) => d.channel === 'sms' && d.status === 'delivered'),
    );

    const docs = await historyOf(h.db, 't2');
    expect(docs.map((d) => d.channel).sort()).toEqual(['sms', 'whatsapp']);
    expect(docs.find((d) => d.channel === 'sms')).toMatchObject({
      basis: 'service',
      fallbackOf: wa.id,
    });
    expect((await h.db.doc(`notification_history/${templateRetryId(wa.id)}`).get()).exists).toBe(
      false,
    );
  });

  it('a template that is refused too falls back to SMS, once', async () => {
    await syncWhatsAppTemplates(h.db, twilio(), { now: h.clock.now() });
    await syncWhatsAppTemplates(h.db, twilio(), { now: h.clock.now() });
    const wa = await whatsappRefused63016('c3', 't3');
    const retryId = templateRetryId(wa.id);
    await until(async () => {
      const snap = await h.db.doc(`notification_history/${retryId}`).get();
      return typeof snap.get('metadata.twilioMessageId') === 'string';
    });
    const retrySid = String(
      (await h.db.doc(`notification_history/${retryId}`).get()).get('metadata.twilioMessageId'),
    );
    // The template's own 63016 (the sandbox delivers templates: the callback is forged here).
    const refused = (n: number): ForwardedEvent => ({
      id: `status:${retrySid}:failed:${n}`,
      type: 'status',
      receivedAt: h.clock.now().toISOString(),
      notificationId: retryId,
      params: {
        MessageSid: retrySid,
        MessageStatus: 'failed',
        ErrorCode: '63016',
        To: 'whatsapp:+33600000016',
      },
    });
    const first = await redeliver(refused(1));
    expect(first.body).toMatchObject({ outcome: 'recorded', fallback: expect.any(String) });
    expect(await redeliver(refused(2))).toMatchObject({ body: { outcome: 'duplicate' } });
    await h.queue.drain();
    await until(async () =>
      (await historyOf(h.db, 't3')).some((d) => d.channel === 'sms' && d.status === 'delivered'),
    );
    const docs = await historyOf(h.db, 't3');
    expect(docs.map((d) => d.channel).sort()).toEqual(['sms', 'whatsapp', 'whatsapp']);
    expect(docs.find((d) => d.channel === 'sms')).toMatchObject({ fallbackOf: retryId });
    expect(outbound().filter((m) => m.to === '+33600000016')).toHaveLength(1);
  });
});

describe('transient asynchronous failures (30003 handset unreachable)', () => {
  const doc = async (id: string) => (await h.db.doc(`notification_history/${id}`).get()).data();

  /** Moves the clock to the resend's time, runs it and waits for its final callback. */
  async function runResend(id: string) {
    const notBefore = (await doc(id))?.notBefore?.toDate() as Date;
    h.clock.set(notBefore);
    expect(h.queue.runDue()).toBe(1);
    await h.queue.drain();
    const sid = (await doc(id))?.metadata.twilioMessageId;
    await until(() => ingested(sid, 'undelivered'));
    return notBefore;
  }

  it('are sent again later through the task queue, capped by core, each resend once', async () => {
    await seedWalkIn(h.db, 'c4', { phone: '+33600000003' });
    await createTicket(h, 't4', ticket({ clientId: 'c4' }));
    await h.queue.drain();
    const [first] = await historyOf(h.db, 't4');
    const root = first?.id ?? '';
    await until(() => ingested(first?.metadata.twilioMessageId, 'undelivered'));
    const r2 = asyncRetryId(root, 2);
    const r3 = asyncRetryId(root, 3);

    // Scheduled on the queue for 15 min later (core's minimum for 30003), not yet sent.
    expect(await doc(root)).toMatchObject({
      status: 'undelivered',
      errorCode: 30003,
      retriedBy: r2,
    });
    expect(await doc(r2)).toMatchObject({
      status: 'planned',
      channel: 'sms',
      to: '+33600000003',
      retryOf: root,
      retryRoot: root,
      sendAttempt: 2,
      attempts: 0,
      errorCode: null,
      metadata: { twilioMessageId: null },
    });
    const pending = h.queue.pending();
    expect(pending.map((p) => [p.id, p.dueAt.toISOString()])).toEqual([
      [r2, '2026-03-02T09:15:00.000Z'],
    ]);
    // Twilio redelivers the callback: no second resend.
    const again = await redeliver(eventOf(first?.metadata.twilioMessageId, 'undelivered'));
    expect(again.body).toMatchObject({ outcome: 'duplicate' });
    // An ingestion retried after the event was stored plans the same resend, counted once.
    const snap = await h.db.doc(`notification_history/${root}`).get();
    const classified = classifyTwilioError({ code: 30003, channel: 'sms' });
    expect(
      await planAsyncRetry(h.deps, { notificationId: root, snap, channel: 'sms' }, classified),
    ).toBe(r2);
    expect(h.queue.pending()).toHaveLength(1);
    expect((await h.db.doc('stats_daily/2026-03-02').get()).get('sms_retried')).toBe(1);

    expect((await runResend(r2)).toISOString()).toBe('2026-03-02T09:15:00.000Z');
    expect(await doc(r2)).toMatchObject({ status: 'undelivered', attempts: 1, retriedBy: r3 });
    expect(await doc(r3)).toMatchObject({ retryOf: r2, retryRoot: root, sendAttempt: 3 });
    await runResend(r3);

    // Three sends in all (core: 3 attempts for 30003), then only recorded.
    const docs = await historyOf(h.db, 't4');
    expect(docs.map((d) => [d.id, d.status, d.errorCode]).sort()).toEqual(
      [
        [root, 'undelivered', 30003],
        [r2, 'undelivered', 30003],
        [r3, 'undelivered', 30003],
      ].sort(),
    );
    expect((await doc(r3))?.retriedBy).toBeUndefined();
    expect(h.queue.pending()).toHaveLength(0);
    expect(outbound().filter((m) => m.to === '+33600000003')).toHaveLength(3);
    const stats = (await h.db.doc('stats_daily/2026-03-02').get()).data();
    expect(stats).toMatchObject({ sms_retried: 2, sms_undelivered: 3, sms_error_30003: 3 });
  });

  it('a resend that would fall after the send window waits for its next opening', async () => {
    h.clock.set('2026-03-02T18:50:00.000Z'); // Monday 19:50 in Paris; the window ends at 20:00
    await seedWalkIn(h.db, 'c5', { phone: '+33600000003' });
    await createTicket(h, 't5', ticket({ clientId: 'c5' }));
    await h.queue.drain();
    const [first] = await historyOf(h.db, 't5');
    await until(() => ingested(first?.metadata.twilioMessageId, 'undelivered'));
    const resend = await doc(asyncRetryId(first?.id ?? '', 2));
    // Tuesday 08:00 in Paris.
    expect(resend?.notBefore.toDate().toISOString()).toBe('2026-03-03T07:00:00.000Z');
  });

  it('a resend is checked again at dispatch: a STOP in between skips it', async () => {
    await seedWalkIn(h.db, 'c6', { phone: '+33600000003' });
    await createTicket(h, 't6', ticket({ clientId: 'c6' }));
    await h.queue.drain();
    const [first] = await historyOf(h.db, 't6');
    await until(() => ingested(first?.metadata.twilioMessageId, 'undelivered'));
    await h.db
      .doc('suppressions/+33600000003')
      .set({ e164: '+33600000003', scope: 'sms', reason: 'opt_out_keyword', source: 'keyword' });
    h.clock.advance(15 * 60_000);
    h.queue.runDue();
    await h.queue.drain();
    expect(await doc(asyncRetryId(first?.id ?? '', 2))).toMatchObject({
      status: 'skipped',
      skipReason: 'suppressed',
    });
    expect(outbound()).toHaveLength(1);
  });

  it.each([
    ['+33600000005', 30005],
    ['+33600000007', 30007],
  ])('%s (%i) is not transient: recorded, never resent', async (phone, code) => {
    await seedWalkIn(h.db, 'c7', { phone });
    await createTicket(h, 't7', ticket({ clientId: 'c7' }));
    await h.queue.drain();
    const [first] = await historyOf(h.db, 't7');
    await until(() => ingested(first?.metadata.twilioMessageId, 'undelivered'));
    expect(await doc(first?.id ?? '')).toMatchObject({ errorCode: code });
    expect(await historyOf(h.db, 't7')).toHaveLength(1);
    expect(h.queue.pending()).toHaveLength(0);
  });
});

describe('an opt-out reported by Twilio (21610 in a status callback)', () => {
  /** A forged failed callback for a sent message (a Messaging Service reports 21610 late). */
  const optedOut = (sid: string, notificationId: string, n = 1): ForwardedEvent => ({
    id: `status:${sid}:failed:${n}`,
    type: 'status',
    receivedAt: h.clock.now().toISOString(),
    notificationId,
    params: { MessageSid: sid, MessageStatus: 'failed', ErrorCode: '21610', To: '+33612345678' },
  });
  const consentLog = async () =>
    (await h.db.collection('consent_log').where('e164', '==', '+33612345678').get()).docs.map((d) =>
      d.data(),
    );

  async function sentSms(clientId: string, ticketId: string) {
    await createTicket(h, ticketId, ticket({ clientId }));
    await h.queue.drain();
    const [sms] = await historyOf(h.db, ticketId);
    await until(() => ingested(sms?.metadata.twilioMessageId, 'delivered'));
    return { id: sms?.id ?? '', sid: sms?.metadata.twilioMessageId ?? '' };
  }

  it('is recorded once when nothing was on record, and not again by a later refusal', async () => {
    await seedWalkIn(h.db, 'c8');
    const first = await sentSms('c8', 't8');
    const second = await sentSms('c8', 't8b');
    expect(await redeliver(optedOut(first.sid, first.id))).toMatchObject({
      body: { outcome: 'recorded' },
    });
    expect(await consentLog()).toMatchObject([
      { channel: 'sms', granted: false, source: 'twilio-error', wordingVersion: 'twilio-21610' },
    ]);
    expect((await h.db.doc('suppressions/+33612345678').get()).data()).toMatchObject({
      scope: 'sms',
      reason: 'twilio_opt_out',
    });
    // Another message's refusal for the same number and channel: the same decision.
    expect(await redeliver(optedOut(second.sid, second.id))).toMatchObject({
      body: { outcome: 'recorded' },
    });
    expect(await consentLog()).toHaveLength(1);
  });

  it('after a STOP keyword already recorded, a 21610 adds no second withdrawal', async () => {
    await seedWalkIn(h.db, 'c9');
    const sms = await sentSms('c9', 't9');
    const stop = await h.sandbox.simulateInbound({
      from: '+33612345678',
      body: 'STOP',
      url: `${relay.url}/twilio/inbound`,
    });
    expect(stop.ok).toBe(true);
    await until(() => relay.answers.some((a) => a.event.type === 'inbound'));
    await h.queue.drain();
    await redeliver(optedOut(sms.sid, sms.id));
    expect(await consentLog()).toMatchObject([{ source: 'keyword', granted: false }]);
  });

  it('a 21610 on WhatsApp after an SMS STOP widens the suppression to both channels', async () => {
    await seedWhatsAppWalkIn('c10', '+33612345678');
    await h.db
      .doc('suppressions/+33612345678')
      .set({ e164: '+33612345678', scope: 'sms', reason: 'opt_out_keyword' });
    await createTicket(h, 't10', ticket({ clientId: 'c10' }));
    await h.queue.drain();
    const [wa] = await historyOf(h.db, 't10');
    expect(wa?.channel).toBe('whatsapp');
    // The sandbox refuses this free text (63016: it saw no inbound); wait for that first.
    await until(() => ingested(wa?.metadata.twilioMessageId, 'failed'));
    await h.queue.drain();
    const sid = `SM${'1'.repeat(32)}`;
    await redeliver({
      ...optedOut(sid, wa?.id ?? ''),
      params: {
        MessageSid: sid,
        MessageStatus: 'failed',
        ErrorCode: '21610',
        To: 'whatsapp:+33612345678',
      },
    });
    expect((await h.db.doc('suppressions/+33612345678').get()).get('scope')).toBe('all');
    expect(await consentLog()).toMatchObject([{ channel: 'whatsapp', source: 'twilio-error' }]);
  });
});
