import type { BatchResponse, Messaging } from 'firebase-admin/messaging';
import { describe, expect, it } from 'vitest';
import type { PushMessage } from '../port.ts';
import { fcmPushSender, readFcmResponse, toFcmMulticast } from './index.ts';

const message: PushMessage = {
  channel: 'push',
  notificationId: 'T1_push_abc',
  tokens: ['tok-a', 'tok-b', 'tok-c'],
  title: "O'MEGA Services",
  body: 'Votre iPhone 13 est prêt',
  data: { ticketId: 'T1', kind: 'status_completed' },
};

function batch(results: Array<string | { code: string }>): BatchResponse {
  const responses = results.map((r) =>
    typeof r === 'string'
      ? { success: true, messageId: r }
      : { success: false, error: { code: r.code, message: r.code } },
  );
  return {
    responses,
    successCount: responses.filter((r) => r.success).length,
    failureCount: responses.filter((r) => !r.success).length,
  } as unknown as BatchResponse;
}

describe('toFcmMulticast', () => {
  it('maps the notification to every platform with the notification id in data', () => {
    const request = toFcmMulticast(message);
    expect(request.tokens).toEqual(['tok-a', 'tok-b', 'tok-c']);
    expect(request.notification).toEqual({
      title: "O'MEGA Services",
      body: 'Votre iPhone 13 est prêt',
    });
    expect(request.data).toEqual({
      ticketId: 'T1',
      kind: 'status_completed',
      notificationId: 'T1_push_abc',
    });
    expect(request.android).toMatchObject({ priority: 'high', collapseKey: 'T1' });
    expect(request.apns?.headers).toEqual({ 'apns-priority': '10' });
  });
});

describe('readFcmResponse', () => {
  it('reports unregistered and invalid tokens for removal, keeps transient ones', () => {
    const read = readFcmResponse(
      message.tokens,
      batch([
        'm1',
        { code: 'messaging/registration-token-not-registered' },
        { code: 'messaging/unavailable' },
      ]),
    );
    expect(read).toEqual({
      messageIds: ['m1'],
      invalidTokens: ['tok-b'],
      transient: 1,
      otherErrors: [],
    });
  });
});

describe('fcmPushSender', () => {
  function fakeMessaging(response: BatchResponse) {
    const calls: unknown[] = [];
    return {
      calls,
      messaging: {
        sendEachForMulticast: async (m: unknown) => {
          calls.push(m);
          return response;
        },
      } as unknown as Messaging,
    };
  }

  it('succeeds when one token got it and lists the invalid ones', async () => {
    const { messaging } = fakeMessaging(
      batch(['m1', { code: 'messaging/invalid-registration-token' }, 'm3']),
    );
    const result = await fcmPushSender(messaging).send(message);
    expect(result).toEqual({
      ok: true,
      value: { providerId: 'm1,m3', status: 'sent', segments: null, invalidTokens: ['tok-b'] },
    });
  });

  it('fails permanently when every token is invalid', async () => {
    const { messaging } = fakeMessaging(
      batch(Array(3).fill({ code: 'messaging/registration-token-not-registered' })),
    );
    const result = await fcmPushSender(messaging).send(message);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_tokens');
      expect(result.error.retryable).toBe(false);
      expect(result.error.invalidTokens).toEqual(message.tokens);
    }
  });

  it('asks for a retry when FCM is only temporarily unavailable', async () => {
    const { messaging } = fakeMessaging(
      batch(Array(3).fill({ code: 'messaging/server-unavailable' })),
    );
    const result = await fcmPushSender(messaging).send(message);
    expect(!result.ok && result.error.retryable).toBe(true);
  });
});
