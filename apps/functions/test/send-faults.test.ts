import { afterEach, describe, expect, it } from 'vitest';
import type { FaultPoint } from '../src/pipeline/deps.ts';
import { seedRegistered, seedSettings, seedWalkIn, ticket } from './support/fixtures.ts';
import { byChannel, historyOf } from './support/history.ts';
import { type PipelineHarness, startPipelineHarness } from './support/pipeline-harness.ts';
import { createTicket } from './support/triggers.ts';
import { useHarness } from './support/use-harness.ts';

// A claim always ends: a send task that dies between its claim and the provider's answer
// releases the claim (the queue's retry sends once); one that dies after the provider accepted
// leaves the provider's id on the claim (the retry records it and sends nothing).

let h: PipelineHarness;
useHarness({
  start: () => startPipelineHarness(),
  started: (started) => {
    h = started;
  },
});
afterEach(() => {
  h.deps.faults = undefined;
});

const outbound = () => h.sandbox.messages().filter((m) => m.direction === 'outbound-api');

/** Throws once at `point` (an instance killed there), then lets every run through. */
function dieOnceAt(point: FaultPoint) {
  const hits: string[] = [];
  h.deps.faults = {
    hit(at, notificationId) {
      if (at !== point || hits.length > 0) return;
      hits.push(notificationId);
      throw new Error(`fault injected at ${point}`);
    },
  };
  return hits;
}

async function walkInSms() {
  await seedWalkIn(h.db, 'c1');
  await createTicket(h, 't1', ticket({ clientId: 'c1' }));
  await h.queue.drain();
  return byChannel(await historyOf(h.db, 't1')).sms;
}

describe('a send task that dies at a step boundary', () => {
  it.each(['after_claim', 'before_provider_call'] as const)(
    'dies %s: the claim is released and the retry sends once',
    async (point) => {
      const hits = dieOnceAt(point);
      const sms = await walkInSms();
      expect(hits).toHaveLength(1);
      expect(outbound()).toHaveLength(1);
      expect(sms).toMatchObject({ status: 'queued', attempts: 1 });
      const failedRuns = h.queue.runs.filter((r) => !r.ok);
      expect(failedRuns).toHaveLength(1);
    },
  );

  it('dies after Twilio accepted: the retry records the same message, never a second one', async () => {
    const hits = dieOnceAt('after_provider_call');
    const sms = await walkInSms();
    expect(hits).toHaveLength(1);
    const sent = outbound();
    expect(sent).toHaveLength(1);
    expect(sms).toMatchObject({ status: 'queued', attempts: 1 });
    expect(sms?.metadata?.twilioMessageId).toBe(sent[0]?.sid);
    const claim = (await h.db.doc(`send_claims/${sms?.id}~1`).get()).data();
    expect(claim).toMatchObject({ providerId: sent[0]?.sid });
    const day = (await h.db.doc('stats_daily/2026-03-02').get()).data();
    expect(day?.sms_sent).toBe(1);
  });

  it('dies after recording: nothing is sent or counted twice', async () => {
    const hits = dieOnceAt('after_record');
    const sms = await walkInSms();
    expect(hits).toHaveLength(1);
    expect(outbound()).toHaveLength(1);
    expect(sms?.status).toBe('queued');
    expect((await h.db.doc('stats_daily/2026-03-02').get()).get('sms_sent')).toBe(1);
  });
});

describe('a send-time failure whose run dies before its follow-up', () => {
  it('is followed up by the retry: the SMS that takes over is planned and sent once', async () => {
    const hits = dieOnceAt('after_record');
    await seedRegistered(
      h.db,
      { clientId: 'c9', customerId: 'u9' },
      {
        email: null,
        whatsappLastInboundAt: null,
        notificationPreferences: {
          emailEnabled: false,
          smsEnabled: true,
          whatsappEnabled: true,
          pushEnabled: false,
        },
      },
    );
    await createTicket(h, 't9', ticket({ clientId: 'c9', customerId: 'u9' }));
    await h.queue.drain();
    expect(hits).toHaveLength(1);
    const docs = byChannel(await historyOf(h.db, 't9'));
    expect(docs.whatsapp).toMatchObject({ status: 'failed', errorCode: 'no_approved_template' });
    expect(docs.sms).toMatchObject({ status: 'queued', fallbackOf: docs.whatsapp?.id });
    expect(outbound()).toHaveLength(1);
  });
});

describe('settings that name no sender', () => {
  it('record channel_not_configured instead of throwing until the queue gives up', async () => {
    await seedSettings(h.db, { twilio: {} });
    const sms = await walkInSms();
    expect(sms).toMatchObject({ status: 'failed', errorCode: 'channel_not_configured' });
    expect(outbound()).toHaveLength(0);
    expect(h.queue.runs.every((r) => r.ok)).toBe(true);
  });
});

describe('stored settings that would stop every plan', () => {
  it('a send window merged into nonsense falls back to the default window, and the ticket is notified', async () => {
    // Written past the API (an old dashboard, a hand edit): start 21:00 over the default end.
    await seedSettings(h.db, { sendWindow: { startHour: 21 } });
    const sms = await walkInSms();
    expect(sms?.status).toBe('queued');
    expect(outbound()).toHaveLength(1);
  });
});

describe('fail closed on a document that does not parse', () => {
  it('a registered customer whose profile no longer parses gets nothing, with a reason and an alert', async () => {
    // The profile refused SMS; read as a walk-in, the service basis would send one.
    await seedRegistered(
      h.db,
      { clientId: 'c2', customerId: 'u2' },
      {
        email: null,
        pushTokens: null,
        notificationPreferences: { smsEnabled: false, emailEnabled: false, whatsappEnabled: false },
      },
      { phone: '06 12 34 56 78' },
    );
    await createTicket(h, 't2', ticket({ clientId: 'c2', customerId: 'u2' }));
    await h.queue.drain();
    expect(outbound()).toHaveLength(0);
    const docs = await historyOf(h.db, 't2');
    expect(docs.map((d) => d.channel).sort()).toEqual(['email', 'push', 'sms', 'whatsapp']);
    for (const doc of docs) {
      expect(doc).toMatchObject({ status: 'skipped', skipReason: 'invalid_data' });
      expect(doc.reasonText).toContain('customer_profiles/u2');
      expect(doc.reasonText).toContain('pushTokens');
    }
    const alert = (await h.db.doc('alerts/invalid_data_customer_profiles_u2').get()).data();
    expect(alert).toMatchObject({ kind: 'invalid_data', document: 'customer_profiles/u2' });
  });

  it('a profile that breaks between planning and sending stops the send', async () => {
    await seedRegistered(h.db, { clientId: 'c3', customerId: 'u3' }, { email: null });
    h.queue.pause();
    await createTicket(h, 't3', ticket({ clientId: 'c3', customerId: 'u3' }));
    const planned = (await historyOf(h.db, 't3')).filter((d) => d.status === 'planned');
    expect(planned.length).toBeGreaterThan(0);
    await h.db.doc('customer_profiles/u3').update({ locale: 'de' });
    h.queue.resume();
    await h.queue.drain();
    expect(outbound()).toHaveLength(0);
    for (const doc of planned) {
      const now = (await h.db.doc(`notification_history/${doc.id}`).get()).data();
      expect(now).toMatchObject({ status: 'skipped', skipReason: 'invalid_data' });
    }
  });
});
