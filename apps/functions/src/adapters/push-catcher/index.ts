import { err, ok } from '@omega/core';
import { type Firestore, Timestamp } from 'firebase-admin/firestore';
import type { ChannelSender, PushMessage } from '../port.ts';

/** Tokens starting with this prefix are reported invalid, so the token-removal path can be exercised locally. */
export const CATCHER_INVALID_TOKEN_PREFIX = 'invalid-';

/**
 * The local stand-in for FCM (which has no emulator): records in `push_outbox/{notificationId}`
 * what would have been sent, for the dashboard to show next to the sandbox inbox.
 */
export function pushCatcherSender(
  db: Firestore,
  clock: () => Date = () => new Date(),
): ChannelSender<PushMessage> {
  return {
    channel: 'push',
    async send(message) {
      const invalidTokens = message.tokens.filter((t) =>
        t.startsWith(CATCHER_INVALID_TOKEN_PREFIX),
      );
      const valid = message.tokens.filter((t) => !t.startsWith(CATCHER_INVALID_TOKEN_PREFIX));
      if (valid.length === 0) {
        return err({
          code: 'invalid_tokens',
          message: 'every push token is invalid',
          providerCode: 'messaging/registration-token-not-registered',
          httpStatus: null,
          retryable: false,
          invalidTokens,
        });
      }
      await db.doc(`push_outbox/${message.notificationId}`).set({
        tokens: valid,
        title: message.title,
        body: message.body,
        data: message.data,
        at: Timestamp.fromDate(clock()),
      });
      return ok({
        providerId: `catcher-${message.notificationId}`,
        status: 'sent',
        segments: null,
        invalidTokens,
      });
    },
  };
}
