import {
  cloudTasksBackoffMs,
  type EnqueueOptions,
  type RetryConfig,
  type TaskHandler,
  type TaskQueue,
} from './task-queue.ts';

/** Options of {@link InProcessTaskQueue}. */
export interface InProcessTaskQueueOptions<T> {
  handler: TaskHandler<T>;
  /** The same retry configuration the deployed `onTaskDispatched` function declares. */
  retryConfig: RetryConfig;
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
}

let autoId = 0;

/**
 * A small in-process stand-in for Cloud Tasks, for tests and the local stack: the same handler
 * runs with the same retry policy (`maxAttempts`, min/max backoff, doublings), scheduled tasks
 * wait for their time, and task ids deduplicate like Cloud Tasks' task names. It never runs
 * inside a deployed function.
 */
export class InProcessTaskQueue<T> implements TaskQueue<T> {
  private readonly options: InProcessTaskQueueOptions<T>;
  private readonly seenIds = new Set<string>();
  private readonly entries = new Map<string, Entry<T>>();
  private readonly running = new Set<Promise<void>>();
  private readonly runningIds = new Set<string>();
  /** Every run, in order, for tests and the local inbox: `{ id, retryCount, ok }`. */
  readonly runs: Array<{ id: string; retryCount: number; ok: boolean }> = [];

  constructor(options: InProcessTaskQueueOptions<T>) {
    this.options = options;
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
    this.arm({ id, data, retryCount: 0, dueAt, timer: null });
    return 'enqueued';
  }

  private paused = false;

  /** Stops starting tasks (tests: let several events pile up before dispatch). */
  pause(): void {
    this.paused = true;
  }

  /** Starts tasks again; those that came due while paused run now. */
  resume(): void {
    this.paused = false;
    this.runDue();
  }

  /** Runs now every waiting task whose time has come by the queue's clock (after moving a test clock). */
  runDue(): number {
    let started = 0;
    for (const entry of [...this.entries.values()]) {
      if (this.runningIds.has(entry.id) || entry.dueAt > this.now()) continue;
      if (entry.timer) clearTimeout(entry.timer);
      started += 1;
      this.run(entry);
    }
    return started;
  }

  private arm(entry: Entry<T>): void {
    this.entries.set(entry.id, entry);
    const delay = Math.max(0, entry.dueAt - this.now());
    if (delay > (this.options.parkAfterMs ?? 24 * 3600_000)) return;
    entry.timer = setTimeout(() => this.run(entry), delay);
  }

  private run(entry: Entry<T>): void {
    entry.timer = null;
    if (this.paused) return;
    this.runningIds.add(entry.id);
    const p = (async () => {
      try {
        await this.options.handler(entry.data, { id: entry.id, retryCount: entry.retryCount });
        this.runs.push({ id: entry.id, retryCount: entry.retryCount, ok: true });
        this.entries.delete(entry.id);
      } catch (error) {
        this.runs.push({ id: entry.id, retryCount: entry.retryCount, ok: false });
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
        this.arm({ ...entry, retryCount: attempts, dueAt: this.now() + backoff, timer: null });
      }
    })();
    this.running.add(p);
    void p.finally(() => {
      this.running.delete(p);
      this.runningIds.delete(entry.id);
    });
  }

  /** Tasks waiting (armed or parked), with their due time. */
  pending(): Array<{ id: string; data: T; dueAt: Date; retryCount: number; parked: boolean }> {
    return [...this.entries.values()].map((e) => ({
      id: e.id,
      data: e.data,
      dueAt: new Date(e.dueAt),
      retryCount: e.retryCount,
      parked: e.timer === null && !this.runningIds.has(e.id),
    }));
  }

  /** Runs parked (far-future) tasks now, e.g. after moving a test clock past their time. */
  releaseParked(filter: (data: T, dueAt: Date) => boolean = () => true): number {
    let released = 0;
    for (const entry of this.entries.values()) {
      const parked = entry.timer === null && !this.runningIds.has(entry.id);
      if (parked && filter(entry.data, new Date(entry.dueAt))) {
        released += 1;
        this.run(entry);
      }
    }
    return released;
  }

  /**
   * Resolves when no task is running and no armed task is due within `horizonMs` (default
   * 10 s); parked tasks are left waiting.
   */
  async drain(horizonMs = 10_000): Promise<void> {
    for (;;) {
      if (this.running.size > 0) {
        await Promise.allSettled([...this.running]);
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
    return lost;
  }

  /** Cancels every timer (end of a test or of the local stack). */
  close(): void {
    for (const entry of this.entries.values()) if (entry.timer) clearTimeout(entry.timer);
    this.entries.clear();
  }
}
