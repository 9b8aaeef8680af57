import type { Result } from '@omega/core';
import { createNotification, historyRef } from '../../store/history.ts';
import { ts } from '../../store/timestamps.ts';
import type { PipelineDeps } from '../deps.ts';
import { skipReasonText } from '../reasons.ts';
import { dispatchSend, RetryableSendError } from './dispatch.ts';
import type { DirectContent } from './job.ts';

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
}

/** Why a direct send did not leave. */
export type DirectSendFailure = {
  code: string;
  message: string;
  notificationId: string;
  /**
   * `blocked`: the send gate refused it (a STOP, a channel switched off…; nothing was sent);
   * `refused`: the provider refused it; `retrying`: a transient error, the send queue retries it.
   */
  reason: 'blocked' | 'refused' | 'retrying';
};

/** The outcome of a direct send: the history id and the provider's answer. */
export type DirectSendResult = Result<
  { notificationId: string; providerId: string; status: string },
  DirectSendFailure
>;

/** Sends a direct message; `id` names the history document (the API's request id). */
export type DirectSender = (
  message: DirectMessage,
  context: DirectSendContext,
  id: string,
) => Promise<DirectSendResult>;

/**
 * A staff direct send goes through the same path as every notification: a history document
 * (`origin`, the staff member, what they wrote under `direct`), then the send task's steps run
 * at once in the request — claim, the send gate (a STOP, a channel switched off, the WhatsApp
 * window of a reply), the channel adapter, and the same recording (encoding, cost, statistics,
 * contact counts; a refusal classified by core, an opt-out withdrawing consent and suppressing
 * the number). A transient error is left to the send queue, which retries it.
 */
export async function sendDirect(
  deps: PipelineDeps,
  message: DirectMessage,
  context: DirectSendContext,
  id: string,
): Promise<DirectSendResult> {
  const notificationId = `${context.origin}_${id}`;
  const now = deps.clock();
  const { to, ...direct } = message;
  await createNotification(deps.db, notificationId, {
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
    },
  });
  const fail = (code: string, text: string, reason: DirectSendFailure['reason']) =>
    ({ ok: false, error: { code, message: text, notificationId, reason } }) as const;
  let outcome: Awaited<ReturnType<typeof dispatchSend>>;
  try {
    outcome = await dispatchSend(deps, { notificationId }, { retryCount: 0, id: `direct-${id}` });
  } catch (error) {
    if (!(error instanceof RetryableSendError)) throw error;
    await deps.queue.enqueue({ notificationId }, { id: `${notificationId}-retry` });
    return fail(String(error.code ?? 'retry'), error.message, 'retrying');
  }
  switch (outcome.outcome) {
    case 'sent':
      return {
        ok: true,
        value: { notificationId, providerId: outcome.providerId, status: outcome.status },
      };
    case 'skipped':
      return fail(outcome.reason, skipReasonText(outcome.reason), 'blocked');
    case 'failed': {
      const doc = await historyRef(deps.db, notificationId).get();
      return fail(
        String(outcome.code),
        String(doc.get('errorMessage') ?? outcome.action),
        'refused',
      );
    }
    default:
      return fail(outcome.outcome, `not sent (${outcome.outcome})`, 'blocked');
  }
}
