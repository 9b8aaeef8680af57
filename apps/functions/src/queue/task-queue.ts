/** Options of one enqueue. */
export interface EnqueueOptions {
  /** Run no earlier than this time (deferred sends). */
  scheduleTime?: Date | undefined;
  /**
   * Task id (`[A-Za-z0-9_-]`, ≤ 500): a second enqueue with the same id is refused, as Cloud
   * Tasks does for about an hour after the first. The pipeline uses the notification id, so a
   * redelivered trigger cannot queue a send twice.
   */
  id?: string | undefined;
}

/** Enqueues tasks for a task-queue function (Cloud Tasks in production, in-process locally). */
export interface TaskQueue<T> {
  enqueue(data: T, options?: EnqueueOptions): Promise<'enqueued' | 'duplicate'>;
}

/** What a task handler learns about its execution (a subset of Cloud Tasks' headers). */
export interface TaskRunContext {
  /** Task id. */
  id: string;
  /** How many times this task was retried before this run (0 on the first run). */
  retryCount: number;
}

/** A task handler: return to acknowledge, throw to be retried with the queue's backoff. */
export type TaskHandler<T> = (data: T, context: TaskRunContext) => Promise<void>;

/** Cloud Tasks' retry configuration, as `onTaskDispatched({ retryConfig })` takes it. */
export interface RetryConfig {
  maxAttempts: number;
  minBackoffSeconds: number;
  maxBackoffSeconds: number;
  maxDoublings: number;
}

/**
 * Cloud Tasks' rate limits, as `onTaskDispatched({ rateLimits })` takes them. Cloud Tasks
 * dispatches through a token bucket refilled at `maxDispatchesPerSecond` (first attempts and
 * retries alike) and stops dispatching while `maxConcurrentDispatches` tasks are running.
 */
export interface RateLimits {
  maxConcurrentDispatches?: number | undefined;
  maxDispatchesPerSecond?: number | undefined;
}

/**
 * The delay before retry number `retryCount + 1`, as Cloud Tasks computes it: the interval
 * starts at `minBackoffSeconds`, doubles `maxDoublings` times, then grows linearly by that last
 * doubled step, capped at `maxBackoffSeconds` (e.g. 10, 20, 40, 80, 160, 240, 300, 300 s for
 * min 10, max 300, 3 doublings).
 */
export function cloudTasksBackoffMs(retryCount: number, config: RetryConfig): number {
  const { minBackoffSeconds: min, maxBackoffSeconds: max, maxDoublings } = config;
  const seconds =
    retryCount <= maxDoublings
      ? min * 2 ** retryCount
      : min * 2 ** maxDoublings * (retryCount - maxDoublings + 1);
  return Math.min(max, seconds) * 1000;
}
