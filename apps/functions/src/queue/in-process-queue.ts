import {
  cloudTasksBackoffMs,
  type EnqueueOptions,
  type RateLimits,
  type RetryConfig,
  type TaskHandler,
  type TaskQueue,
} from './task-queue.ts';

/** Options of {@link InProcessTaskQueue}. */
export interface InProcessTaskQueueOptions<T> {
  handler: TaskHandler<T>;
  /** The same retry configuration the deployed `onTaskDispatched` function declares. */
  retryConfig: RetryConfig;
  /**
   * The deployed function's `rateLimits`, honoured like Cloud Tasks: at most
   * `maxConcurrentDispatches` handlers run at once, and dispatches (first runs and retries)
   * take a token from a bucket refilled at `maxDispatchesPerSecond`. Default: no limit (tests
   * stay fast); the local stack passes the declared limits.
   */
  rateLimits?: RateLimits | undefined;
  /**
   * Tokens the rate bucket holds at most (Cloud Tasks' `maxBurstSize`, which Cloud Tasks picks
   * from the rate). Default: 200 ms of dispatches, at least 1 (2 at 10/s). The bucket starts
   * with one token, so a burst of new tasks is spaced `1 / maxDispatchesPerSecond` apart from
   * the first; the headroom lets a dispatch whose timer fired late (a busy event loop) be made
   * up by the next instead of lowering the rate.
   */
  maxBurstSize?: number | undefined;
  /** Clock used for `scheduleTime` (tests pass a fixed or moving clock). */
  clock?: () => Date;
  /** Multiplies retry backoffs (tests use e.g. 0.001 so that seconds become milliseconds). */
  backoffScale?: number;
  /**
   * Tasks scheduled further ahead than this are parked instead of armed with a timer; run them
   * with {@link InProcessTaskQueue.releaseParked}. Default: 24 h.
   */
  parkAfterMs?: number;
  /** Called when a task failed its last attempt (Cloud Tasks would drop it). */
  onGiveUp?: (data: T, error: unknown, id: string) => void;
  /** Called on every failed run (logging). */
  onError?: (data: T, error: unknown, id: string, retryCount: number) => void;
}

interface Entry<T> {
  id: string;
  data: T;
  retryCount: number;
  dueAt: number;
  timer: NodeJS.Timeout | null;
  /** Due, waiting in line for a dispatch slot (rate or concurrency limit). */
  ready: boolean;
}

let autoId = 0;

/**
 * A small in-process stand-in for Cloud Tasks, for tests and the local stack: the same handler
 * runs with the same retry policy (`maxAttempts`, min/max backoff, doublings), scheduled tasks
 * wait for their time, task ids deduplicate like Cloud Tasks' task names, and the declared
 * `rateLimits` (when given) space the dispatches and cap how many run at once. It never runs
 * inside a deployed function.
 */
export class InProcessTaskQueue<T> implements TaskQueue<T> {
  private readonly options: InProcessTaskQueueOptions<T>;
  private readonly seenIds = new Set<string>();
  private readonly entries = new Map<string, Entry<T>>();
  private readonly running = new Set<Promise<void>>();
  private readonly runningIds = new Set<string>();
  /** Due tasks in the order they came due, waiting for the rate or concurrency limit. */
  private ready: Array<Entry<T>> = [];
  /** The rate bucket: tokens left at `tokensAt` (performance.now() ms). */
  private tokens = 1;
  private tokensAt = performance.now();
  private pumpTimer: NodeJS.Timeout | null = null;
  /**
   * Every run, in the order they ended, for tests, the local inbox and benchmarks: `{ id,
   * retryCount, ok }`, when it started (epoch ms) and how long the handler took.
   */
  readonly runs: Array<{
    id: string;
    retryCount: number;
    ok: boolean;
    startedAt: number;
    ms: number;
  }> = [];

  constructor(options: InProcessTaskQueueOptions<T>) {
    this.options = options;
  }

  private burst(): number {
    return Math.max(1, this.options.maxBurstSize ?? Math.ceil(this.rate() / 5));
  }

  /** Dispatches per second, or 0 for no rate limit. */
  private rate(): number {
    const rate = this.options.rateLimits?.maxDispatchesPerSecond;
    return rate !== undefined && rate > 0 && Number.isFinite(rate) ? rate : 0;
  }

  private concurrencyCap(): number {
    const cap = this.options.rateLimits?.maxConcurrentDispatches;
    return cap !== undefined && cap > 0 ? cap : Number.POSITIVE_INFINITY;
  }

  private now(): number {
    return (this.options.clock?.() ?? new Date()).getTime();
  }

  async enqueue(data: T, options: EnqueueOptions = {}): Promise<'enqueued' | 'duplicate'> {
    autoId += 1;
    const id = options.id ?? `task-${autoId}`;
    if (this.seenIds.has(id)) return 'duplicate';
    this.seenIds.add(id);
    const dueAt = options.scheduleTime?.getTime() ?? this.now();
    this.arm({ id, data, retryCount: 0, dueAt, timer: null, ready: false });
    return 'enqueued';
  }

  private paused = false;

  /** Stops starting tasks (tests: let several events pile up before dispatch). */
  pause(): void {
    this.paused = true;
  }

  /** Starts tasks again; those that came due while paused run now (within the rate limits). */
  resume(): void {
    this.paused = false;
    this.runDue();
    this.pump();
  }

  /**
   * Runs now every waiting task whose time has come by the queue's clock (after moving a test
   * clock); with rate limits they take their turn. Returns how many came due.
   */
  runDue(): number {
    let started = 0;
    for (const entry of [...this.entries.values()]) {
      if (this.runningIds.has(entry.id) || entry.ready || entry.dueAt > this.now()) continue;
      if (entry.timer) clearTimeout(entry.timer);
      started += 1;
      this.due(entry);
    }
    return started;
  }

  private arm(entry: Entry<T>): void {
    this.entries.set(entry.id, entry);
    const delay = Math.max(0, entry.dueAt - this.now());
    if (delay > (this.options.parkAfterMs ?? 24 * 3600_000)) return;
    entry.timer = setTimeout(() => this.due(entry), delay);
  }

  /** A task's time has come: it joins the line for a dispatch slot. */
  private due(entry: Entry<T>): void {
    entry.timer = null;
    if (entry.ready) return;
    entry.ready = true;
    this.ready.push(entry);
    this.pump();
  }

  /** Milliseconds until the rate bucket has a token (0: take one now). */
  private tokenWaitMs(): number {
    const rate = this.rate();
    if (rate === 0) return 0;
    const now = performance.now();
    this.tokens = Math.min(this.burst(), this.tokens + ((now - this.tokensAt) * rate) / 1000);
    this.tokensAt = now;
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) * 1000) / rate;
  }

  /** Starts waiting tasks in order while the concurrency cap and the rate bucket allow. */
  private pump(): void {
    if (this.paused || this.pumpTimer) return;
    const cap = this.concurrencyCap();
    while (this.ready.length > 0 && this.runningIds.size < cap) {
      const entry = this.ready[0] as Entry<T>;
      if (this.entries.get(entry.id) !== entry) {
        // Lost or closed while waiting.
        this.ready.shift();
        continue;
      }
      const wait = this.tokenWaitMs();
      if (wait > 0) {
        this.pumpTimer = setTimeout(() => {
          this.pumpTimer = null;
          this.pump();
        }, Math.ceil(wait));
        return;
      }
      if (this.rate() > 0) this.tokens -= 1;
      this.ready.shift();
      entry.ready = false;
      this.run(entry);
    }
  }

  private run(entry: Entry<T>): void {
    entry.timer = null;
    this.runningIds.add(entry.id);
    const t0 = performance.now();
    // Epoch milliseconds with performance.now()'s precision, so overlaps can be counted.
    const startedAt = performance.timeOrigin + t0;
    const record = (ok: boolean) =>
      this.runs.push({
        id: entry.id,
        retryCount: entry.retryCount,
        ok,
        startedAt,
        ms: performance.now() - t0,
      });
    const p = (async () => {
      try {
        await this.options.handler(entry.data, { id: entry.id, retryCount: entry.retryCount });
        record(true);
        this.entries.delete(entry.id);
      } catch (error) {
        record(false);
        this.options.onError?.(entry.data, error, entry.id, entry.retryCount);
        const attempts = entry.retryCount + 1;
        if (attempts >= this.options.retryConfig.maxAttempts) {
          this.entries.delete(entry.id);
          this.options.onGiveUp?.(entry.data, error, entry.id);
          return;
        }
        const backoff =
          cloudTasksBackoffMs(entry.retryCount, this.options.retryConfig) *
          (this.options.backoffScale ?? 1);
        this.arm({
          ...entry,
          retryCount: attempts,
          dueAt: this.now() + backoff,
          timer: null,
          ready: false,
        });
      }
    })();
    this.running.add(p);
    void p.finally(() => {
      this.running.delete(p);
      this.runningIds.delete(entry.id);
      this.pump();
    });
  }

  /** Tasks waiting (armed or parked), with their due time. */
  pending(): Array<{ id: string; data: T; dueAt: Date; retryCount: number; parked: boolean }> {
    return [...this.entries.values()].map((e) => ({
      id: e.id,
      data: e.data,
      dueAt: new Date(e.dueAt),
      retryCount: e.retryCount,
      parked: e.timer === null && !e.ready && !this.runningIds.has(e.id),
    }));
  }

  /** Runs parked (far-future) tasks now, e.g. after moving a test clock past their time. */
  releaseParked(filter: (data: T, dueAt: Date) => boolean = () => true): number {
    let released = 0;
    for (const entry of this.entries.values()) {
      const parked = entry.timer === null && !entry.ready && !this.runningIds.has(entry.id);
      if (parked && filter(entry.data, new Date(entry.dueAt))) {
        released += 1;
        this.due(entry);
      }
    }
    return released;
  }

  /**
   * Resolves when no task is running or waiting for its turn and no armed task is due within
   * `horizonMs` (default 10 s); parked tasks are left waiting (and, while paused, due ones).
   */
  async drain(horizonMs = 10_000): Promise<void> {
    for (;;) {
      if (this.running.size > 0) {
        await Promise.allSettled([...this.running]);
        continue;
      }
      if (!this.paused && this.ready.some((e) => this.entries.get(e.id) === e)) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, this.tokenWaitMs())));
        continue;
      }
      const armed = [...this.entries.values()].filter(
        (e) => e.timer !== null && e.dueAt - this.now() <= horizonMs,
      );
      if (armed.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  /**
   * Loses every waiting task (not the running ones), as a crashed queue or a task deleted by
   * hand would: what the sweeper must recover. Their ids stay used. Returns how many.
   */
  loseWaiting(): number {
    let lost = 0;
    for (const [id, entry] of this.entries) {
      if (this.runningIds.has(id)) continue;
      if (entry.timer) clearTimeout(entry.timer);
      this.entries.delete(id);
      lost += 1;
    }
    this.ready = [];
    return lost;
  }

  /** Cancels every timer (end of a test or of the local stack). */
  close(): void {
    for (const entry of this.entries.values()) if (entry.timer) clearTimeout(entry.timer);
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    this.pumpTimer = null;
    this.entries.clear();
    this.ready = [];
  }
}
