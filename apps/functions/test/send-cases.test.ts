import { isInRollout } from '@omega/core';
import { describe, expect, it } from 'vitest';
import { lazyTwilioClient } from '../src/adapters/twilio-client/index.ts';
import { twilioSmsSender } from '../src/adapters/twilio-sms/index.ts';
import { syncWhatsAppTemplates } from '../src/content/sync-templates.ts';
import { notifyTicket } from '../src/pipeline/plan/notify-ticket.ts';
import { dispatchSend } from '../src/pipeline/send/dispatch.ts';
import { seedRegistered, seedSettings, seedWalkIn, ticket } from './support/fixtures.ts';
import { byChannel, historyOf } from './support/history.ts';
import { type PipelineHarness, startPipelineHarness } from './support/pipeline-harness.ts';
import { createTicket, updateTicket } from './support/triggers.ts';
import { startTwilioErrorServer } from './support/twilio-error-server.ts';
import { useHarness } from './support/use-harness.ts';

let h: PipelineHarness;
useHarness({
  start: () => startPipelineHarness(),
  started: (started) => {
    h = started;
  },
});

function twilio() {
  if (!h.deps.twilio) throw new Error('the harness always has a Twilio client');
  return h.deps.twilio;
}

const outbound = () => h.sandbox.messages().filter((m) => m.direction === 'outbound-api');
const docsOf = (ticketId: string) => historyOf(h.db, ticketId);

describe('channels chosen by the cascade', () => {
  it('reaches a phone-only customer by WhatsApp and not by SMS', async () => {
    await seedRegistered(
      h.db,
      { clientId: 'c3', customerId: 'u3' },
      { email: null, whatsappLastInboundAt: new Date('2026-03-02T07:00:00Z') },
    );
    await createTicket(h, 't3', ticket({ clientId: 'c3', customerId: 'u3' }));
    await h.queue.drain();

    const messages = outbound();
    expect(messages).toHaveLength(1);
    expect(messages[0]?.to).toBe('whatsapp:+33698765432');
    const docs = await docsOf('t3');
    expect(docs.map((d) => d.channel)).toEqual(['whatsapp']);
    expect(docs[0]?.planSkips).toMatchObject({ email: 'no_email', sms: 'no_consent' });
    expect(h.smtp.messages).toHaveLength(0);
  });

  it('sends nothing without consent and records each channel with its reason', async () => {
    await seedRegistered(
      h.db,
      { clientId: 'c4', customerId: 'u4' },
      {
        notificationPreferences: {
          emailEnabled: false,
          smsEnabled: false,
          whatsappEnabled: false,
          pushEnabled: false,
        },
      },
    );
    await createTicket(h, 't4', ticket({ clientId: 'c4', customerId: 'u4' }));
    await h.queue.drain();

    expect(outbound()).toHaveLength(0);
    expect(h.smtp.messages).toHaveLength(0);
    const docs = byChannel(await docsOf('t4'));
    for (const channel of ['email', 'sms', 'whatsapp', 'push']) {
      expect(docs[channel]?.status).toBe('skipped');
      expect(docs[channel]?.skipReason).toBe('no_consent');
      expect(docs[channel]?.reasonText).toMatch(/accord/);
    }
    const stats = (await h.db.doc('stats_daily/2026-03-02').get()).data();
    expect(stats).toMatchObject({ sms_skipped: 1, sms_skip_no_consent: 1 });
  });

  it('sends a push through the catcher and removes the token FCM would reject', async () => {
    await seedRegistered(
      h.db,
      { clientId: 'c5', customerId: 'u5' },
      { pushTokens: ['tok-1', 'invalid-old'] },
    );
    await createTicket(h, 't5', ticket({ clientId: 'c5', customerId: 'u5' }));
    await h.queue.drain();

    const push = byChannel(await docsOf('t5')).push;
    expect(push?.status).toBe('sent');
    const caught = (await h.db.doc(`push_outbox/${push?.id}`).get()).data();
    expect(caught?.tokens).toEqual(['tok-1']);
    expect(caught?.title).toBeTruthy();
    expect((await h.db.doc('customer_profiles/u5').get()).get('pushTokens')).toEqual(['tok-1']);
  });
});

describe('suppression and opt-out', () => {
  it('never texts a number on the suppression list, even a walk-in', async () => {
    await seedWalkIn(h.db, 'c6');
    await h.db
      .doc('suppressions/+33612345678')
      .set({ e164: '+33612345678', scope: 'all', reason: 'opt_out_keyword' });
    await createTicket(h, 't6', ticket({ clientId: 'c6' }));
    await h.queue.drain();

    expect(outbound()).toHaveLength(0);
    expect(byChannel(await docsOf('t6')).sms?.skipReason).toBe('suppressed');
  });

  it('a 21610 opt-out error withdraws consent, suppresses the number and stops later sends', async () => {
    await seedWalkIn(h.db, 'c7', { phone: '+33 6 00 00 06 10' });
    await createTicket(h, 't7', ticket({ clientId: 'c7' }));
    await h.queue.drain();

    const sms = byChannel(await docsOf('t7')).sms;
    expect(sms?.status).toBe('failed');
    expect(sms?.errorCode).toBe(21610);
    expect(sms?.errors).toMatchObject([{ code: 21610, action: 'opt_out', attempt: 1 }]);
    const suppression = (await h.db.doc('suppressions/+33600000610').get()).data();
    expect(suppression).toMatchObject({ scope: 'sms', reason: 'twilio_opt_out', code: 21610 });
    const log = await h.db.collection('consent_log').where('e164', '==', '+33600000610').get();
    expect(log.docs.map((d) => d.data())).toMatchObject([
      { channel: 'sms', granted: false, source: 'twilio-error', clientId: 'c7' },
    ]);

    await createTicket(h, 't7b', ticket({ clientId: 'c7' }));
    await h.queue.drain();
    expect(byChannel(await docsOf('t7b')).sms?.skipReason).toBe('suppressed');
    expect(outbound()).toHaveLength(0);
  });
});

describe('synchronous Twilio errors on the number', () => {
  it.each([
    [21211, 'invalid', "The 'To' number is not a valid phone number."],
    [21614, 'landline', "'To' number is not a valid mobile number"],
  ])('%i marks the number %s on the client and never retries it', async (code, status, message) => {
    const stub = await startTwilioErrorServer(code, message);
    const original = h.deps.senders.sms;
    h.deps.senders.sms = twilioSmsSender(
      lazyTwilioClient({
        accountSid: h.sandbox.accountSid,
        authToken: 'stub-token-0123456789',
        origin: stub.url,
      }),
    );
    try {
      await seedWalkIn(h.db, 'c8');
      await createTicket(h, 't8', ticket({ clientId: 'c8' }));
      await h.queue.drain();
      expect(stub.requests).toHaveLength(1);

      const sms = byChannel(await docsOf('t8')).sms;
      expect(sms?.status).toBe('failed');
      expect(sms?.errorCode).toBe(code);
      const client = (await h.db.doc('clients/c8').get()).data();
      expect(client?.phoneStatus).toMatchObject({ e164: '+33612345678', status, code });

      await createTicket(h, 't8b', ticket({ clientId: 'c8' }));
      await h.queue.drain();
      expect(byChannel(await docsOf('t8b')).sms?.skipReason).toBe('phone_marked_invalid');
      expect(stub.requests).toHaveLength(1);
    } finally {
      h.deps.senders.sms = original;
      await stub.stop();
    }
  });
});

describe('retries and exactly-once', () => {
  it('retries a 429 and a 500 at the times core gives, then sends once', async () => {
    h.sandbox.faults.next('429', '500');
    await seedWalkIn(h.db, 'c9');
    await createTicket(h, 't9', ticket({ clientId: 'c9' }));
    const moved = await h.fastForward();

    expect(outbound()).toHaveLength(1);
    const sms = byChannel(await docsOf('t9')).sms;
    expect(sms?.status).toBe('queued');
    expect(sms?.attempts).toBe(3);
    expect(sms?.errors.map((e) => e.httpStatus)).toEqual([429, 500]);
    // Each refusal is recorded and the next attempt queued for its time (no queue retry).
    expect(h.queue.runs.map((r) => [r.id.replace(/^.*-/, ''), r.ok])).toEqual([
      [expect.any(String), true],
      ['a2', true],
      ['a3', true],
    ]);
    // random 0.5: the 429 waits max(1 s Retry-After default, 15 s backoff); the 500, 30 s.
    expect(moved).toBe(15_000 + 30_000);
    expect(h.outcomes.map((o) => o.outcome)).toEqual(['retrying', 'retrying', 'sent']);
    expect((await h.db.doc('stats_daily/2026-03-02').get()).data()).toMatchObject({
      sms_retried: 2,
      sms_sent: 1,
    });
  });

  it('a redelivered trigger changes nothing and sends once', async () => {
    await seedWalkIn(h.db, 'c10');
    const { redeliver } = await createTicket(h, 't10', ticket({ clientId: 'c10' }));
    await h.queue.drain();
    await redeliver();
    await redeliver();
    await h.queue.drain();

    expect(outbound()).toHaveLength(1);
    const docs = await docsOf('t10');
    expect(docs).toHaveLength(1);
    expect(docs[0]?.attempts).toBe(1);
  });

  it('20 parallel dispatches of one notification send exactly one message', async () => {
    await seedWalkIn(h.db, 'c11');
    h.queue.pause();
    await createTicket(h, 't11', ticket({ clientId: 'c11' }));
    const [doc] = await docsOf('t11');
    const id = doc?.id as string;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        dispatchSend(h.deps, { notificationId: id }, { retryCount: 0, id: `p${i}` }),
      ),
    );
    h.queue.resume();
    await h.queue.drain();

    expect(results.filter((r) => r.outcome === 'sent')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(19);
    expect(outbound()).toHaveLength(1);
    expect(h.outcomes).toMatchObject([{ outcome: 'duplicate' }]);
  });

  it('skips a status update superseded before its dispatch', async () => {
    await seedRegistered(
      h.db,
      { clientId: 'c12', customerId: 'u12' },
      { whatsappLastInboundAt: new Date('2026-03-02T08:30:00Z') },
    );
    await createTicket(h, 't12', ticket({ clientId: 'c12', customerId: 'u12' }));
    await h.queue.drain();
    h.smtp.clear();
    h.queue.pause();
    await updateTicket(h, 't12', { status: 'diagnosing' });
    await updateTicket(h, 't12', { status: 'in_repair' });
    h.queue.resume();
    await h.queue.drain();

    const docs = await docsOf('t12');
    const diagnosing = docs.filter((d) => d.kind === 'status_diagnosing');
    expect(diagnosing.map((d) => [d.channel, d.status, d.skipReason]).sort()).toEqual([
      ['email', 'skipped', 'superseded'],
      ['whatsapp', 'skipped', 'superseded'],
    ]);
    const inRepair = docs.filter((d) => d.kind === 'status_in_repair');
    expect(inRepair.map((d) => d.status).sort()).toEqual(['queued', 'sent']);
    expect(h.smtp.messages).toHaveLength(1);
  });
});

describe('send windows, budget, rollout', () => {
  it('defers a normal message to 08:00 local time for a number in Réunion', async () => {
    h.clock.set('2026-03-02T17:30:00Z'); // 18:30 in Paris (open), 21:30 in Réunion (closed)
    await seedWalkIn(h.db, 'c13', { phone: '0692 12 34 56' });
    await seedWalkIn(h.db, 'c14');
    await createTicket(h, 't13', ticket({ clientId: 'c13' }));
    await createTicket(h, 't14', ticket({ clientId: 'c14' }));
    await h.queue.drain();

    const reunion = byChannel(await docsOf('t13')).sms;
    expect(reunion?.status).toBe('deferred');
    expect(reunion?.to).toBe('+262692123456');
    expect(reunion?.notBefore?.toDate().toISOString()).toBe('2026-03-03T04:00:00.000Z');
    expect(byChannel(await docsOf('t14')).sms?.status).toBe('queued');
    expect(outbound().map((m) => m.to)).toEqual(['+33612345678']);
    expect(h.queue.pending().map((p) => p.dueAt.toISOString())).toEqual([
      '2026-03-03T04:00:00.000Z',
    ]);

    h.clock.set('2026-03-03T04:00:05Z');
    expect(h.queue.runDue()).toBe(1);
    await h.queue.drain();
    expect(byChannel(await docsOf('t13')).sms?.status).toBe('queued');
    expect(
      outbound()
        .map((m) => m.to)
        .sort(),
    ).toEqual(['+262692123456', '+33612345678']);
  });

  it('holds a normal message when the budget is spent but sends a critical one', async () => {
    await seedSettings(h.db, { budget: { monthlyEur: 1 } });
    await h.db.doc('stats_monthly/2026-03').set({ month: '2026-03', cost_eur_total: 1.2 });
    await seedWalkIn(h.db, 'c15');
    await createTicket(h, 't15', ticket({ clientId: 'c15', amountDueEur: 89 }));
    await h.queue.drain();

    const welcome = byChannel(await docsOf('t15')).sms;
    expect(welcome?.status).toBe('held');
    expect(welcome?.holdExpiresAt).not.toBeNull();
    expect(outbound()).toHaveLength(0);

    await notifyTicket(h.deps, {
      ticketId: 't15',
      kind: 'payment_reminder',
      changeId: 'payment-1',
    });
    await h.queue.drain();
    const reminder = (await docsOf('t15')).find((d) => d.kind === 'payment_reminder');
    expect(reminder?.priority).toBe('critical');
    expect(reminder?.status).toBe('queued');
    expect(outbound()).toHaveLength(1);
  });

  it('at 10 % rollout texts exactly the customers core puts in the rollout', async () => {
    await seedSettings(h.db, { rollout: { sms: { percent: 10, allowlist: [] } } });
    const ids = Array.from({ length: 40 }, (_, i) => `walkin-${i}`);
    for (const id of ids) {
      await seedWalkIn(h.db, id, {
        phone: `+3361234${String(5600 + ids.indexOf(id)).padStart(4, '0')}`,
      });
      await createTicket(h, `t-${id}`, ticket({ clientId: id }));
    }
    await h.queue.drain();

    const rollout = {
      email: { percent: 100, allowlist: [] },
      sms: { percent: 10, allowlist: [] },
      whatsapp: { percent: 100, allowlist: [] },
      push: { percent: 100, allowlist: [] },
    };
    const expected = ids.filter((id) => isInRollout(id, 'sms', rollout));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(12);
    expect(outbound()).toHaveLength(expected.length);
    for (const id of ids) {
      const sms = byChannel(await docsOf(`t-${id}`)).sms;
      if (expected.includes(id)) expect(sms?.status).toBe('queued');
      else expect(sms?.skipReason).toBe('not_in_rollout');
    }
  });
});

describe('WhatsApp outside the 24 h window', () => {
  it('sends only an approved content template (ContentSid + variables)', async () => {
    const first = await syncWhatsAppTemplates(h.db, twilio(), { now: h.clock.now() });
    expect(first.every((r) => r.created && r.approvalRequested)).toBe(true);
    const second = await syncWhatsAppTemplates(h.db, twilio(), { now: h.clock.now() });
    expect(second.every((r) => !r.created && r.approval === 'approved')).toBe(true);

    await seedRegistered(
      h.db,
      { clientId: 'c16', customerId: 'u16' },
      { email: null, whatsappLastInboundAt: null },
    );
    await createTicket(h, 't16', ticket({ clientId: 'c16', customerId: 'u16' }));
    await h.queue.drain();

    const [message] = outbound();
    const wa = byChannel(await docsOf('t16')).whatsapp;
    expect(wa?.metadata.whatsappMode).toBe('template');
    expect(message?.content_sid).toBe(wa?.metadata.contentSid);
    expect(String(message?.content_sid)).toMatch(/^HX[0-9a-f]{32}$/i);
    expect(JSON.parse(String(message?.content_variables))).toMatchObject({ '1': 'iPhone 13' });
  });

  it('records why nothing went out when no template is approved', async () => {
    await seedRegistered(
      h.db,
      { clientId: 'c17', customerId: 'u17' },
      { email: null, whatsappLastInboundAt: null },
    );
    await createTicket(h, 't17', ticket({ clientId: 'c17', customerId: 'u17' }));
    await h.queue.drain();

    expect(outbound()).toHaveLength(0);
    const wa = byChannel(await docsOf('t17')).whatsapp;
    expect(wa?.status).toBe('failed');
    expect(wa?.errorCode).toBe('no_approved_template');
  });
});
