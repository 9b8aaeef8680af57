import {
  type InboundIntent,
  type MessagingChannel,
  type NotificationKind,
  PRIORITY_BY_KIND,
  parsePhone,
} from '@omega/core';
import type { Firestore } from 'firebase-admin/firestore';
import { logs } from '../../logs.ts';
import { isAlreadyExists } from '../../store/claims.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import { createNotification } from '../../store/history.ts';
import { ts } from '../../store/timestamps.ts';
import type { PipelineDeps } from '../deps.ts';

/** `origin` of the history documents of automatic answers to inbound messages. */
export const AUTO_REPLY_ORIGIN = 'auto_reply';

/**
 * The lawful basis recorded on an automatic answer: the customer's own request. Someone who
 * has just written to us (a keyword, a question) asked for this one answer, on the channel
 * they used; it is not a notification, so core's consent/service cascade does not apply to it.
 * The send gate still applies the suppression list (after a STOP only the opt-out confirmation
 * goes out, on the channel the STOP came from), the channel switch, the frequency cap and the
 * budget (see core's `decideSend`, origin `auto_reply`).
 */
export const REPLY_BASIS = 'request';

/** Length of an acknowledgement bucket: one automatic acknowledgement per conversation per bucket. */
export const ACK_BUCKET_MS = 4 * 3_600_000;

/** What an inbound message calls for: an automatic answer of `kind`, and whether staff must read it. */
export interface ReplyDecision {
  /** The answer to send; `reply_escalation_ack` only when this message wins the bucket's claim. */
  kind: NotificationKind;
  escalate: boolean;
}

/**
 * The answer an inbound intent calls for (pure): keywords get their template, opt-out and
 * opt-in their confirmation; STATUT without a known ticket, and anything that is not a
 * keyword, are escalated to staff with an acknowledgement.
 */
export function replyFor(intent: InboundIntent, hasTicket: boolean): ReplyDecision {
  switch (intent) {
    case 'opt_out':
    case 'opt_out_all':
      return { kind: 'reply_opt_out', escalate: false };
    case 'opt_in':
      return { kind: 'reply_opt_in', escalate: false };
    case 'help':
      return { kind: 'reply_help', escalate: false };
    case 'hours':
      return { kind: 'reply_hours', escalate: false };
    case 'address':
      return { kind: 'reply_address', escalate: false };
    case 'status':
      return hasTicket
        ? { kind: 'reply_status', escalate: false }
        : { kind: 'reply_escalation_ack', escalate: true };
    case 'escalate':
      return { kind: 'reply_escalation_ack', escalate: true };
  }
}

/** The deterministic id of the automatic answer to inbound message `messageSid`. */
export function replyNotificationId(messageSid: string): string {
  return `reply_${messageSid}`;
}

/** The acknowledgement bucket of a time (`ACK_BUCKET_MS` wide, UTC-aligned). */
export function ackBucket(at: Date): number {
  return Math.floor(at.getTime() / ACK_BUCKET_MS);
}

/**
 * Claims the acknowledgement of a conversation's current bucket by `create()` of
 * `conversations/{e164}/acks/{bucket}`: of concurrent inbound messages exactly one wins. The
 * same message redelivered wins again (the claim names it), so a retried ingestion still
 * plans its acknowledgement.
 */
export async function claimAcknowledgement(
  db: Firestore,
  input: { e164: string; messageSid: string; at: Date },
): Promise<boolean> {
  const ref = db
    .collection(COLLECTIONS.conversations)
    .doc(input.e164)
    .collection('acks')
    .doc(String(ackBucket(input.at)));
  try {
    await ref.create({ messageSid: input.messageSid, at: ts(input.at) });
    return true;
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    return (await ref.get()).get('messageSid') === input.messageSid;
  }
}

/** The inbound message an automatic answer replies to. */
export interface InboundReplyInput {
  messageSid: string;
  e164: string;
  channel: MessagingChannel;
  kind: NotificationKind;
  customerId: string | null;
  clientId: string | null;
  ticketId: string | null;
  ticketStatus: string | null;
  /** When the inbound message was received (opens the WhatsApp window the answer uses). */
  inboundAt: Date;
  /** Planned template variables (`actionReply` of a `reply_action`). */
  variables?: Record<string, string>;
}

/**
 * Plans an automatic answer through the send pipeline: a `notification_history` document with
 * the deterministic id `reply_<MessageSid>` (`create()`: a redelivered inbound message plans it
 * once), `origin: auto_reply`, the inbound channel and number, the basis `request` (see
 * `REPLY_BASIS`), then the send task (task id = notification id). The send task renders it,
 * sends it and records its cost and statistics like any notification.
 */
export async function planInboundReply(
  deps: PipelineDeps,
  input: InboundReplyInput,
): Promise<{ notificationId: string; created: boolean }> {
  const settings = await deps.settings.get();
  const now = deps.clock();
  const _at = ts(now);
  const notificationId = replyNotificationId(input.messageSid);
  const phone = parsePhone(input.e164, { defaultCountry: settings.core.defaultCountry });
  const created = await createNotification(deps.db, notificationId, {
    status: 'planned',
    at: now,
    source: 'pipeline',
    detail: `reply_to:${input.messageSid}`,
    fields: {
      origin: AUTO_REPLY_ORIGIN,
      replyTo: { messageSid: input.messageSid, at: ts(input.inboundAt) },
      customerId: input.customerId,
      clientId: input.clientId,
      ticketId: input.ticketId,
      type: input.channel,
      channel: input.channel,
      kind: input.kind,
      priority: PRIORITY_BY_KIND[input.kind],
      changeId: `inbound:${input.messageSid}`,
      ticketStatus: input.ticketStatus,
      to: input.e164,
      priceZone: phone.ok ? phone.value.zone : null,
      audience: input.customerId ? 'registered' : 'walk_in',
      basis: REPLY_BASIS,
      rule: 'inbound_reply',
      phoneSource: 'inbound',
      planSkips: {},
      skipReason: null,
      reasonText: null,
      notBefore: null,
      holdExpiresAt: null,
      ...(input.variables ? { variables: input.variables } : {}),
    },
  });
  await deps.queue.enqueue({ notificationId }, { id: notificationId });
  logs.notificationPlanned({
    notificationId,
    ticketId: input.ticketId ?? '',
    kind: input.kind,
    channel: input.channel,
    action: 'send',
    reason: `answer to ${input.messageSid}`,
  });
  return { notificationId, created };
}
