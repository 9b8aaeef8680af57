import { STATUS_RANK } from './delivery-state.ts';
import type { NotificationStatus, Result, TwilioMessageStatus } from './types.ts';

/**
 * The life of a `notification_history` document, as one table.
 *
 * Before the provider has the message, the pipeline owns the status:
 * - `planned`: waiting for its send task; `deferred`: waiting for the send window
 *   (`notBefore`); `held`: waiting for the monthly budget (`holdExpiresAt`);
 * - `error`: an attempt failed and will be retried (retryable error, expired lease);
 * - `skipped` (terminal): it will not go out, with a reason;
 * - `failed` (terminal for the pipeline): the provider refused it, or retries are exhausted.
 *
 * Once the provider has accepted the message, Twilio's statuses take over (`queued` … `read`)
 * (`sending` is Twilio's: the pipeline never writes it) and move only forward, by core's {@link STATUS_RANK}: a late or reordered callback is a
 * no-op, never a step back. `failed` is both the pipeline's refusal and Twilio's status of the
 * same rank: a callback may still move it forward (`delivered` after an ambiguous send that
 * Twilio had accepted), a pipeline write may not move a provider status anywhere.
 */
export const PIPELINE_STATUSES = [
  'planned',
  'deferred',
  'held',
  'error',
  'skipped',
] as const satisfies readonly NotificationStatus[];

/** A status the pipeline owns (before the provider took the message). */
export type PipelineStatus = (typeof PIPELINE_STATUSES)[number];

/** Who asks for a status change: the pipeline's own steps, or the provider's word. */
export type TransitionSource = 'pipeline' | 'provider' | 'callback' | 'reconcile';

/** Statuses after which the pipeline does nothing more (a provider status may still move). */
export const TERMINAL_STATUSES: ReadonlySet<NotificationStatus> = new Set<NotificationStatus>([
  'skipped',
  'failed',
  'canceled',
  'undelivered',
  'partially_delivered',
  'delivered',
  'read',
  'received',
]);

/**
 * The pipeline's own moves: from each pipeline status, the statuses a pipeline step may write.
 * Every provider status is also reachable from a pipeline status (the provider accepted the
 * message, or its callback arrived before our success write); see {@link nextStatus}.
 */
export const PIPELINE_TRANSITIONS: Readonly<Record<PipelineStatus, readonly NotificationStatus[]>> =
  {
    planned: ['planned', 'deferred', 'held', 'error', 'skipped', 'failed'],
    deferred: ['planned', 'deferred', 'held', 'error', 'skipped', 'failed'],
    held: ['planned', 'deferred', 'held', 'skipped', 'failed'],
    error: ['planned', 'deferred', 'held', 'error', 'skipped', 'failed'],
    skipped: [],
  };

/** Why a status change was refused. */
export interface IllegalTransition {
  code: 'illegal_transition';
  from: NotificationStatus;
  to: NotificationStatus;
  source: TransitionSource;
  message: string;
}

/** The status to store, and whether it differs from the current one. */
export interface TransitionResult {
  status: NotificationStatus;
  changed: boolean;
}

function isPipelineStatus(status: NotificationStatus): status is PipelineStatus {
  return (PIPELINE_STATUSES as readonly string[]).includes(status);
}

/** Whether `status` is one of Twilio's message statuses (ranked). */
export function isProviderStatus(status: string): status is TwilioMessageStatus {
  return Object.hasOwn(STATUS_RANK, status);
}

/**
 * The one transition function of a notification's status (pure).
 *
 * - A provider status (`provider`, `callback`, `reconcile` sources, or the pipeline recording
 *   the provider's acceptance) over a pipeline status: taken. Over a provider status: the
 *   higher rank wins; a lower or equal rank is a no-op (`changed: false`), never an error —
 *   callbacks arrive late, twice and out of order.
 * - A pipeline status over a pipeline status: allowed by {@link PIPELINE_TRANSITIONS}, else an
 *   {@link IllegalTransition}.
 * - A pipeline status over a provider status is illegal (the provider has the message: an
 *   attempt that believes it failed must not overwrite `delivered`) — except `failed`, which
 *   the pipeline writes over `failed` (idempotent record).
 *
 * @example nextStatus('planned', 'queued', 'provider') // ok: { status: 'queued', changed: true }
 * @example nextStatus('delivered', 'sent', 'callback') // ok: { status: 'delivered', changed: false }
 * @example nextStatus('delivered', 'error', 'pipeline') // error: illegal_transition
 */
export function nextStatus(
  current: NotificationStatus | null,
  requested: NotificationStatus,
  source: TransitionSource,
): Result<TransitionResult, IllegalTransition> {
  const illegal = (from: NotificationStatus): Result<TransitionResult, IllegalTransition> => ({
    ok: false,
    error: {
      code: 'illegal_transition',
      from,
      to: requested,
      source,
      message: `${source} cannot move a notification from ${from} to ${requested}`,
    },
  });
  if (current === null) return { ok: true, value: { status: requested, changed: true } };
  const fromProvider = source !== 'pipeline';
  if (isProviderStatus(requested) && (fromProvider || requested !== 'failed')) {
    if (!isProviderStatus(current)) {
      if (current === 'skipped') return illegal(current);
      return { ok: true, value: { status: requested, changed: true } };
    }
    if (STATUS_RANK[requested] > STATUS_RANK[current]) {
      return { ok: true, value: { status: requested, changed: true } };
    }
    return { ok: true, value: { status: current, changed: false } };
  }
  // The pipeline's own statuses (and its `failed`: a refusal recorded by the pipeline).
  if (isPipelineStatus(current)) {
    if (!PIPELINE_TRANSITIONS[current].includes(requested)) return illegal(current);
    return { ok: true, value: { status: requested, changed: requested !== current } };
  }
  if (current === 'failed' && requested === 'failed') {
    return { ok: true, value: { status: current, changed: false } };
  }
  return illegal(current);
}

/** Whether the send task may still take the notification (waiting, or to be retried). */
export function isDispatchable(status: NotificationStatus): boolean {
  return status === 'planned' || status === 'deferred' || status === 'error';
}
