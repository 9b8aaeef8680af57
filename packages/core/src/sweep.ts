import { isDispatchable, TERMINAL_STATUSES } from './pipeline-state.ts';
import type { NotificationStatus } from './types.ts';

/**
 * How long a notification may sit non-terminal past its due time before the sweeper acts:
 * longer than a burst takes to drain at the sender's rate (2,000 messages at 10/s ≈ 3.5 min)
 * and than the queue's own retries of a crashed run.
 */
export const SWEEP_GRACE_MS = 15 * 60_000;

/** Re-drives before a stuck notification is closed as `failed/stuck` with an alert. */
export const SWEEP_MAX_REDRIVES = 3;

/** What the sweeper knows of one notification. */
export interface SweepFacts {
  status: NotificationStatus;
  /** Last change of the document. */
  updatedAt: Date;
  /** Earliest send (a deferral, a scheduled retry), if any. */
  notBefore: Date | null;
  /** End of a budget hold, if held. */
  holdExpiresAt: Date | null;
  /** Re-drives the sweeper already made. */
  sweeps: number;
}

/** The sweeper's verdict on one notification. */
export type SweepVerdict =
  | { action: 'none' }
  | { action: 'wait'; until: Date }
  | { action: 'redrive'; overdueMs: number }
  | { action: 'close'; reason: 'stuck' | 'hold_expired'; overdueMs: number };

/**
 * What the sweeper does with a notification (pure). Terminal statuses and the provider's
 * in-flight ones (the reconciliation schedule asks Twilio about those) are left alone. A
 * dispatchable one (`planned`, `deferred`, `error`) is due at `max(updatedAt, notBefore)`:
 * within {@link SWEEP_GRACE_MS} of that it waits for its task; past it, its task was lost (a
 * plan that died before its enqueue, a retry whose task died, a claim whose holder died and
 * whose lease check was lost): re-driven up to {@link SWEEP_MAX_REDRIVES} times, then closed
 * `stuck`. A hold past its expiry (plus the grace: the budget schedule expires holds) closes
 * as `hold_expired`.
 *
 * Invariant once the system is quiet: every notification is terminal, in flight at the
 * provider, or has a due time in the future.
 */
export function sweepVerdict(
  facts: SweepFacts,
  now: Date,
  options: { graceMs?: number; maxRedrives?: number } = {},
): SweepVerdict {
  const grace = options.graceMs ?? SWEEP_GRACE_MS;
  const max = options.maxRedrives ?? SWEEP_MAX_REDRIVES;
  if (TERMINAL_STATUSES.has(facts.status)) return { action: 'none' };
  if (facts.status === 'held') {
    if (!facts.holdExpiresAt) return { action: 'close', reason: 'hold_expired', overdueMs: 0 };
    const overdue = now.getTime() - (facts.holdExpiresAt.getTime() + grace);
    return overdue >= 0
      ? { action: 'close', reason: 'hold_expired', overdueMs: overdue }
      : { action: 'wait', until: new Date(facts.holdExpiresAt.getTime() + grace) };
  }
  if (!isDispatchable(facts.status)) return { action: 'none' };
  const due = Math.max(facts.updatedAt.getTime(), facts.notBefore?.getTime() ?? 0);
  const overdue = now.getTime() - (due + grace);
  if (overdue < 0) return { action: 'wait', until: new Date(due + grace) };
  if (facts.sweeps >= max) return { action: 'close', reason: 'stuck', overdueMs: overdue };
  return { action: 'redrive', overdueMs: overdue };
}
