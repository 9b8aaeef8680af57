import { DEFAULT_RETRY_POLICY, queueRetryConfig } from '@omega/core';
import type { RetryConfig } from '../../queue/task-queue.ts';

/**
 * The send queue's retry configuration, declared on the deployed `onTaskDispatched` function
 * and honoured by the in-process queue — derived from core's retry policy
 * (`queueRetryConfig`). A refusal the provider answered is not retried by the queue: the send
 * path records it and queues the next attempt itself at the time core's `decideRetry` gives.
 * The queue's own retries only cover a run that threw (a failed read or commit, an instance
 * killed): nothing was sent, or the next run reconciles with the provider first.
 */
export const SEND_RETRY_CONFIG: RetryConfig = queueRetryConfig(DEFAULT_RETRY_POLICY);

/**
 * Dispatch rate of the send queue: matches what one Twilio sender takes (an alphanumeric
 * sender / Messaging Service sends ~10 segments per second in France; WhatsApp 80 MPS), with
 * room for email and push sharing the queue.
 */
export const SEND_RATE_LIMITS = { maxConcurrentDispatches: 10, maxDispatchesPerSecond: 10 };
