import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { webhookBodyLimit } from '../middleware/body-limit.ts';
import { methodNotAllowed } from '../middleware/method-not-allowed.ts';
import { verifyTwilio } from '../middleware/verify-twilio.ts';
import { acceptWebhook } from './accept-webhook.ts';

/**
 * Empty TwiML: the worker never replies itself; every answer to a customer goes through the
 * send pipeline so it is recorded, costed and counted against the budget.
 */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** `POST /twilio/inbound`: an incoming SMS/WhatsApp message. Answers empty TwiML once queued. */
export const twilioInbound = new Hono<AppEnv>()
  .post('/', webhookBodyLimit, verifyTwilio('inbound'), async (c) => {
    const refused = await acceptWebhook(c, 'inbound');
    return refused ?? c.body(EMPTY_TWIML, 200, { 'Content-Type': 'text/xml; charset=utf-8' });
  })
  .all('/', methodNotAllowed(['POST']));
