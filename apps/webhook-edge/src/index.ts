// Composition root: builds the Hono app, mounts the routes, exports the Worker handlers.

import type { ForwardedEvent } from '@omega/forwarding';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import type { Bindings } from './env.ts';
import { notFound, onError } from './errors.ts';
import { consumeBatch } from './queue/consumer.ts';
import { replayDeadLetters } from './queue/dead-letters.ts';
import { DEAD_LETTER_QUEUE } from './queue/names.ts';
import { health } from './routes/health.ts';
import { twilioInbound } from './routes/twilio-inbound.ts';
import { twilioStatus } from './routes/twilio-status.ts';

const app = new Hono<AppEnv>()
  .route('/health', health)
  .route('/twilio/status', twilioStatus)
  .route('/twilio/inbound', twilioInbound)
  .notFound(notFound)
  .onError(onError);

export default {
  fetch: app.fetch,
  // Two queues, one consumer each: the events (forwarded to ingestion, retried, then
  // dead-lettered) and the dead letters (replayed into ingestion with a long backoff).
  queue: (batch, env) => {
    const deps = {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
      now: () => Date.now(),
    };
    return batch.queue === DEAD_LETTER_QUEUE
      ? replayDeadLetters(batch, env, deps)
      : consumeBatch(batch, env, deps);
  },
} satisfies ExportedHandler<Bindings, ForwardedEvent>;
