import { err, ok } from '@omega/core';
import type { BatchResponse, Messaging, MulticastMessage } from 'firebase-admin/messaging';
import type { ChannelSender, PushMessage } from '../port.ts';

/** FCM error codes meaning the token will never work again: remove it from the profile. */
export const INVALID_TOKEN_CODES: readonly string[] = [
  'messaging/registration-token-not-registered',
  'messaging/invalid-registration-token',
  'messaging/invalid-argument',
];

/** FCM error codes worth retrying later. */
const TRANSIENT_CODES: readonly string[] = [
  'messaging/internal-error',
  'messaging/server-unavailable',
  'messaging/unavailable',
  'messaging/quota-exceeded',
  'messaging/message-rate-exceeded',
];

/** The FCM multicast request of a push notification. */
export function toFcmMulticast(message: PushMessage): MulticastMessage {
  return {
    tokens: message.tokens,
    notification: { title: message.title, body: message.body },
    data: { ...message.data, notificationId: message.notificationId },
    android: { priority: 'high', collapseKey: message.data.ticketId ?? message.notificationId },
    apns: { headers: { 'apns-priority': '10' }, payload: { aps: { sound: 'default' } } },
    webpush: { headers: { Urgency: 'high' } },
  };
}

/** Splits FCM's per-token answers into message ids, invalid tokens and transient failures. */
export function readFcmResponse(
  tokens: readonly string[],
  response: BatchResponse,
): { messageIds: string[]; invalidTokens: string[]; transient: number; otherErrors: string[] } {
  const messageIds: string[] = [];
  const invalidTokens: string[] = [];
  const otherErrors: string[] = [];
  let transient = 0;
  response.responses.forEach((r, i) => {
    if (r.success) {
      if (r.messageId) messageIds.push(r.messageId);
      return;
    }
    const code = r.error?.code ?? 'unknown';
    const token = tokens[i];
    if (INVALID_TOKEN_CODES.includes(code) && token) invalidTokens.push(token);
    else if (TRANSIENT_CODES.includes(code)) transient += 1;
    else otherErrors.push(code);
  });
  return { messageIds, invalidTokens, transient, otherErrors };
}

/** Push through Firebase Cloud Messaging (firebase-admin), one multicast per notification. */
export function fcmPushSender(messaging: Messaging): ChannelSender<PushMessage> {
  return {
    channel: 'push',
    async send(message) {
      if (message.tokens.length === 0) {
        return err({
          code: 'bad_request',
          message: 'no push token',
          providerCode: null,
          httpStatus: null,
          retryable: false,
        });
      }
      let response: BatchResponse;
      try {
        response = await messaging.sendEachForMulticast(toFcmMulticast(message));
      } catch (error) {
        const code = (error as { code?: string }).code ?? null;
        return err({
          code: 'network',
          message: error instanceof Error ? error.message : String(error),
          providerCode: code,
          httpStatus: null,
          retryable: code === null || TRANSIENT_CODES.includes(code),
        });
      }
      const read = readFcmResponse(message.tokens, response);
      if (read.messageIds.length > 0) {
        return ok({
          providerId: read.messageIds.join(','),
          status: 'sent',
          segments: null,
          invalidTokens: read.invalidTokens,
        });
      }
      const allInvalid = read.invalidTokens.length === message.tokens.length;
      return err({
        code: allInvalid ? 'invalid_tokens' : 'provider_rejected',
        message: allInvalid
          ? 'every push token is invalid'
          : `FCM refused: ${[...read.otherErrors, ...(read.transient ? ['transient'] : [])].join(', ')}`,
        providerCode: read.otherErrors[0] ?? null,
        httpStatus: null,
        retryable: !allInvalid && read.transient > 0,
        invalidTokens: read.invalidTokens,
      });
    },
  };
}
