import type { ForwardedEventType } from '@omega/forwarding';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { readEnv } from '../env.ts';
import { clientError } from '../errors.ts';
import { logMalformedRequest, logSignatureMissing, logSignatureRejected } from '../logs.ts';
import {
  bodyHashOf,
  paramsFromForm,
  signedUrlVariants,
  validateTwilioSignature,
  validateTwilioSignatureWithBody,
} from '../signature/index.ts';
import { paramsFromJson } from './json-params.ts';
import { publicUrl } from './public-url.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

/**
 * Lets a request through only when `X-Twilio-Signature` is Twilio's signature of it:
 * missing → 400, wrong → 403 (as twilio-node's `webhook()`), unusable body or content type
 * → 400. Sets `c.var.webhook` with the parameters for the handler.
 */
export function verifyTwilio(type: ForwardedEventType): MiddlewareHandler<AppEnv> {
  const route = `/twilio/${type}`;
  return async (c, next) => {
    const config = readEnv(c.env);
    const signature = c.req.header('X-Twilio-Signature');
    if (!signature) {
      logSignatureMissing(route);
      throw clientError(400, 'Missing X-Twilio-Signature header');
    }
    const url = publicUrl(c.req.url, config.PUBLIC_BASE_URL);
    const jsonVariant = bodyHashOf(url) !== null;
    const expectedType = jsonVariant ? 'application/json' : 'application/x-www-form-urlencoded';
    if (mediaType(c.req.header('Content-Type')) !== expectedType) {
      logMalformedRequest(route, 'content_type');
      throw clientError(400, `Expected Content-Type ${expectedType}`);
    }
    let body: string;
    try {
      body = utf8.decode(await c.req.arrayBuffer());
    } catch {
      logMalformedRequest(route, 'not_utf8');
      throw clientError(400, 'Body is not valid UTF-8');
    }
    const fragment = type === 'status' ? config.STATUS_CALLBACK_FRAGMENT : config.INBOUND_FRAGMENT;
    const authToken = config.TWILIO_AUTH_TOKEN;
    const formParams = jsonVariant ? null : paramsFromForm(body);
    const valid = formParams
      ? await validateTwilioSignature({ authToken, signature, url, params: formParams, fragment })
      : await validateTwilioSignatureWithBody({ authToken, signature, url, body, fragment });
    if (!valid) {
      logSignatureRejected(route, signedUrlVariants(url, { fragment }).length);
      throw clientError(403, 'Twilio Request Validation Failed.');
    }
    const params = formParams ?? paramsFromJson(body);
    if (!params) {
      logMalformedRequest(route, 'json_body');
      throw clientError(400, 'Body is not a JSON object');
    }
    c.set('webhook', { params, url: new URL(c.req.url), config });
    await next();
  };
}
