// The send task claims an attempt while it reads the recheck state (one round trip). When that
// read fails after the claim was won, nothing was sent: the claim must be given back so that
// the queue's retry claims the same attempt and sends, instead of finding it taken and
// dropping the notification.
import type { Firestore } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import type { PipelineDeps, SendTask } from '../src/pipeline/deps.ts';
import { dispatchSend } from '../src/pipeline/send/dispatch.ts';
import { seedWalkIn, ticket } from './support/fixtures.ts';
import { byChannel, historyOf } from './support/history.ts';
import { type PipelineHarness, startPipelineHarness } from './support/pipeline-harness.ts';
import { createTicket } from './support/triggers.ts';
import { useHarness } from './support/use-harness.ts';

let h: PipelineHarness;
useHarness({
  start: () => startPipelineHarness(),
  started: (started) => {
    h = started;
  },
});

const outbound = () => h.sandbox.messages().filter((m) => m.direction === 'outbound-api');
const claims = async () => (await h.db.collection('send_claims').get()).docs.map((d) => d.id);

/** Creates a walk-in's ticket with the queue paused and returns the planner's task. */
async function plannedTask(ticketId: string, clientId: string): Promise<SendTask> {
  await seedWalkIn(h.db, clientId);
  h.queue.pause();
  await createTicket(h, ticketId, ticket({ clientId }));
  const [pending] = h.queue.pending();
  if (!pending) throw new Error('the planner enqueued nothing');
  return pending.data;
}

/** The harness's pipeline with a database whose batched reads fail `times` times. */
function failingReads(times: number): PipelineDeps {
  let left = times;
  const db = Object.create(h.db) as Firestore;
  db.getAll = ((...args: Parameters<Firestore['getAll']>) => {
    // The history read is a single document's get(); the recheck reads several at once.
    if (args.length > 1 && left > 0) {
      left -= 1;
      return Promise.reject(Object.assign(new Error('unavailable'), { code: 14 }));
    }
    return h.db.getAll(...args);
  }) as Firestore['getAll'];
  return { ...h.deps, db };
}

describe('a claim won while the recheck read failed', () => {
  it('is given back, and the retry claims the same attempt and sends once', async () => {
    const task = await plannedTask('t1', 'c1');

    await expect(
      dispatchSend(failingReads(1), task, { retryCount: 0, id: 'first' }),
    ).rejects.toMatchObject({ code: 14 });
    expect(await claims()).toEqual([]);
    expect(outbound()).toHaveLength(0);

    const retry = await dispatchSend(h.deps, task, { retryCount: 1, id: 'retry' });
    expect(retry).toMatchObject({ outcome: 'sent', attempt: 1 });
    expect(outbound()).toHaveLength(1);
    expect(await claims()).toEqual([`${task.notificationId}~1`]);
    expect(byChannel(await historyOf(h.db, 't1')).sms?.attempts).toBe(1);
  });

  it('is released only by the dispatch that won it: the losers of a race leave it alone', async () => {
    const task = await plannedTask('t2', 'c2');
    const failing = failingReads(20);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        dispatchSend(i === 0 ? h.deps : failing, task, { retryCount: 0, id: `p${i}` }),
      ),
    );

    const sent = results.filter((r) => r.status === 'fulfilled' && r.value.outcome === 'sent');
    expect(sent.length).toBeLessThanOrEqual(1);
    // Whoever won the claim either sent (and the claim stays) or failed and gave it back.
    const left = await claims();
    expect(left).toEqual(sent.length === 1 ? [`${task.notificationId}~1`] : []);
    h.queue.resume();
    await h.queue.drain();
    expect(outbound()).toHaveLength(1);
  });
});
