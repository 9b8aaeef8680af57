import type { ForwardedEventType } from '@omega/forwarding';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { clientError } from '../errors.ts';
import { logMalformedRequest } from '../logs.ts';
import { enqueueEvent } from '../queue/producer.ts';
import { buildEvent } from './build-event.ts';

/** Seconds a client should wait before retrying when the queue is unavailable. */
export const QUEUE_RETRY_AFTER_SECONDS = 5;

/**
 * Turns the verified webhook into an event and queues it. Returns the 503 to answer when
 * the queue refused it, `null` when the event is safely queued.
 */
export async function acceptWebhook(
  c: Context<AppEnv>,
  type: ForwardedEventType,
): Promise<Response | null> {
  const { params, url, config } = c.get('webhook');
  const built = buildEvent({ type, params, url, receivedAt: new Date() });
  if (!built.ok) {
    logMalformedRequest(`/twilio/${type}`, built.error.message);
    throw clientError(400, built.error.message);
  }
  const queued = await enqueueEvent(config.EVENTS_QUEUE, built.value);
  if (queued.ok) return null;
  return c.text('Temporarily unavailable, retry later', 503, {
    'Retry-After': String(QUEUE_RETRY_AFTER_SECONDS),
  });
}
