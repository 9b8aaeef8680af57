import { afterEach, describe, expect, it } from 'vitest';
import { InProcessTaskQueue } from './in-process-queue.ts';

const retryConfig = { maxAttempts: 4, minBackoffSeconds: 1, maxBackoffSeconds: 8, maxDoublings: 2 };
const queues: Array<InProcessTaskQueue<unknown>> = [];
afterEach(() => {
  for (const q of queues.splice(0)) q.close();
});

function queue<T>(
  handler: (data: T, retryCount: number) => Promise<void>,
  extra: { onGiveUp?: () => void } = {},
) {
  const q = new InProcessTaskQueue<T>({
    handler: (data, ctx) => handler(data, ctx.retryCount),
    retryConfig,
    backoffScale: 0.001,
    ...extra,
  });
  queues.push(q as InProcessTaskQueue<unknown>);
  return q;
}

describe('InProcessTaskQueue', () => {
  it('retries a throwing handler until it succeeds, with growing backoff', async () => {
    const seen: Array<{ retryCount: number; at: number }> = [];
    const q = queue<string>(async (_data, retryCount) => {
      seen.push({ retryCount, at: performance.now() });
      if (retryCount < 2) throw new Error('transient');
    });
    await q.enqueue('x');
    await q.drain();
    expect(seen.map((s) => s.retryCount)).toEqual([0, 1, 2]);
    expect(q.runs.map((r) => r.ok)).toEqual([false, false, true]);
  });

  it('gives up after maxAttempts runs', async () => {
    let runs = 0;
    let gaveUp = 0;
    const q = queue<string>(
      async () => {
        runs += 1;
        throw new Error('always');
      },
      { onGiveUp: () => (gaveUp += 1) },
    );
    await q.enqueue('x');
    await q.drain();
    expect(runs).toBe(retryConfig.maxAttempts);
    expect(gaveUp).toBe(1);
  });

  it('refuses a second task with the same id, like Cloud Tasks task names', async () => {
    let runs = 0;
    const q = queue<string>(async () => {
      runs += 1;
    });
    expect(await q.enqueue('a', { id: 'n1' })).toBe('enqueued');
    expect(await q.enqueue('a', { id: 'n1' })).toBe('duplicate');
    await q.drain();
    expect(runs).toBe(1);
  });

  it('parks far-future tasks until released', async () => {
    const ran: string[] = [];
    const q = queue<string>(async (d) => {
      ran.push(d);
    });
    await q.enqueue('later', { scheduleTime: new Date(Date.now() + 48 * 3600_000) });
    await q.enqueue('now');
    await q.drain();
    expect(ran).toEqual(['now']);
    expect(q.pending()).toMatchObject([{ data: 'later', parked: true }]);
    expect(q.releaseParked()).toBe(1);
    await q.drain();
    expect(ran).toEqual(['now', 'later']);
  });
});
