import { afterEach, describe, expect, it } from 'vitest';
import { InProcessTaskQueue } from './in-process-queue.ts';

/**
 * Node's timers may fire a little early against `performance.now()` (≈ 1 ms; seen 1.01 ms on a
 * loaded CI machine): lower bounds on spacing allow this much.
 */
const TIMER_SLACK_MS = 3;

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

describe('InProcessTaskQueue rate limits (the declared rateLimits, as Cloud Tasks applies them)', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  function limited<T>(
    rateLimits: { maxConcurrentDispatches?: number; maxDispatchesPerSecond?: number },
    handler: (data: T) => Promise<void>,
    maxBurstSize?: number,
  ) {
    const q = new InProcessTaskQueue<T>({
      handler: (data) => handler(data),
      retryConfig,
      backoffScale: 0.001,
      rateLimits,
      maxBurstSize,
    });
    queues.push(q as InProcessTaskQueue<unknown>);
    return q;
  }

  it('spaces dispatches at maxDispatchesPerSecond: 30 tasks at 100/s take at least 290 ms', async () => {
    const starts: number[] = [];
    const q = limited<number>({ maxDispatchesPerSecond: 100 }, async () => {
      starts.push(performance.now());
    });
    const t0 = performance.now();
    for (let i = 0; i < 30; i += 1) await q.enqueue(i);
    await q.drain();
    expect(starts).toHaveLength(30);
    expect((starts.at(-1) as number) - t0).toBeGreaterThanOrEqual(290 - TIMER_SLACK_MS);
  });

  it('with a bucket of one token, no two dispatches are closer than 1 / rate', async () => {
    const starts: number[] = [];
    const q = limited<number>(
      { maxDispatchesPerSecond: 100 },
      async () => {
        starts.push(performance.now());
      },
      1,
    );
    for (let i = 0; i < 15; i += 1) await q.enqueue(i);
    await q.drain();
    const gaps = starts.slice(1).map((s, i) => s - (starts[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(10 - TIMER_SLACK_MS);
  });

  it('makes up a dispatch whose timer fired late, within the burst, keeping the rate', async () => {
    const starts: number[] = [];
    const q = limited<number>(
      { maxDispatchesPerSecond: 50 },
      async (n) => {
        starts.push(performance.now());
        // Block the event loop once for 100 ms (5 slots): the slots missed are made up.
        if (n === 3) {
          const until = performance.now() + 100;
          while (performance.now() < until) {}
        }
      },
      10,
    );
    const t0 = performance.now();
    for (let i = 0; i < 20; i += 1) await q.enqueue(i);
    await q.drain();
    // 19 slots after the first at 20 ms: 380 ms, not 380 + 100 (a bucket of one token).
    expect((starts.at(-1) as number) - t0).toBeLessThan(380 + 90);
    expect((starts.at(-1) as number) - t0).toBeGreaterThanOrEqual(380 - TIMER_SLACK_MS);
  });

  it('retries take a token like first runs', async () => {
    const starts: number[] = [];
    const q = limited<string>({ maxDispatchesPerSecond: 50 }, async () => {
      starts.push(performance.now());
      if (starts.length < 4) throw new Error('transient');
    });
    await q.enqueue('x');
    await q.drain();
    expect(starts).toHaveLength(4);
    // Backoffs are scaled to 1 ms; the rate keeps runs 20 ms apart.
    expect((starts.at(-1) as number) - (starts[0] as number)).toBeGreaterThanOrEqual(
      60 - TIMER_SLACK_MS,
    );
  });

  it('never runs more than maxConcurrentDispatches handlers at once, and does reach the cap', async () => {
    let inFlight = 0;
    let peak = 0;
    const q = limited<number>({ maxConcurrentDispatches: 3 }, async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await sleep(5 + Math.random() * 10);
      inFlight -= 1;
    });
    for (let i = 0; i < 20; i += 1) await q.enqueue(i);
    await q.drain();
    expect(q.runs.filter((r) => r.ok)).toHaveLength(20);
    expect(peak).toBe(3);
  });

  it('runs tasks in the order they came due, and keeps them waiting (not parked) in line', async () => {
    const ran: number[] = [];
    const q = limited<number>({ maxConcurrentDispatches: 1 }, async (n) => {
      await sleep(2);
      ran.push(n);
    });
    for (let i = 0; i < 5; i += 1) await q.enqueue(i);
    await sleep(1);
    expect(q.pending().filter((p) => p.parked)).toEqual([]);
    await q.drain();
    expect(ran).toEqual([0, 1, 2, 3, 4]);
  });

  it('with no rate limits, every due task starts at once', async () => {
    let inFlight = 0;
    let peak = 0;
    const q = queue<number>(async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await sleep(5);
      inFlight -= 1;
    });
    for (let i = 0; i < 50; i += 1) await q.enqueue(i);
    await q.drain();
    expect(peak).toBe(50);
  });
});
