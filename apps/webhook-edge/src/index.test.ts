// "Never a 5xx for anything a client sent": random requests, signed or not, well-formed or
// not, always get a 2xx/4xx from the worker (fixed seed, bounded runs).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_BINDINGS } from '../test/support/bindings.ts';
import { recordingQueue } from '../test/support/queues.ts';
import { formBody, twilioSignature } from '../test/support/twilio.ts';
import { bindings, callWorker } from '../test/support/worker.ts';

const paths = fc.constantFrom(
  '/twilio/status',
  '/twilio/inbound',
  '/health',
  '/twilio/status/',
  '/nope',
  '/twilio/status?n=',
  '/twilio/status?n=../../x',
  '/twilio/status?bodySHA256=',
  '/twilio/status?bodySHA256=zz&n=a',
  '/twilio/inbound?%=%',
);
const methods = fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS');
const contentTypes = fc.constantFrom(
  undefined,
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=ISO-8859-1',
  'application/json',
  'text/xml',
  'multipart/form-data',
  ';;;',
);
const bodies = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }),
  fc.constantFrom(
    '{',
    '[]',
    'null',
    '{"MessageSid":1}',
    'a=%ZZ&&==&',
    'MessageSid=SM1&MessageSid=SM2',
  ),
);
const params = fc.dictionary(
  fc.constantFrom('MessageSid', 'MessageStatus', 'SmsSid', 'SmsStatus', 'Body', 'From', 'x'),
  fc.oneof(fc.string({ maxLength: 40 }), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 })),
);

describe('the worker never answers 5xx to a client', () => {
  it('for random raw requests', async () => {
    await fc.assert(
      fc.asyncProperty(
        methods,
        paths,
        contentTypes,
        bodies,
        fc.option(fc.string({ maxLength: 40 })),
        async (method, path, contentType, body, signature) => {
          const headers = new Headers();
          if (contentType) headers.set('Content-Type', contentType);
          if (signature !== null) headers.set('X-Twilio-Signature', signature);
          const hasBody = method !== 'GET';
          const request = new Request(`https://hooks.omega.test${path}`, {
            method,
            headers,
            body: hasBody ? body : undefined,
          });
          const response = await callWorker(request, bindings({ EVENTS_QUEUE: recordingQueue() }));
          expect(response.status).toBeLessThan(500);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('for correctly signed requests with random parameters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/twilio/status?n=abc', '/twilio/status', '/twilio/inbound'),
        params,
        async (path, signedParams) => {
          const url = `https://hooks.omega.test${path}`;
          const queue = recordingQueue();
          const request = new Request(url, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/x-www-form-urlencoded',
              'X-Twilio-Signature': await twilioSignature(
                TEST_BINDINGS.TWILIO_AUTH_TOKEN,
                url,
                signedParams,
              ),
            },
            body: formBody(signedParams),
          });
          const response = await callWorker(request, bindings({ EVENTS_QUEUE: queue }));
          expect(response.status).toBeLessThan(500);
          // Accepted exactly when an event was queued.
          expect(response.ok).toBe(queue.sent.length === 1);
        },
      ),
      { seed: 43, numRuns: 300 },
    );
  });
});
