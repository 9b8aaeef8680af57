import type { ForwardedEvent, Outcome } from '@omega/forwarding';
import { logQueueSendFailed } from '../logs.ts';

/**
 * Puts an event on the queue and resolves only once the queue has it; a failure is a value
 * so the route can answer 503 (Twilio then retries if the URL's `rp` allows 5xx).
 */
export async function enqueueEvent(
  queue: Queue<ForwardedEvent>,
  event: ForwardedEvent,
): Promise<Outcome<void, 'queue_unavailable'>> {
  try {
    await queue.send(event, { contentType: 'json' });
  } catch (error) {
    logQueueSendFailed(event.id, error);
    return { ok: false, error: { code: 'queue_unavailable', message: String(error) } };
  }
  return { ok: true, value: undefined };
}
