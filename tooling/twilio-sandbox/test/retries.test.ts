import { createServer } from 'node:net';
import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { start, type TwilioSandbox } from '../src/index.ts';
import { checkAllSigned, type Receiver, startReceiver } from './receiver.ts';
import { CUSTOMER, sdkFor } from './sdk.ts';

const TOKEN = 'retry-token';
let sandbox: TwilioSandbox;
let receiver: Receiver;
let client: ReturnType<typeof sdkFor>;

beforeAll(async () => {
  sandbox = await start({ authToken: TOKEN });
  receiver = await startReceiver();
  client = sdkFor(sandbox);
});
afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
});
// Every webhook this file made the sandbox send must pass the official validator.
afterEach(() => {
  expect(checkAllSigned(receiver, TOKEN, twilio.validateRequest).invalid).toEqual([]);
});
beforeEach(() => {
  sandbox.reset();
  receiver.requests.length = 0;
});

/** Sends one message whose callbacks all fail on the first try, and returns its deliveries. */
async function deliveriesFor(statusCallback: string, expectedRequests: number) {
  const created = await client.messages.create({
    to: CUSTOMER,
    from: 'OMEGA',
    body: 'x',
    statusCallback,
  });
  await receiver.waitFor(expectedRequests);
  return sandbox.waitFor(() => {
    const m = sandbox.message(created.sid);
    return m?.status === 'delivered' &&
      m.callbacks.length === 3 &&
      m.callbacks.every((c) => c.finished)
      ? m.callbacks
      : undefined;
  });
}

describe('connection overrides (#rc=…&rp=…) on status callbacks', () => {
  it('calls the URL without its fragment, query kept, and signs that URL', async () => {
    receiver.reply(() => ({ status: 200 }));
    const deliveries = await deliveriesFor(`${receiver.url}/cb?m=42&x=a%20b#rc=3&rp=5xx`, 3);
    const [first] = receiver.requests;
    expect(first?.url).toBe(`${receiver.url}/cb?m=42&x=a%20b`);
    expect(
      twilio.validateRequest(TOKEN, first?.signature ?? '', first?.url ?? '', first?.params ?? {}),
    ).toBe(true);
    expect(deliveries[0]?.requestedUrl).toBe(`${receiver.url}/cb?m=42&x=a%20b`);
    expect(deliveries[0]?.url).toContain('#rc=3&rp=5xx');
  });

  it('does not retry a 5xx by default (rc=1, rp=ct)', async () => {
    receiver.reply(() => ({ status: 503 }));
    const deliveries = await deliveriesFor(`${receiver.url}/cb`, 3);
    expect(deliveries.map((d) => d.attempts.map((a) => a.status))).toEqual([[503], [503], [503]]);
  });

  it('retries a 5xx rc times with rp=5xx, then stops, with the same idempotency token', async () => {
    receiver.reply((index) => ({ status: index < 3 ? 500 : 200 }));
    const deliveries = await deliveriesFor(`${receiver.url}/cb#rc=2&rp=5xx`, 5);
    expect(deliveries[0]?.attempts.map((a) => a.status)).toEqual([500, 500, 500]);
    expect(deliveries[1]?.attempts.map((a) => a.status)).toEqual([200]);
    const tokens = receiver.requests
      .slice(0, 3)
      .map((r) => r.headers['i-twilio-idempotency-token']);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toBeTruthy();
  });

  it('retries a 4xx only when rp includes 4xx', async () => {
    receiver.reply((index) => ({ status: index === 0 ? 404 : 200 }));
    const deliveries = await deliveriesFor(`${receiver.url}/cb#rc=1&rp=4xx`, 4);
    expect(deliveries[0]?.attempts.map((a) => a.status)).toEqual([404, 200]);
  });

  it('retries a read timeout with rp=rt', async () => {
    receiver.reply((index) => (index === 0 ? { delayMs: 1_000 } : {}));
    const deliveries = await deliveriesFor(`${receiver.url}/cb#rc=1&rp=rt&rt=150`, 4);
    expect(deliveries[0]?.attempts.map((a) => a.outcome)).toEqual(['rt', 'ok']);
  });

  it('retries a refused connection once by default (rp=ct), and records the error', async () => {
    const port = await freePort();
    const deliveries = await deliveriesFor(`http://127.0.0.1:${port}/gone`, 0);
    for (const delivery of deliveries) {
      expect(delivery.attempts.map((a) => a.outcome)).toEqual(['ct', 'ct']);
      expect(delivery.attempts[0]?.status).toBeNull();
      expect(delivery.attempts[0]?.error).toBeTruthy();
    }
  });

  it('gives up on a refused connection at once with rc=0', async () => {
    const port = await freePort();
    const deliveries = await deliveriesFor(`http://127.0.0.1:${port}/gone#rc=0`, 0);
    expect(deliveries.every((d) => d.attempts.length === 1)).toBe(true);
  });
});

/** A port with nothing listening on it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
