import type { ForwardedEvent } from '@omega/forwarding';
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { ingestEvent } from '../src/ingest/handle-request.ts';
import { recordFailure } from '../src/pipeline/send/record.ts';
import {
  addNotification,
  addTransition,
  historyRef,
  IllegalTransitionError,
} from '../src/store/history.ts';
import { seedWalkIn } from './support/fixtures.ts';
import { type PipelineHarness, startPipelineHarness } from './support/pipeline-harness.ts';
import { useHarness } from './support/use-harness.ts';

let h: PipelineHarness;
useHarness({
  start: () => startPipelineHarness(),
  started: (started) => {
    h = started;
  },
});

const E164 = '+33612345678';

async function seedDoc(id: string, status: 'planned' | 'skipped') {
  const batch = h.db.batch();
  addNotification(batch, h.db, id, {
    status,
    at: h.clock.now(),
    source: 'pipeline',
    fields: {
      origin: 'ticket',
      customerId: null,
      clientId: 'c1',
      ticketId: 't1',
      channel: 'sms',
      type: 'sms',
      kind: 'status_completed',
      priority: 'high',
      ticketStatus: 'completed',
      to: E164,
      priceZone: 'fr_metro',
    },
  });
  await batch.commit();
}

describe('store/history: every status change through core’s state machine', () => {
  it('refuses an illegal move with a typed error and writes nothing', async () => {
    await seedDoc('n1', 'skipped');
    const batch = h.db.batch();
    expect(() =>
      addTransition(batch, h.db, {
        notificationId: 'n1',
        from: 'skipped',
        to: 'planned',
        at: h.clock.now(),
        source: 'pipeline',
      }),
    ).toThrow(IllegalTransitionError);
    expect((await historyRef(h.db, 'n1').get()).get('status')).toBe('skipped');
  });

  it('a failure recorded after Twilio reported the message delivered leaves it delivered', async () => {
    // The attempt's answer was lost while Twilio had accepted the message; its callbacks were
    // ingested before the failing attempt recorded its error.
    await seedWalkIn(h.db, 'c1');
    await seedDoc('n2', 'planned');
    const callback: ForwardedEvent = {
      id: 'status:SM00000000000000000000000000000002:delivered',
      type: 'status',
      receivedAt: h.clock.now().toISOString(),
      notificationId: 'n2',
      params: { MessageSid: 'SM00000000000000000000000000000002', MessageStatus: 'delivered' },
    };
    expect((await ingestEvent(h.deps, callback)).body).toMatchObject({ summary: 'delivered' });
    const snap = await historyRef(h.db, 'n2').get();
    const outcome = await recordFailure(
      h.deps,
      {
        notificationId: 'n2',
        channel: 'sms',
        to: E164,
        priceZone: 'fr_metro',
        createdAt: h.clock.now(),
        notBefore: null,
        customerId: null,
        clientId: 'c1',
      },
      2,
      h.clock.now(),
      snap,
      { code: 20429, message: 'Too Many Requests', action: 'retry', httpStatus: 429 },
      undefined,
      true,
    );
    expect(outcome.outcome).toBe('duplicate');
    const doc = (await historyRef(h.db, 'n2').get()).data();
    expect(doc?.status).toBe('delivered');
    expect(doc?.errorCode ?? null).toBeNull();
    // Nothing counted as failed or retried.
    const day = (await h.db.doc('stats_daily/2026-03-02').get()).data() ?? {};
    expect(day.sms_retried ?? 0).toBe(0);
    expect(day.sms_failed ?? 0).toBe(0);
  });

  it('a callback after the message was closed keeps its timeline entry, not a new status', async () => {
    await seedDoc('n3', 'skipped');
    const answer = await ingestEvent(h.deps, {
      id: 'status:SM00000000000000000000000000000003:sent',
      type: 'status',
      receivedAt: h.clock.now().toISOString(),
      notificationId: 'n3',
      params: { MessageSid: 'SM00000000000000000000000000000003', MessageStatus: 'sent' },
    });
    expect(answer.status).toBe(200);
    const doc = (await historyRef(h.db, 'n3').get()).data();
    expect(doc?.status).toBe('skipped');
    expect(doc?.timeline.map((t: { status: string }) => t.status)).toEqual(['skipped', 'sent']);
  });
});

describe('consent/: one rule for every source', () => {
  let n = 0;
  async function keyword(body: string, channel: 'sms' | 'whatsapp' = 'sms') {
    n += 1;
    const sid = `SM${String(n).padStart(32, '0')}`;
    await ingestEvent(h.deps, {
      id: `inbound:${sid}`,
      type: 'inbound',
      receivedAt: h.clock.now().toISOString(),
      params: {
        MessageSid: sid,
        From: channel === 'whatsapp' ? `whatsapp:${E164}` : E164,
        To: channel === 'whatsapp' ? 'whatsapp:+33700000000' : 'OMEGA',
        Body: body,
      },
    });
  }

  it('START lifts only the channel it names: STOPALL then START by SMS keeps WhatsApp off', async () => {
    await seedWalkIn(h.db, 'c1');
    await h.db.doc(`notification_history/seen`).set({
      to: E164,
      clientId: 'c1',
      customerId: null,
      ticketId: null,
      sentAt: Timestamp.fromDate(h.clock.now()),
      createdAt: Timestamp.fromDate(h.clock.now()),
    });
    await keyword('STOPALL');
    expect((await h.db.doc(`suppressions/${E164}`).get()).get('scope')).toBe('all');
    await keyword('START');
    const suppression = (await h.db.doc(`suppressions/${E164}`).get()).data();
    expect(suppression).toMatchObject({ scope: 'whatsapp', reason: 'opt_out_keyword' });
    const log = await h.db.collection('consent_log').get();
    expect(log.docs.map((d) => [d.get('granted'), d.get('scope'), d.get('source')]).sort()).toEqual(
      [
        [false, 'all', 'keyword'],
        [true, 'channel', 'keyword'],
      ],
    );
    const day = (await h.db.doc('stats_daily/2026-03-02').get()).data();
    expect(day).toMatchObject({
      consent_sms_withdrawn: 1,
      consent_whatsapp_withdrawn: 1,
      consent_sms_granted: 1,
    });
  });
});

describe("a STOP replayed late (from the worker's dead-letter queue)", () => {
  it('is recorded at the time the worker received it, not at the replay', async () => {
    await seedWalkIn(h.db, 'c1');
    const received = new Date(h.clock.now().getTime() - 2 * 86_400_000);
    const event: ForwardedEvent = {
      id: 'inbound:SM00000000000000000000000000000099',
      type: 'inbound',
      receivedAt: received.toISOString(),
      params: {
        MessageSid: 'SM00000000000000000000000000000099',
        From: E164,
        To: 'OMEGA',
        Body: 'STOP',
      },
    };
    expect((await ingestEvent(h.deps, event)).status).toBe(200);
    const log = await h.db.collection('consent_log').where('e164', '==', E164).get();
    expect(log.docs.map((d) => d.get('at').toDate().toISOString())).toEqual([
      received.toISOString(),
    ]);
  });
});

describe('inbound ownership', () => {
  it('a number with more than 20 messages belongs to the customer of the newest one', async () => {
    const batch = h.db.batch();
    // 25 older notifications for another client, then the newest for c1 (its id sorts last).
    for (let i = 0; i < 25; i += 1) {
      batch.set(h.db.doc(`notification_history/a${String(i).padStart(2, '0')}`), {
        to: E164,
        clientId: 'old',
        customerId: null,
        ticketId: 'old-ticket',
        createdAt: Timestamp.fromDate(new Date(Date.UTC(2026, 0, 1, 9, i))),
      });
    }
    batch.set(h.db.doc('notification_history/zz-newest'), {
      to: E164,
      clientId: 'c1',
      customerId: null,
      ticketId: 't1',
      createdAt: Timestamp.fromDate(new Date('2026-03-01T09:00:00Z')),
    });
    await batch.commit();
    await seedWalkIn(h.db, 'c1');
    const answer = await ingestEvent(h.deps, {
      id: 'inbound:SM000000000000000000000000000owner',
      type: 'inbound',
      receivedAt: h.clock.now().toISOString(),
      params: {
        MessageSid: 'SM000000000000000000000000000owner',
        From: E164,
        To: 'OMEGA',
        Body: 'STOP',
      },
    });
    expect(answer.body).toMatchObject({ outcome: 'stored', clientId: 'c1', ticketId: 't1' });
    const log = await h.db.collection('consent_log').get();
    expect(log.docs.map((d) => d.get('clientId'))).toEqual(['c1']);
  });
});
