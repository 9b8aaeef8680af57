import type { Result } from '@omega/core';
import { FieldValue } from 'firebase-admin/firestore';
import type {
  OutboundMessage,
  SendAccepted,
  SendRefused,
  TwilioSender,
} from '../../adapters/port.ts';
import type { ApiDeps } from '../../api/deps.ts';
import { ApiError } from '../../http/index.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import { appendTimeline, timelineEntry } from '../../store/history.ts';
import { ts } from '../../store/timestamps.ts';
import { statusCallbackUrl } from '../status-callback.ts';

/** A message staff send directly (conversation reply, test message), not planned by the cascade. */
export type DirectMessage =
  | { channel: 'sms'; to: string; body: string }
  | {
      channel: 'whatsapp';
      to: string;
      content:
        | { mode: 'free_text'; body: string }
        | { mode: 'template'; contentSid: string; variables: Record<string, string> };
    }
  | { channel: 'email'; to: string; subject: string; text: string };

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
}

/** The outcome of a direct send: the history id and the provider's answer. */
export type DirectSendResult = Result<
  { notificationId: string; providerId: string; status: string },
  { code: string; message: string; notificationId: string }
>;

/**
 * Sends one message through the channel adapter the pipeline uses (same sender settings,
 * same status-callback route) and records it in `notification_history` with `origin`, so
 * its delivery status appears in the history like any other message. A provider refusal is
 * recorded (`failed`) and returned as a value.
 */
export async function directSend(
  deps: ApiDeps,
  message: DirectMessage,
  context: DirectSendContext,
): Promise<DirectSendResult> {
  const settings = await deps.settings.get();
  const now = deps.clock();
  const notificationId = `${context.origin}_${deps.newId()}`;
  const ref = deps.db.collection(COLLECTIONS.history).doc(notificationId);
  const sender: TwilioSender = settings.twilio.messagingServiceSid
    ? { messagingServiceSid: settings.twilio.messagingServiceSid }
    : {
        from:
          message.channel === 'whatsapp' ? settings.twilio.whatsappFrom : settings.twilio.smsFrom,
      };
  const statusCallback = statusCallbackUrl(deps.edgePublicUrl, notificationId);
  let outbound: OutboundMessage;
  if (message.channel === 'sms')
    outbound = {
      channel: 'sms',
      notificationId,
      to: message.to,
      body: message.body,
      sender,
      statusCallback,
    };
  else if (message.channel === 'whatsapp')
    outbound = {
      channel: 'whatsapp',
      notificationId,
      to: message.to,
      sender,
      statusCallback,
      content: message.content,
    };
  else
    outbound = {
      channel: 'email',
      notificationId,
      to: message.to,
      from: deps.mailFrom,
      subject: message.subject,
      text: message.text,
    };

  const adapter = deps.senders[message.channel];
  if (!adapter)
    throw new ApiError(
      503,
      'channel_unavailable',
      `Le canal ${message.channel} n’est pas configuré.`,
    );

  const at = ts(now);
  await ref.create({
    customerId: context.customerId,
    clientId: context.clientId,
    ticketId: null,
    type: message.channel,
    channel: message.channel,
    kind: context.kind,
    priority: 'critical',
    origin: context.origin,
    actor: context.actor,
    status: 'sending',
    to: message.to,
    bodyPreview: context.preview.slice(0, 500),
    createdAt: at,
    updatedAt: at,
    sentAt: null,
    deliveredAt: null,
    attempts: 1,
    errorCode: null,
    errorMessage: null,
    errors: [],
    timeline: [timelineEntry('sending', at, 'pipeline')],
    metadata: {
      twilioMessageId: null,
      providerMessageId: null,
      cost: null,
      segments: null,
      whatsappMode: message.channel === 'whatsapp' ? message.content.mode : null,
      contentSid:
        message.channel === 'whatsapp' && message.content.mode === 'template'
          ? message.content.contentSid
          : null,
    },
    pricePending: false,
  });

  const result = await (
    adapter.send as (m: OutboundMessage) => Promise<Result<SendAccepted, SendRefused>>
  )(outbound);
  const doneAt = ts(deps.clock());
  if (result.ok) {
    const isTwilio = message.channel !== 'email';
    await ref.update({
      status: result.value.status,
      sentAt: doneAt,
      updatedAt: doneAt,
      [isTwilio ? 'metadata.twilioMessageId' : 'metadata.providerMessageId']:
        result.value.providerId,
      'metadata.segments': result.value.segments,
      pricePending: isTwilio,
      timeline: appendTimeline(timelineEntry(result.value.status, doneAt, 'provider')),
    });
    return {
      ok: true,
      value: { notificationId, providerId: result.value.providerId, status: result.value.status },
    };
  }
  await ref.update({
    status: 'failed',
    updatedAt: doneAt,
    errorCode: result.error.providerCode ?? result.error.code,
    errorMessage: result.error.message,
    errors: FieldValue.arrayUnion({
      at: doneAt,
      attempt: 1,
      code: result.error.providerCode ?? result.error.code,
      httpStatus: result.error.httpStatus,
      message: result.error.message,
    }),
    timeline: appendTimeline(
      timelineEntry(
        'failed',
        doneAt,
        'provider',
        String(result.error.providerCode ?? result.error.code),
      ),
    ),
  });
  return {
    ok: false,
    error: {
      code: String(result.error.providerCode ?? result.error.code),
      message: result.error.message,
      notificationId,
    },
  };
}
