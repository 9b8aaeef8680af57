import { setTimeout as sleep } from 'node:timers/promises';
import type { Result, SkipReason } from '@omega/core';
import type { DocumentSnapshot } from 'firebase-admin/firestore';
import { createNotification, historyRef } from '../../store/history.ts';
import { ts } from '../../store/timestamps.ts';
import type { PipelineDeps } from '../deps.ts';
import { skipReasonText } from '../reasons.ts';
import { dispatchSend } from './dispatch.ts';
import { type DirectContent, directContentSchema } from './job.ts';

/** A message staff send directly (conversation reply, test message), not planned by the cascade. */
export type DirectMessage = DirectContent & { to: string };

/** Who and why, recorded on the history document. */
export interface DirectSendContext {
  /** `reply` (conversation) or `test` (settings page). */
  origin: 'reply' | 'test';
  kind: string;
  actor: string;
  customerId: string | null;
  clientId: string | null;
  /** Shown in the history instead of the template text. */
  preview: string;
  /** A reply: the customer's last inbound message (the WhatsApp window the gate checks). */
  lastInboundAt?: Date | null;
  /**
   * Fingerprint of the request that asked for it (stored as `requestFingerprint`): the same id
   * asked again with another fingerprint is a `conflict` and sends nothing.
   */
  fingerprint?: string;
}

/** Why a direct send did not leave. */
export type DirectSendFailure = {
  code: string;
  message: string;
  notificationId: string;
  /**
   * `blocked`: the send gate refused it (a STOP, a channel switched off…; nothing was sent);
   * `refused`: the provider refused it; `retrying`: a transient error, the send queue retries it;
   * `conflict`: the id was first used by another request (nothing sent for this one);
   * `in_progress`: the id's first request is still sending (ask again with the same id).
   */
  reason: 'blocked' | 'refused' | 'retrying' | 'conflict' | 'in_progress';
};

/** A direct send the provider accepted. */
export interface DirectSent {
  notificationId: string;
  providerId: string;
  /** The history's status (later answers for the same id: the status reached since). */
  status: string;
  /** What staff see as sent (the history's preview; a free text in full). */
  text: string;
  /** WhatsApp: free text or content template; `null` for the other channels. */
  whatsappMode: 'free_text' | 'template' | null;
}

/** The outcome of a direct send: the history id and the provider's answer. */
export type DirectSendResult = Result<DirectSent, DirectSendFailure>;

/**
 * Sends a direct message; `id` names the history document (the API's idempotent request id):
 * the same id again sends nothing and answers what the first call recorded.
 */
export type DirectSender = (
  message: DirectMessage,
  context: DirectSendContext,
  id: string,
) => Promise<DirectSendResult>;

/** {@link replayDirectSend} with the pipeline's dependencies bound. */
export type DirectReplayer = (
  origin: DirectSendContext['origin'],
  id: string,
  fingerprint: string | undefined,
) => Promise<DirectSendResult | null>;

/**
 * A staff direct send goes through the same path as every notification: a history document
 * (`origin`, the staff member, what they wrote under `direct`), then the send task's steps run
 * at once in the request — claim, the send gate (a STOP, a channel switched off, the WhatsApp
 * window of a reply), the channel adapter, and the same recording (encoding, cost, statistics,
 * contact counts; a refusal classified by core, an opt-out withdrawing consent and suppressing
 * the number). A transient error is left to the send queue, which retries it.
 *
 * `id` makes it idempotent: the history document `<origin>_<id>` is `create()`d, so of any
 * number of calls with the same id exactly one sends (the claim settles a race between two
 * dispatches); the others answer the recorded outcome ({@link replayDirectSend}).
 */
export async function sendDirect(
  deps: PipelineDeps,
  message: DirectMessage,
  context: DirectSendContext,
  id: string,
): Promise<DirectSendResult> {
  const notificationId = directNotificationId(context.origin, id);
  const now = deps.clock();
  const { to, ...direct } = message;
  const created = await createNotification(deps.db, notificationId, {
    status: 'planned',
    at: now,
    source: 'pipeline',
    detail: `staff:${context.actor}`,
    whatsappMode: direct.channel === 'whatsapp' ? direct.content.mode : null,
    fields: {
      customerId: context.customerId,
      clientId: context.clientId,
      ticketId: null,
      ticketStatus: null,
      type: message.channel,
      channel: message.channel,
      kind: context.kind,
      priority: 'critical',
      origin: context.origin,
      actor: context.actor,
      changeId: notificationId,
      to,
      bodyPreview: context.preview.slice(0, 500),
      direct,
      replyTo: context.lastInboundAt ? { messageSid: null, at: ts(context.lastInboundAt) } : null,
      notBefore: null,
      holdExpiresAt: null,
      requestFingerprint: context.fingerprint ?? null,
    },
  });
  if (!created) {
    const replayed = await replayDirectSend(deps, context.origin, id, context.fingerprint);
    if (replayed) return replayed;
    throw new Error(`direct send ${notificationId}: exists and then does not`);
  }
  const outcome = await dispatchDirect(deps, notificationId, id);
  if (outcome?.outcome === 'sent')
    return {
      ok: true,
      value: {
        notificationId,
        providerId: outcome.providerId,
        status: outcome.status,
        text: context.preview,
        whatsappMode: direct.channel === 'whatsapp' ? direct.content.mode : null,
      },
    };
  // Refused, retrying, or sent by a concurrent call of the same id: what the history says.
  return awaitRecorded(deps, notificationId);
}

/** The history document id of a direct send. */
export function directNotificationId(origin: DirectSendContext['origin'], id: string): string {
  return `${origin}_${id}`;
}

/**
 * The answer to a direct send asked again under the same `id`: `null` when none was recorded;
 * a `conflict` when `fingerprint` differs from the first request's; else the recorded outcome
 * (sent with its id and current status, or the refusal). A first call that stopped before its
 * provider call (nothing sent) is completed now; one still sending is waited for a moment,
 * then answered `in_progress`.
 */
export async function replayDirectSend(
  deps: PipelineDeps,
  origin: DirectSendContext['origin'],
  id: string,
  fingerprint: string | undefined,
): Promise<DirectSendResult | null> {
  const notificationId = directNotificationId(origin, id);
  const snap = await historyRef(deps.db, notificationId).get();
  if (!snap.exists) return null;
  if (fingerprint !== undefined && snap.get('requestFingerprint') !== fingerprint)
    return fail(
      notificationId,
      'idempotency_key_reused',
      'this id was first used by another request',
      'conflict',
    );
  if (snap.get('status') === 'planned' && !snap.get('attempts')) {
    // Never attempted: the first call is sending (it holds the claim, this dispatch stops at
    // it) or stopped before it could (this dispatch sends, once).
    await dispatchDirect(deps, notificationId, id);
  }
  return awaitRecorded(deps, notificationId);
}

/**
 * Runs the send task's steps now. A transient refusal is recorded `error` with its next
 * attempt queued by the send path itself (core's retry rule); the answer reads it back.
 */
async function dispatchDirect(deps: PipelineDeps, notificationId: string, id: string) {
  return dispatchSend(deps, { notificationId }, { retryCount: 0, id: `direct-${id}` });
}

/** How long an answer waits for a concurrent call of the same id to record its outcome. */
const WAIT = { polls: 40, everyMs: 50 } as const;

async function awaitRecorded(deps: PipelineDeps, notificationId: string) {
  for (let poll = 0; ; poll++) {
    const snap = await historyRef(deps.db, notificationId).get();
    if (!snap.exists) throw new Error(`direct send ${notificationId}: no history document`);
    const recorded = recordedDirectOutcome(snap);
    if (recorded) return recorded;
    if (poll >= WAIT.polls)
      return fail(
        notificationId,
        'in_progress',
        `not recorded yet (${String(snap.get('status'))})`,
        'in_progress',
      );
    await sleep(WAIT.everyMs);
  }
}

const fail = (
  notificationId: string,
  code: string,
  message: string,
  reason: DirectSendFailure['reason'],
) => ({ ok: false, error: { code, message, notificationId, reason } }) as const;

/**
 * A direct send's outcome as its history document records it; `null` while nothing is
 * recorded (planned, or being sent). The first answer and every later one come from here.
 */
export function recordedDirectOutcome(snap: DocumentSnapshot): DirectSendResult | null {
  const id = snap.id;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const status = String(snap.get('status'));
  const providerId =
    text(snap.get('metadata.twilioMessageId')) ?? text(snap.get('metadata.providerMessageId'));
  const code = snap.get('errorCode') as unknown;
  const errorCode = code === null || code === undefined || code === '' ? null : String(code);
  const errorMessage = text(snap.get('errorMessage'));
  if (providerId) {
    const direct = directContentSchema.safeParse(snap.get('direct'));
    const content = direct.success ? direct.data : null;
    const written =
      content?.channel === 'sms'
        ? content.body
        : content?.channel === 'whatsapp' && content.content.mode === 'free_text'
          ? content.content.body
          : null;
    return {
      ok: true,
      value: {
        notificationId: id,
        providerId,
        status,
        text: written ?? text(snap.get('bodyPreview')) ?? '',
        whatsappMode: content?.channel === 'whatsapp' ? content.content.mode : null,
      },
    };
  }
  switch (status) {
    case 'skipped': {
      const reason = text(snap.get('skipReason')) ?? errorCode ?? 'skipped';
      return fail(
        id,
        reason,
        text(snap.get('reasonText')) ?? skipReasonText(reason as SkipReason) ?? reason,
        'blocked',
      );
    }
    case 'held':
    case 'deferred':
      return fail(id, status, `not sent (${status})`, 'blocked');
    case 'error':
      return fail(id, errorCode ?? 'retry', errorMessage ?? 'will be retried', 'retrying');
    case 'failed':
    case 'undelivered':
    case 'canceled':
      return fail(id, errorCode ?? status, errorMessage ?? errorCode ?? status, 'refused');
    default:
      return null;
  }
}
