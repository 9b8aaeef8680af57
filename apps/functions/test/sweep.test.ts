import { SWEEP_GRACE_MS, SWEEP_MAX_REDRIVES, TERMINAL_STATUSES } from '@omega/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelSender, SmsMessage } from '../src/adapters/port.ts';
import { sweepStuckNotifications } from '../src/schedules/sweep.ts';
import { seedSettings, seedWalkIn, ticket } from './support/fixtures.ts';
import { byChannel, historyOf } from './support/history.ts';
import { type PipelineHarness, startPipelineHarness } from './support/pipeline-harness.ts';
import { createTicket } from './support/triggers.ts';
import { useHarness } from './support/use-harness.ts';

// Nothing stays non-terminal without a deadline and a sweeper: a notification whose task was
// lost (a plan that died before its enqueue, a retry or a lease check whose task died) is
// re-driven through the send task, which reconciles before it sends; one that stays stuck is
// closed with a reason and an alert.

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
const pastGrace = () => h.clock.advance(SWEEP_GRACE_MS + 60_000);

/** After quiet, every history document is terminal or due in the future (the invariant). */
async function expectQuiet() {
  const now = h.clock.now().getTime();
  const all = await h.db.collection('notification_history').get();
  for (const doc of all.docs) {
    const status = doc.get('status');
    const due = doc.get('notBefore')?.toDate?.()?.getTime() ?? 0;
    const inFlight = ['accepted', 'queued', 'sending', 'sent'].includes(status);
    if (!TERMINAL_STATUSES.has(status) && !inFlight) {
      expect({ id: doc.id, status, future: due > now }).toEqual({
        id: doc.id,
        status,
        future: true,
      });
    }
  }
}

describe('the sweeper', () => {
  it('sends once a notification whose task was lost after planning', async () => {
    await seedWalkIn(h.db, 'c1');
    h.queue.pause();
    await createTicket(h, 't1', ticket({ clientId: 'c1' }));
    expect(h.queue.loseWaiting()).toBeGreaterThan(0);
    h.queue.resume();

    // Within the grace: the sweeper waits for the task.
    expect((await sweepStuckNotifications(h.deps)).redriven).toEqual([]);
    pastGrace();
    const run = await sweepStuckNotifications(h.deps);
    const sms = byChannel(await historyOf(h.db, 't1')).sms;
    expect(run.redriven).toContain(sms?.id);
    await h.fastForward();
    expect(outbound()).toHaveLength(1);
    expect(byChannel(await historyOf(h.db, 't1')).sms).toMatchObject({
      status: 'queued',
      sweeps: 1,
    });
    await expectQuiet();
  });

  it('re-drives a retry whose task died', async () => {
    h.sandbox.faults.next('429');
    await seedWalkIn(h.db, 'c2');
    await createTicket(h, 't2', ticket({ clientId: 'c2' }));
    await h.queue.drain();
    expect(byChannel(await historyOf(h.db, 't2')).sms?.status).toBe('error');
    h.queue.loseWaiting();
    pastGrace();
    await sweepStuckNotifications(h.deps);
    await h.fastForward();
    expect(outbound()).toHaveLength(1);
    expect(byChannel(await historyOf(h.db, 't2')).sms).toMatchObject({
      status: 'queued',
      attempts: 2,
    });
  });

  it('re-drives a claim whose holder died with Twilio holding the message: recorded, not resent', async () => {
    let kills = 0;
    const real = realSms as ChannelSender<SmsMessage>;
    h.deps.senders.sms = {
      ...real,
      send: async (m) => {
        const result = await real.send(m);
        if (kills++ === 0) throw new Error('instance killed before the answer was read');
        return result;
      },
    };
    await seedWalkIn(h.db, 'c3');
    await createTicket(h, 't3', ticket({ clientId: 'c3' }));
    await h.queue.drain();
    // The queue's retry and the lease check are lost too.
    h.queue.loseWaiting();
    pastGrace();
    await sweepStuckNotifications(h.deps);
    await h.fastForward();
    const sent = outbound();
    expect(sent).toHaveLength(1);
    const sms = byChannel(await historyOf(h.db, 't3')).sms;
    expect(sms).toMatchObject({ status: 'queued', attempts: 1 });
    expect(sms?.metadata?.twilioMessageId).toBe(sent[0]?.sid);
  });

  it(`closes as stuck, with an alert, what ${SWEEP_MAX_REDRIVES} re-drives could not move`, async () => {
    await seedWalkIn(h.db, 'c4');
    // Every run dies before anything is recorded (a broken deploy).
    h.deps.senders.sms = {
      ...(realSms as ChannelSender<SmsMessage>),
      send: async () => {
        throw new Error('broken');
      },
    };
    await createTicket(h, 't4', ticket({ clientId: 'c4' }));
    for (let sweep = 0; sweep <= SWEEP_MAX_REDRIVES; sweep++) {
      await h.queue.drain();
      h.queue.loseWaiting();
      pastGrace();
      await sweepStuckNotifications(h.deps);
    }
    const sms = byChannel(await historyOf(h.db, 't4')).sms;
    expect(sms).toMatchObject({ status: 'failed', errorCode: 'stuck', sweeps: SWEEP_MAX_REDRIVES });
    expect(sms?.errorMessage).toContain('relance');
    expect((await h.db.doc(`alerts/stuck_${sms?.id}`).get()).get('kind')).toBe('send_stuck');
    expect(outbound()).toHaveLength(0);
    await expectQuiet();
  });

  it('leaves a deferral due tomorrow alone, and a message in flight to the reconciliation', async () => {
    await seedWalkIn(h.db, 'c5');
    h.clock.set('2026-03-02T20:30:00.000Z'); // 21:30 in Paris: a normal message waits for 08:00
    await createTicket(h, 't5', ticket({ clientId: 'c5' }));
    await h.queue.drain();
    expect(byChannel(await historyOf(h.db, 't5')).sms?.status).toBe('deferred');
    pastGrace();
    const run = await sweepStuckNotifications(h.deps);
    expect(run.redriven).toEqual([]);
    expect(run.closed).toEqual([]);
    await expectQuiet();
  });

  it('closes a budget hold the budget schedule never expired', async () => {
    await seedSettings(h.db, { budget: { monthlyEur: 1 } });
    await h.db.doc('stats_monthly/2026-03').set({ month: '2026-03', cost_eur_total: 1.2 });
    await seedWalkIn(h.db, 'c7');
    await createTicket(h, 't7', ticket({ clientId: 'c7' }));
    await h.queue.drain();
    const held = byChannel(await historyOf(h.db, 't7')).sms;
    expect(held?.status).toBe('held');
    const expires = held?.holdExpiresAt?.toDate() as Date;
    h.clock.set(new Date(expires.getTime() + SWEEP_GRACE_MS + 1));
    const run = await sweepStuckNotifications(h.deps);
    expect(run.closed).toEqual([{ notificationId: held?.id, reason: 'hold_expired' }]);
    expect(byChannel(await historyOf(h.db, 't7')).sms).toMatchObject({
      status: 'skipped',
      errorCode: 'hold_expired',
    });
    await expectQuiet();
  });
});
