import type { RetryConfig } from '../../queue/task-queue.ts';

/**
 * The send queue's retry configuration, declared on the deployed `onTaskDispatched` function
 * and honoured by the in-process queue: 10 runs at most, 10 s doubling 4 times then linear up
 * to 10 min. Core's retry policy (`settings.retry.maxAttempts`) stops earlier for ordinary
 * transient errors; HTTP 429 keeps retrying up to this limit.
 */
export const SEND_RETRY_CONFIG: RetryConfig = {
  maxAttempts: 10,
  minBackoffSeconds: 10,
  maxBackoffSeconds: 600,
  maxDoublings: 4,
};

/**
 * Dispatch rate of the send queue: matches what one Twilio sender takes (an alphanumeric
 * sender / Messaging Service sends ~10 segments per second in France; WhatsApp 80 MPS), with
 * room for email and push sharing the queue.
 */
export const SEND_RATE_LIMITS = { maxConcurrentDispatches: 10, maxDispatchesPerSecond: 10 };
