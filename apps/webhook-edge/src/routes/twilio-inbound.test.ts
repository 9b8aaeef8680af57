import { describe, expect, it } from 'vitest';
import { TEST_BINDINGS } from '../../test/support/bindings.ts';
import { failingQueue, recordingQueue } from '../../test/support/queues.ts';
import { inboundParams, signedRequest } from '../../test/support/twilio.ts';
import { bindings, callWorker } from '../../test/support/worker.ts';
import { EMPTY_TWIML } from './twilio-inbound.ts';

const TOKEN = TEST_BINDINGS.TWILIO_AUTH_TOKEN;
const URL_AS_SEEN = 'https://hooks.omega.test/twilio/inbound';

async function send(request: Request, overrides: Parameters<typeof bindings>[0] = {}) {
  const queue = recordingQueue();
  const response = await callWorker(request, bindings({ EVENTS_QUEUE: queue, ...overrides }));
  return { response, queue };
}

describe('POST /twilio/inbound', () => {
  it('queues a signed WhatsApp message and answers empty TwiML', async () => {
    const params = inboundParams({ ButtonPayload: 'ticket:T-2026-0042' });
    const { response, queue } = await send(
      await signedRequest({ url: URL_AS_SEEN, params, token: TOKEN }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/xml/);
    expect(await response.text()).toBe(EMPTY_TWIML);
    expect(queue.sent).toEqual([
      {
        id: 'inbound:SMfedcba9876543210fedcba9876543210',
        type: 'inbound',
        receivedAt: expect.any(String),
        params,
      },
    ]);
  });

  it('keeps repeated media parameters as arrays', async () => {
    const params = inboundParams({ NumMedia: '2', MediaUrl: ['https://m/1', 'https://m/2'] });
    const { response, queue } = await send(
      await signedRequest({ url: URL_AS_SEEN, params, token: TOKEN }),
    );
    expect(response.status).toBe(200);
    expect(queue.sent[0]?.params.MediaUrl).toEqual(['https://m/1', 'https://m/2']);
  });

  it('checks INBOUND_FRAGMENT, not the status callback fragment', async () => {
    const signedUrl = `${URL_AS_SEEN}#rc=2`;
    const request = () =>
      signedRequest({ url: URL_AS_SEEN, params: inboundParams(), token: TOKEN, signedUrl });
    expect((await send(await request())).response.status).toBe(403);
    expect((await send(await request(), { INBOUND_FRAGMENT: 'rc=2' })).response.status).toBe(200);
  });

  it.each([
    ['unsigned', null, 400],
    ['wrongly signed', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=', 403],
  ])('rejects an %s message and queues nothing', async (_name, signature, status) => {
    const { response, queue } = await send(
      await signedRequest({ url: URL_AS_SEEN, params: inboundParams(), token: TOKEN, signature }),
    );
    expect(response.status).toBe(status);
    expect(queue.sent).toEqual([]);
  });

  it('answers 400 to a signed message without MessageSid', async () => {
    const params = inboundParams({ MessageSid: '' });
    const { response, queue } = await send(
      await signedRequest({ url: URL_AS_SEEN, params, token: TOKEN }),
    );
    expect(response.status).toBe(400);
    expect(queue.sent).toEqual([]);
  });

  it('answers 503 with Retry-After when the queue is down', async () => {
    const request = await signedRequest({
      url: URL_AS_SEEN,
      params: inboundParams(),
      token: TOKEN,
    });
    const response = await callWorker(request, bindings({ EVENTS_QUEUE: failingQueue() }));
    expect(response.status).toBe(503);
    expect(response.headers.get('Retry-After')).toBe('5');
  });

  it.each(['GET', 'PUT', 'DELETE'])('answers 405 to %s', async (method) => {
    const { response } = await send(new Request(URL_AS_SEEN, { method }));
    expect(response.status).toBe(405);
    expect(response.headers.get('Allow')).toBe('POST');
  });
});
