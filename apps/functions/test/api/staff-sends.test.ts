import type { ForwardedEvent } from '@omega/forwarding';
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { ingestEvent } from '../../src/ingest/handle-request.ts';
import { seedWalkIn } from '../support/fixtures.ts';
import { type ApiHarness, TOKENS, useApiHarness } from './support/api-harness.ts';

// Staff replies and test messages go through the same send path as every notification: the
// send gate (a STOP stops them), the same record (encoding, cost, statistics, contact count),
// and the same refusal handling (a Twilio opt-out withdraws consent and suppresses the number).

let h: ApiHarness;
useApiHarness({
  started: (started) => {
    h = started;
  },
});

const E164 = '+33612345678';
const outbound = () => h.sandbox.messages().filter((m) => m.direction === 'outbound-api');
const now = () => h.clock.now();

async function seedSmsConversation() {
  await seedCustomer();
  await h.db.doc(`conversations/${E164}`).set({
    e164: E164,
    channel: 'sms',
    customerId: null,
    clientId: 'c1',
    unread: 1,
    escalatedAt: Timestamp.fromDate(now()),
    lastInboundAt: Timestamp.fromDate(new Date(now().getTime() - 600_000)),
  });
}

/** The walk-in the tests write to (client `c1`). */
const seedCustomer = () => seedWalkIn(h.db, 'c1', { name: 'Jean Martin', phone: '06 12 34 56 78' });

/** The customer's STOP reaches our ingestion (the worker forwarded it). */
async function stopReachesUs() {
  await seedCustomer();
  const event: ForwardedEvent = {
    id: 'inbound:SM0000000000000000000000000000stop',
    type: 'inbound',
    receivedAt: now().toISOString(),
    params: {
      MessageSid: 'SM0000000000000000000000000000stop',
      From: E164,
      To: 'OMEGA',
      Body: 'STOP',
    },
  };
  expect((await ingestEvent(h.deps, event)).status).toBe(200);
  await h.queue.drain();
}

const reply = (body: string) =>
  h.json<{ error?: { code: string; message: string }; notificationId?: string }>(
    'POST',
    `/api/staff/conversations/${E164}/reply`,
    { body: { mode: 'free_text', body } },
  );

describe('staff sends pass the send gate', () => {
  it('a reply to a customer who replied STOP is not sent, and staff are told why', async () => {
    await seedSmsConversation();
    await stopReachesUs();
    const before = outbound().length; // the STOP's own confirmation
    const res = await reply('Votre téléphone est prêt.');
    expect(res.status).toBe(409);
    expect(res.body.error?.code).toBe('suppressed');
    expect(res.body.error?.message).toMatch(/START/);
    expect(outbound()).toHaveLength(before);
    const history = await h.db
      .collection('notification_history')
      .where('origin', '==', 'reply')
      .get();
    expect(history.docs.map((d) => d.data())).toEqual([
      expect.objectContaining({ status: 'skipped', skipReason: 'suppressed', actor: 'staff-1' }),
    ]);
  });

  it('a test message to a number that replied STOP is refused by the gate', async () => {
    await stopReachesUs();
    const before = outbound().length;
    const res = await h.json<{ ok: boolean; code?: string }>(
      'POST',
      '/api/staff/settings/test-message',
      { token: TOKENS.admin, body: { channel: 'sms', to: '06 12 34 56 78' } },
    );
    expect(res.body).toMatchObject({ ok: false, code: 'suppressed' });
    expect(outbound()).toHaveLength(before);
  });
});

describe('staff sends are recorded like pipeline sends', () => {
  it('a reply records its encoding, segments, cost, statistics and contact count', async () => {
    await seedSmsConversation();
    const res = await reply('Bonjour, votre téléphone est réparé.');
    expect(res.status).toBe(200);
    const doc = (await h.db.doc(`notification_history/${res.body.notificationId}`).get()).data();
    expect(doc).toMatchObject({
      origin: 'reply',
      status: 'queued',
      attempts: 1,
      pricePending: true,
      metadata: expect.objectContaining({ encoding: 'GSM-7', segments: 1 }),
    });
    expect(doc?.metadata.cost).toBeGreaterThan(0);
    const day = (await h.db.doc('stats_daily/2026-03-02').get()).data();
    expect(day).toMatchObject({ sms_sent: 1 });
    expect(day?.cost_eur_total).toBeCloseTo(doc?.metadata.cost, 6);
    const counts = (await h.db.doc(`contact_counts/${E164}`).get()).data();
    expect(counts).toEqual({ d_20260302: 1 });
  });

  it('a reply Twilio refuses with 21610 withdraws consent and suppresses the number', async () => {
    await seedSmsConversation();
    // The customer's STOP reached Twilio but not us (its webhook was lost).
    h.sandbox.simulateInbound({ from: E164, body: 'STOP' }).catch(() => undefined);
    await h.sandbox.waitFor(() =>
      h.sandbox.messages().some((m) => m.direction === 'inbound' && m.body === 'STOP'),
    );
    const res = await reply('Votre téléphone est prêt.');
    expect(res.status).toBe(502);
    expect(res.body.error?.message).toMatch(/21610/);
    const consent = await h.db.collection('consent_log').get();
    expect(consent.docs.map((d) => d.data())).toEqual([
      expect.objectContaining({
        channel: 'sms',
        granted: false,
        source: 'twilio-error',
        wordingVersion: 'twilio-21610',
        clientId: 'c1',
        e164: E164,
      }),
    ]);
    const suppression = (await h.db.doc(`suppressions/${E164}`).get()).data();
    expect(suppression).toMatchObject({ scope: 'sms', reason: 'twilio_opt_out', code: 21610 });
    expect((await h.db.doc('clients/c1').get()).get('consent.sms.granted')).toBe(false);
    // The next reply is stopped by our own gate: no second refused request to Twilio.
    const requests = h.sandbox.messages().length;
    expect((await reply('Encore ?')).body.error?.code).toBe('suppressed');
    expect(h.sandbox.messages()).toHaveLength(requests);
  });
});
