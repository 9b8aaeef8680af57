import { onTaskDispatched } from 'firebase-functions/v2/tasks';
import type { SendTask } from '../pipeline/deps.ts';
import { SEND_RATE_LIMITS, SEND_RETRY_CONFIG } from '../pipeline/send/retry-config.ts';
import { REGION } from './options.ts';
import { secretsOf } from './secrets.ts';

/**
 * The send queue: one task per attempt of a notification. Returns after recording the outcome
 * (a transient refusal queues the next attempt for its time: core's `decideRetry`); throws only
 * when a run failed before recording anything, to be retried by Cloud Tasks with
 * `SEND_RETRY_CONFIG` (nothing was sent, or the next run reconciles with the provider first).
 */
export const sendNotification = onTaskDispatched<SendTask>(
  {
    region: REGION,
    retryConfig: SEND_RETRY_CONFIG,
    rateLimits: SEND_RATE_LIMITS,
    timeoutSeconds: 120,
    secrets: secretsOf('sendNotification'),
  },
  async (request) => {
    const [{ dispatchSend }, { runtime }] = await Promise.all([
      import('../pipeline/send/dispatch.ts'),
      import('./runtime.ts'),
    ]);
    await dispatchSend(await runtime('sendNotification'), request.data, {
      retryCount: request.retryCount,
      id: request.id,
    });
  },
);
