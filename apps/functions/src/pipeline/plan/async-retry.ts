import {
  type Channel,
  decideRetry,
  nextAllowedTime,
  type Priority,
  parsePhone,
  type RetryPolicy,
  type TwilioErrorClass,
  timeZoneForCountry,
} from '@omega/core';
import type { DocumentSnapshot } from 'firebase-admin/firestore';
import { logs } from '../../logs.ts';
import { isAlreadyExists } from '../../store/claims.ts';
import { addNotification, addRetriedBy } from '../../store/history.ts';
import { addStats } from '../../store/stats.ts';
import { ts } from '../../store/timestamps.ts';
import type { PipelineDeps } from '../deps.ts';

/** Total sends (the first included) of a message whose failure core retries without a cap of its own. */
export const ASYNC_RETRY_MAX_ATTEMPTS = 3;

/**
 * Earliest resend after an asynchronous failure: the carrier already tried, so seconds later
 * is pointless (core's own `minDelayMs` is longer where it knows better: 15 min for 30003).
 */
export const ASYNC_RETRY_MIN_DELAY_MS = 5 * 60_000;

/** The resend an asynchronous failure calls for: its attempt number and earliest time. */
export interface AsyncRetry {
  /** Send attempt of the resend (2 = first resend). */
  attempt: number;
  at: Date;
}

/**
 * Whether and when a message that failed asynchronously (`failed`/`undelivered` callback) is
 * sent again (pure): only when core classifies the error `retry`; at most
 * `min(classified.maxAttempts ?? ASYNC_RETRY_MAX_ATTEMPTS, policy.maxAttempts)` sends in all;
 * after the policy's jittered backoff, never sooner than `classified.minDelayMs` (else
 * {@link ASYNC_RETRY_MIN_DELAY_MS}).
 */
export function asyncRetryOf(input: {
  /** Send attempt of the failed message (1 = the original send). */
  attempt: number;
  classified: Pick<TwilioErrorClass, 'action' | 'maxAttempts' | 'minDelayMs'>;
  policy: RetryPolicy;
  /** In [0, 1): the backoff's jitter. */
  random: number;
  now: Date;
}): AsyncRetry | null {
  const { classified, attempt } = input;
  if (classified.action !== 'retry') return null;
  // Core's one retry rule, with this path's floor and cap (the carrier already tried).
  const decision = decideRetry({
    attempt,
    classified,
    policy: input.policy,
    random: input.random,
    floorMs: classified.minDelayMs === undefined ? ASYNC_RETRY_MIN_DELAY_MS : 0,
    maxAttempts: ASYNC_RETRY_MAX_ATTEMPTS,
  });
  if (!decision.retry) return null;
  return { attempt: attempt + 1, at: new Date(input.now.getTime() + decision.delayMs) };
}

/** The deterministic id of resend `attempt` of the message first sent as `rootId`. */
export function asyncRetryId(rootId: string, attempt: number): string {
  return `${rootId}-retry${attempt}`;
}

/**
 * Schedules the one resend an asynchronous transient failure (30003 handset unreachable,
 * 30008, 30001…) calls for, as core classifies it ({@link asyncRetryOf}): a copy of the failed
 * history document with its send fields reset, `retryOf`/`retryRoot`/`sendAttempt`, and
 * `notBefore` at the retry time (moved to the next send-window opening for priorities that
 * observe quiet hours), created with `create()` under {@link asyncRetryId} — so a redelivered
 * callback cannot schedule it twice — in one batch with the `<channel>_retried` counter and the
 * failed document's `retriedBy`. The send task goes on the pipeline's queue for that time (task
 * id = notification id); at dispatch the pipeline checks consent, suppression and the ticket
 * again. Returns the resend's id, or null when none is due (not retryable, or capped).
 */
export async function planAsyncRetry(
  deps: PipelineDeps,
  failed: { notificationId: string; snap: DocumentSnapshot; channel: Channel },
  classified: TwilioErrorClass,
): Promise<string | null> {
  const data = failed.snap.data();
  if (!data) return null;
  const settings = await deps.settings.get();
  const now = deps.clock();
  const attempt = typeof data.sendAttempt === 'number' ? data.sendAttempt : 1;
  const planned = asyncRetryOf({
    attempt,
    classified,
    policy: settings.core.retry,
    random: deps.random(),
    now,
  });
  if (!planned) return null;
  let at = planned.at;
  const priority = data.priority as Priority | undefined;
  if (priority && settings.core.cascade.quietHoursChannels.includes(failed.channel)) {
    const phone = parsePhone(String(data.to ?? ''), {
      defaultCountry: settings.core.defaultCountry,
    });
    const zone = timeZoneForCountry(phone.ok ? phone.value.country : settings.core.defaultCountry);
    at = nextAllowedTime(at, priority, zone, settings.core.sendWindow);
  }

  const rootId = typeof data.retryRoot === 'string' ? data.retryRoot : failed.notificationId;
  const id = asyncRetryId(rootId, planned.attempt);
  // The copy keeps the plan (identity, basis, variables) and resets every send field.
  const { retriedBy: _retriedBy, status: _status, timeline: _timeline, ...kept } = data;
  const batch = deps.db.batch();
  addNotification(batch, deps.db, id, {
    status: 'planned',
    at: now,
    source: 'callback',
    detail: `retry_of:${failed.notificationId}`,
    fields: {
      ...kept,
      origin: 'async_retry',
      retryOf: failed.notificationId,
      retryRoot: rootId,
      sendAttempt: planned.attempt,
      notBefore: ts(at),
      holdExpiresAt: null,
      skipReason: null,
      reasonText: null,
    },
  });
  addRetriedBy(batch, deps.db, failed.notificationId, id);
  addStats(batch, deps.db, now, { [`${failed.channel}_retried`]: 1 });
  try {
    await batch.commit();
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  await deps.queue.enqueue({ notificationId: id }, { id, scheduleTime: at });
  logs.notificationPlanned({
    notificationId: id,
    ticketId: typeof data.ticketId === 'string' ? data.ticketId : '',
    kind: data.kind,
    channel: failed.channel,
    action: 'send',
    reason: `resend ${planned.attempt} of ${rootId} after ${classified.reason}`,
  });
  return id;
}
