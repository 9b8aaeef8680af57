import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelSender, SmsMessage } from '../src/adapters/port.ts';
import { seedWalkIn, ticket } from './support/fixtures.ts';
import { byChannel, historyOf } from './support/history.ts';
import { type PipelineHarness, startPipelineHarness } from './support/pipeline-harness.ts';
import { createTicket } from './support/triggers.ts';
import { useHarness } from './support/use-harness.ts';

// An ambiguous send (no answer, a reset connection, a 5xx on create, an instance killed while
// Twilio had the request) is reconciled with Twilio before any resend: the message Twilio
// holds is adopted, and only a message Twilio does not have is sent again — once.

let h: PipelineHarness;
let realSms: ChannelSender<SmsMessage> | undefined;
useHarness({
  start: () => startPipelineHarness(),
  started: (started) => {
    h = started;
    realSms = h.deps.senders.sms;
  },
});
afterEach(() => {
  h.deps.senders.sms = realSms;
});

const outbound = () => h.sandbox.messages().filter((m) => m.direction === 'outbound-api');

async function walkInSms(id = '1') {
  await seedWalkIn(h.db, `c${id}`);
  await createTicket(h, `t${id}`, ticket({ clientId: `c${id}` }));
  await h.fastForward();
  return byChannel(await historyOf(h.db, `t${id}`)).sms;
}

/** Replaces the SMS sender's `send` (the real one stays reachable as `real`). */
function wrapSms(
  send: (
    real: ChannelSender<SmsMessage>,
    m: SmsMessage,
  ) => ReturnType<ChannelSender<SmsMessage>['send']>,
) {
  const real = realSms as ChannelSender<SmsMessage>;
  h.deps.senders.sms = { ...real, send: (m) => send(real, m) };
}

describe('an answer lost after Twilio accepted', () => {
  it('is found at Twilio right away and recorded: one SMS, one attempt', async () => {
    h.sandbox.faults.next('drop-after');
    const sms = await walkInSms();
    const sent = outbound();
    expect(sent).toHaveLength(1);
    expect(sms).toMatchObject({ status: 'queued', attempts: 1, ambiguousAttempt: null });
    expect(sms?.metadata?.twilioMessageId).toBe(sent[0]?.sid);
    expect((await h.db.doc('stats_daily/2026-03-02').get()).get('sms_sent')).toBe(1);
  });

  it('when Twilio cannot be asked at once, the next attempt asks first and sends nothing new', async () => {
    // The create's answer is lost; the immediate list answers 500.
    h.sandbox.faults.next('drop-after', '500');
    const sms = await walkInSms();
    const sent = outbound();
    expect(sent).toHaveLength(1);
    expect(sms?.metadata?.twilioMessageId).toBe(sent[0]?.sid);
    expect(sms).toMatchObject({ status: 'queued', attempts: 1, ambiguousAttempt: null });
    expect(sms?.errors).toEqual([
      expect.objectContaining({ attempt: 1, ambiguous: true, action: 'retry' }),
    ]);
    expect(h.outcomes.map((o) => o.outcome)).toEqual(['retrying', 'sent']);
  });

  it('a 500 Twilio never acted on is sent again once', async () => {
    h.sandbox.faults.next('500');
    const sms = await walkInSms();
    expect(outbound()).toHaveLength(1);
    expect(sms).toMatchObject({ status: 'queued', attempts: 2 });
  });
});

describe('a send task killed while Twilio had the request', () => {
  it('is reconciled when its lease ends: the message Twilio holds is recorded, never resent', async () => {
    let kills = 0;
    wrapSms(async (real, m) => {
      const result = await real.send(m);
      if (kills++ === 0) throw new Error('instance killed before the answer was read');
      return result;
    });
    const sms = await walkInSms();
    const sent = outbound();
    expect(sent).toHaveLength(1);
    expect(sms).toMatchObject({ status: 'queued', attempts: 1 });
    expect(sms?.metadata?.twilioMessageId).toBe(sent[0]?.sid);
    // The queue's retry found the claim held; the lease check queued then adopted the message.
    expect(h.outcomes.map((o) => o.outcome)).toEqual(['duplicate', 'sent']);
  });

  it('one killed before Twilio got it is closed lease_expired, alerted, and sent once', async () => {
    let kills = 0;
    wrapSms(async (real, m) => {
      if (kills++ === 0) throw new Error('instance killed on the way to Twilio');
      return real.send(m);
    });
    const sms = await walkInSms();
    expect(outbound()).toHaveLength(1);
    expect(sms).toMatchObject({ status: 'queued', attempts: 2 });
    expect(sms?.timeline.map((t) => t.status)).toContain('error');
  });

  it('never adopts a message another notification owns', async () => {
    // Twilio's list can hold a look-alike (same text, same number, same minute): here it
    // answers only the first ticket's message, already recorded on its own document.
    const first = await walkInSms('5');
    const firstSid = first?.metadata?.twilioMessageId as string;
    let kills = 0;
    const real = realSms as ChannelSender<SmsMessage>;
    h.deps.senders.sms = {
      ...real,
      send: async (m) => {
        if (kills++ === 0) throw new Error('instance killed on the way to Twilio');
        return real.send(m);
      },
      find: async () => ({
        ok: true,
        value: [{ providerId: firstSid, status: 'queued', segments: 1 }],
      }),
    };
    await createTicket(h, 't5b', ticket({ clientId: 'c5' }));
    await h.fastForward();
    const second = byChannel(await historyOf(h.db, 't5b')).sms;
    const sent = outbound();
    expect(sent).toHaveLength(2);
    expect(second).toMatchObject({ status: 'queued', attempts: 2 });
    expect(second?.metadata?.twilioMessageId).toBe(sent.find((m) => m.sid !== firstSid)?.sid);
  });
});

describe('callbacks that reach the history before the send path records its attempt', () => {
  /** What the status ingestion writes when Twilio's callbacks (carrying `?n=`) arrive first. */
  async function callbacksLanded(notificationId: string, sid: string) {
    await h.db
      .doc(`notification_history/${notificationId}`)
      .update({ status: 'delivered', 'metadata.twilioMessageId': sid });
  }

  it('a holder killed after Twilio accepted: the lease check records the attempt once', async () => {
    let kills = 0;
    wrapSms(async (real, m) => {
      const result = await real.send(m);
      if (result.ok) await callbacksLanded(m.notificationId, result.value.providerId);
      if (kills++ === 0) throw new Error('instance killed before the answer was read');
      return result;
    });
    const sms = await walkInSms();
    const sent = outbound();
    expect(sent).toHaveLength(1);
    expect(sms).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(sms?.sentAt).toBeTruthy();
    expect((await h.db.doc('stats_daily/2026-03-02').get()).get('sms_sent')).toBe(1);
  });

  it('an answer lost that the look-up cannot find in time: recorded as sent, not retried', async () => {
    wrapSms(async (real, m) => {
      const result = await real.send(m);
      if (result.ok) await callbacksLanded(m.notificationId, result.value.providerId);
      h.sandbox.faults.next('500'); // the immediate look-up fails
      return {
        ok: false,
        error: {
          code: 'network',
          message: 'socket hang up',
          providerCode: null,
          httpStatus: null,
          ambiguous: true,
        },
      };
    });
    const sms = await walkInSms();
    expect(outbound()).toHaveLength(1);
    expect(sms).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(sms?.metadata?.twilioMessageId).toBe(outbound()[0]?.sid);
    expect((await h.db.doc('stats_daily/2026-03-02').get()).get('sms_sent')).toBe(1);
  });
});

describe('the retry rule', () => {
  it('a sender rate limited on every attempt is failed after the 429 ceiling, with an alert', async () => {
    h.sandbox.faults.next(...Array.from({ length: 10 }, () => '429' as const));
    const sms = await walkInSms();
    expect(outbound()).toHaveLength(0);
    expect(sms).toMatchObject({ status: 'failed', attempts: 10 });
    expect(sms?.errors.at(-1)).toMatchObject({ action: 'rate_limit_exhausted' });
    const alert = (await h.db.doc(`alerts/send_${sms?.id}`).get()).data();
    expect(alert).toMatchObject({ kind: 'send_error' });
  });
});
