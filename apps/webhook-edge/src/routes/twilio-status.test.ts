import { describe, expect, it } from 'vitest';
import { TEST_BINDINGS } from '../../test/support/bindings.ts';
import { failingQueue, gatedQueue, recordingQueue } from '../../test/support/queues.ts';
import {
  formBody,
  signedRequest,
  statusParams,
  twilioSignature,
} from '../../test/support/twilio.ts';
import { bindings, callWorker } from '../../test/support/worker.ts';

const TOKEN = TEST_BINDINGS.TWILIO_AUTH_TOKEN;
const URL_AS_SEEN = 'https://hooks.omega.test/twilio/status?n=notif_42';
const FRAGMENT = `#${TEST_BINDINGS.STATUS_CALLBACK_FRAGMENT}`;

async function send(request: Request, overrides: Parameters<typeof bindings>[0] = {}) {
  const queue = recordingQueue();
  const response = await callWorker(request, bindings({ EVENTS_QUEUE: queue, ...overrides }));
  return { response, queue };
}

describe('POST /twilio/status: signature', () => {
  it('accepts a signed callback, answers an empty 204 and queues the event', async () => {
    const params = statusParams();
    const { response, queue } = await send(
      await signedRequest({ url: URL_AS_SEEN, params, token: TOKEN }),
    );
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(queue.sent).toHaveLength(1);
    const event = queue.sent[0];
    expect(event).toMatchObject({
      id: 'status:SM0123456789abcdef0123456789abcdef:delivered',
      type: 'status',
      notificationId: 'notif_42',
      params,
    });
    expect(Date.parse(event?.receivedAt ?? '')).not.toBeNaN();
  });

  it.each([
    ['no signature header', null, 400],
    ['an empty signature header', '', 400],
    ['a signature made with another token', 'other-token', 403],
    ['a garbage signature', 'garbage', 403],
  ])('rejects %s and queues nothing', async (_name, variant, expected) => {
    const params = statusParams();
    let signature: string | null = variant;
    if (variant === 'other-token') signature = await twilioSignature('other', URL_AS_SEEN, params);
    const { response, queue } = await send(
      await signedRequest({ url: URL_AS_SEEN, params, token: TOKEN, signature }),
    );
    expect(response.status).toBe(expected);
    expect(queue.sent).toEqual([]);
  });

  it.each([
    ['with the standard port', 'https://hooks.omega.test:443/twilio/status?n=notif_42'],
    ['with the configured fragment', `${URL_AS_SEEN}${FRAGMENT}`],
    ['with port and fragment', `https://hooks.omega.test:443/twilio/status?n=notif_42${FRAGMENT}`],
  ])('accepts a signature over the URL %s', async (_name, signedUrl) => {
    const { response, queue } = await send(
      await signedRequest({ url: URL_AS_SEEN, params: statusParams(), token: TOKEN, signedUrl }),
    );
    expect(response.status).toBe(204);
    expect(queue.sent).toHaveLength(1);
  });

  it.each([
    ['another fragment', `${URL_AS_SEEN}#rc=5`],
    ['another notification id', 'https://hooks.omega.test/twilio/status?n=notif_43'],
    ['another path', 'https://hooks.omega.test/twilio/inbound?n=notif_42'],
    ['another host', 'https://evil.test/twilio/status?n=notif_42'],
    ['a non-standard port', 'https://hooks.omega.test:8443/twilio/status?n=notif_42'],
  ])('rejects a signature over %s', async (_name, signedUrl) => {
    const { response, queue } = await send(
      await signedRequest({ url: URL_AS_SEEN, params: statusParams(), token: TOKEN, signedUrl }),
    );
    expect(response.status).toBe(403);
    expect(queue.sent).toEqual([]);
  });

  it('rejects a tampered parameter', async () => {
    const request = await signedRequest({ url: URL_AS_SEEN, params: statusParams(), token: TOKEN });
    const tampered = new Request(request, {
      body: formBody(statusParams({ MessageStatus: 'failed' })),
    });
    const { response, queue } = await send(tampered);
    expect(response.status).toBe(403);
    expect(queue.sent).toEqual([]);
  });

  it('rejects an extra parameter that was not signed', async () => {
    const request = await signedRequest({ url: URL_AS_SEEN, params: statusParams(), token: TOKEN });
    const tampered = new Request(request, {
      body: `${formBody(statusParams())}&ErrorCode=30003`,
    });
    expect((await send(tampered)).response.status).toBe(403);
  });

  it('uses PUBLIC_BASE_URL (proxy or custom domain) as the signed origin', async () => {
    const internal = 'https://omega-webhook-edge.workers.dev/twilio/status?n=notif_42';
    const publicUrl = 'https://hooks.omega.fr/edge/twilio/status?n=notif_42';
    const request = () =>
      signedRequest({ url: internal, params: statusParams(), token: TOKEN, signedUrl: publicUrl });
    const configured = await send(await request(), {
      PUBLIC_BASE_URL: 'https://hooks.omega.fr/edge/',
    });
    expect(configured.response.status).toBe(204);
    const unconfigured = await send(await request());
    expect(unconfigured.response.status).toBe(403);
  });

  it('accepts repeated parameters signed with every value', async () => {
    const params = statusParams({ ChannelPrefix: ['whatsapp', 'sms', 'whatsapp'] });
    const { response, queue } = await send(
      await signedRequest({ url: URL_AS_SEEN, params, token: TOKEN }),
    );
    expect(response.status).toBe(204);
    expect(queue.sent[0]?.params.ChannelPrefix).toEqual(['whatsapp', 'sms', 'whatsapp']);
  });

  it('accepts a callback whose query Twilio signed unescaped (legacy encoding)', async () => {
    // Twilio called `?n=notif_42&ref=l'atelier`; the runtime hands the worker `%27`.
    const signedUrl = "https://hooks.omega.test/twilio/status?n=notif_42&ref=l'atelier";
    const seen = new URL(signedUrl).toString();
    expect(seen).toContain('%27');
    const { response } = await send(
      await signedRequest({ url: seen, params: statusParams(), token: TOKEN, signedUrl }),
    );
    expect(response.status).toBe(204);
  });
});

describe('POST /twilio/status: JSON body (bodySHA256 variant)', () => {
  const body = JSON.stringify({
    MessageSid: 'SM0123456789abcdef0123456789abcdef',
    MessageStatus: 'read',
    Attempt: 2,
    Tags: ['a', 'b'],
  });

  async function jsonRequest(rawBody: string, hashOf = rawBody) {
    const hash = Array.from(
      new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(hashOf))),
      (b) => b.toString(16).padStart(2, '0'),
    ).join('');
    const url = `https://hooks.omega.test/twilio/status?n=notif_7&bodySHA256=${hash}`;
    return new Request(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Twilio-Signature': await twilioSignature(TOKEN, url, {}),
      },
      body: rawBody,
    });
  }

  it('accepts a JSON body whose hash is in the signed URL', async () => {
    const { response, queue } = await send(await jsonRequest(body));
    expect(response.status).toBe(204);
    expect(queue.sent[0]).toMatchObject({
      id: 'status:SM0123456789abcdef0123456789abcdef:read',
      notificationId: 'notif_7',
      params: { MessageStatus: 'read', Attempt: '2', Tags: ['a', 'b'] },
    });
  });

  it('rejects a JSON body that does not match the signed hash', async () => {
    const tampered = body.replace('read', 'sent');
    const { response, queue } = await send(await jsonRequest(tampered, body));
    expect(response.status).toBe(403);
    expect(queue.sent).toEqual([]);
  });

  it('answers 400 to a signed body that is not a JSON object', async () => {
    const { response, queue } = await send(await jsonRequest('[1,2]'));
    expect(response.status).toBe(400);
    expect(queue.sent).toEqual([]);
  });
});

describe('POST /twilio/status: limits and malformed requests', () => {
  it('answers 413 to a body over MAX_BODY_BYTES declared by Content-Length', async () => {
    const params = statusParams({ Padding: 'x'.repeat(70_000) });
    const { response, queue } = await send(
      await signedRequest({ url: URL_AS_SEEN, params, token: TOKEN }),
    );
    expect(response.status).toBe(413);
    expect(queue.sent).toEqual([]);
  });

  it('answers 413 to a streamed body over the limit (no Content-Length)', async () => {
    const chunk = new TextEncoder().encode(`Padding=${'x'.repeat(16_000)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 6) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const request = new Request(URL_AS_SEEN, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': 'x' },
      body: stream,
    });
    expect(request.headers.has('content-length')).toBe(false);
    expect((await send(request)).response.status).toBe(413);
  });

  it('honours a configured MAX_BODY_BYTES', async () => {
    const params = statusParams({ Padding: 'x'.repeat(3000) });
    const request = () => signedRequest({ url: URL_AS_SEEN, params, token: TOKEN });
    expect((await send(await request(), { MAX_BODY_BYTES: '2048' })).response.status).toBe(413);
    expect((await send(await request(), { MAX_BODY_BYTES: '4096' })).response.status).toBe(204);
  });

  it.each(['GET', 'PUT', 'PATCH', 'DELETE'])(
    'answers 405 with Allow: POST to %s',
    async (method) => {
      const { response } = await send(new Request(URL_AS_SEEN, { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get('Allow')).toBe('POST');
    },
  );

  it.each([
    ['text/plain', 'text/plain'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['JSON without bodySHA256', 'application/json'],
  ])('answers 400 to a %s body', async (_name, contentType) => {
    const request = await signedRequest({
      url: URL_AS_SEEN,
      params: statusParams(),
      token: TOKEN,
      headers: { 'Content-Type': contentType },
    });
    const { response, queue } = await send(request);
    expect(response.status).toBe(400);
    expect(queue.sent).toEqual([]);
  });

  it('accepts a charset parameter on the form content type', async () => {
    const request = await signedRequest({
      url: URL_AS_SEEN,
      params: statusParams(),
      token: TOKEN,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    });
    expect((await send(request)).response.status).toBe(204);
  });

  it('answers 400 to a body that is not UTF-8', async () => {
    const request = new Request(URL_AS_SEEN, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': 'x' },
      body: new Uint8Array([0x42, 0x6f, 0x64, 0x79, 0x3d, 0xff, 0xfe]),
    });
    expect((await send(request)).response.status).toBe(400);
  });

  it.each([
    ['no MessageSid', { MessageSid: '', SmsSid: '' }, URL_AS_SEEN],
    ['no MessageStatus', { MessageStatus: '', SmsStatus: '' }, URL_AS_SEEN],
    ['two MessageSids', { MessageSid: ['SMa', 'SMb'], SmsSid: '' }, URL_AS_SEEN],
    ['a notification id with a slash', {}, 'https://hooks.omega.test/twilio/status?n=a%2Fb'],
    ['two notification ids', {}, 'https://hooks.omega.test/twilio/status?n=a&n=b'],
  ])('answers 400 to a signed callback with %s', async (_name, overrides, url) => {
    const request = await signedRequest({ url, params: statusParams(overrides), token: TOKEN });
    const { response, queue } = await send(request);
    expect(response.status).toBe(400);
    expect(queue.sent).toEqual([]);
  });

  it('queues a callback without ?n= (no notification id)', async () => {
    const url = 'https://hooks.omega.test/twilio/status';
    const { response, queue } = await send(
      await signedRequest({ url, params: statusParams(), token: TOKEN }),
    );
    expect(response.status).toBe(204);
    expect(queue.sent[0]).not.toHaveProperty('notificationId');
  });
});

describe('POST /twilio/status: durable hand-off', () => {
  it('answers 503 with Retry-After when the queue refuses the event', async () => {
    const request = await signedRequest({ url: URL_AS_SEEN, params: statusParams(), token: TOKEN });
    const response = await callWorker(request, bindings({ EVENTS_QUEUE: failingQueue() }));
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('Retry-After'))).toBeGreaterThan(0);
  });

  it('answers only after send() resolved', async () => {
    const queue = gatedQueue();
    const request = await signedRequest({ url: URL_AS_SEEN, params: statusParams(), token: TOKEN });
    let answered = false;
    const pending = callWorker(request, bindings({ EVENTS_QUEUE: queue })).then((response) => {
      answered = true;
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(queue.calls).toBe(1);
    expect(answered).toBe(false);
    queue.release();
    expect((await pending).status).toBe(204);
  });
});
