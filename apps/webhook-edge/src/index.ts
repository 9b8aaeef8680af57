// Composition root: builds the Hono app, mounts the routes, exports the Worker handlers.

import type { ForwardedEvent } from '@omega/forwarding';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import type { Bindings } from './env.ts';
import { notFound, onError } from './errors.ts';
import { consumeBatch } from './queue/consumer.ts';
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
  queue: (batch, env) =>
    consumeBatch(batch, env, { fetch: (input, init) => fetch(input, init), now: () => Date.now() }),
} satisfies ExportedHandler<Bindings, ForwardedEvent>;
