import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { webhookBodyLimit } from '../middleware/body-limit.ts';
import { methodNotAllowed } from '../middleware/method-not-allowed.ts';
import { verifyTwilio } from '../middleware/verify-twilio.ts';
import { acceptWebhook } from './accept-webhook.ts';

/**
 * `POST /twilio/status?n=<notificationId>`: a message status callback. Answers an empty 204
 * once the event is on the queue.
 */
export const twilioStatus = new Hono<AppEnv>()
  .post('/', webhookBodyLimit, verifyTwilio('status'), async (c) => {
    const refused = await acceptWebhook(c, 'status');
    return refused ?? c.body(null, 204);
  })
  .all('/', methodNotAllowed(['POST']));
