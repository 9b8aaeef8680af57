import type { ForwardedEvent } from '@omega/forwarding';
import { type Bindings, readEnv } from '../env.ts';
import { logForwardedBatch, logForwardFailed } from '../logs.ts';
import { retryDelaySeconds } from './backoff.ts';
import { forwardEvent } from './forward.ts';

/** What the consumer needs from the outside world (injected for tests). */
export interface ConsumerDeps {
  fetch: typeof fetch;
  /** Milliseconds since the epoch. */
  now: () => number;
}

/**
 * The `queue()` handler: forwards every message of the batch to the ingestion endpoint.
 * A 2xx acks the message; anything else retries it with exponential backoff. After
 * `max_retries` (wrangler.jsonc) Cloudflare moves it to the dead-letter queue.
 */
export async function consumeBatch(
  batch: MessageBatch<ForwardedEvent>,
  bindings: Bindings,
  deps: ConsumerDeps,
): Promise<void> {
  const config = readEnv(bindings);
  const forwarded: string[] = [];
  let retried = 0;
  await Promise.all(
    batch.messages.map(async (message) => {
      const outcome = await forwardEvent(message.body, {
        url: config.INGEST_URL,
        secret: config.INGEST_SECRET,
        fetch: deps.fetch,
        now: deps.now,
      });
      if (outcome.ok) {
        message.ack();
        forwarded.push(message.body.id);
        if (message.attempts > 1) retried += 1;
        return;
      }
      const delaySeconds = retryDelaySeconds(message.attempts);
      message.retry({ delaySeconds });
      logForwardFailed(message.body.id, message.attempts, delaySeconds, outcome.error.message, [
        config.INGEST_SECRET,
      ]);
    }),
  );
  if (forwarded.length > 0) logForwardedBatch(forwarded, retried);
}
