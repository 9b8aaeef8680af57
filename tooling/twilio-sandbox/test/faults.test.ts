import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { start, type TwilioSandbox } from '../src/index.ts';
import { checkAllSigned, type Receiver, startReceiver } from './receiver.ts';
import { CUSTOMER, sdkFor } from './sdk.ts';

let sandbox: TwilioSandbox;
let receiver: Receiver;
let client: ReturnType<typeof sdkFor>;
const send = (c = client) => c.messages.create({ to: CUSTOMER, from: 'OMEGA', body: 'x' });

beforeAll(async () => {
  sandbox = await start({ faults: { slowMs: 300 } });
  receiver = await startReceiver();
  client = sdkFor(sandbox);
});
afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
});
// Every webhook this file made the sandbox send must pass the official validator.
afterEach(() => {
  expect(checkAllSigned(receiver, sandbox.authToken, twilio.validateRequest).invalid).toEqual([]);
});
beforeEach(() => {
  sandbox.reset();
  receiver.requests.length = 0;
});

describe('fault injection', () => {
  it.each([
    { fault: '429', status: 429, code: 20429 },
    { fault: '500', status: 500, code: 20500 },
  ] as const)(
    'answers $fault (queued fault) with a Twilio error and processes nothing',
    async ({ fault, status, code }) => {
      sandbox.faults.next(fault);
      await expect(send()).rejects.toMatchObject({ status, code });
      expect(sandbox.messages()).toHaveLength(0);
      await expect(send()).resolves.toMatchObject({ status: 'queued' });
    },
  );

  it('takes a fault from the X-Sandbox-Fault header of one request', async () => {
    const faulty = sdkFor(sandbox, { 'X-Sandbox-Fault': '429' });
    const error = await send(faulty).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(twilio.RestException);
    expect(error).toMatchObject({ status: 429, code: 20429 });
  });

  it('lets the SDK retry 429s with autoRetry', async () => {
    sandbox.faults.next('429', '429');
    const retrying = twilio(sandbox.accountSid, sandbox.authToken, {
      httpClient: (await import('../src/index.ts')).sandboxHttpClient(sandbox.url, {
        autoRetry: true,
        maxRetryDelay: 50,
      }),
    });
    await expect(send(retrying)).resolves.toMatchObject({ status: 'queued' });
    expect(sandbox.messages()).toHaveLength(1);
  });

  it('answers slowly, then normally', async () => {
    sandbox.faults.next('slow');
    const started = Date.now();
    await send();
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    const slower = sdkFor(sandbox, { 'X-Sandbox-Fault': 'slow=600' });
    const again = Date.now();
    await send(slower);
    expect(Date.now() - again).toBeGreaterThanOrEqual(580);
  });

  it('drops the connection without processing the request', async () => {
    sandbox.faults.next('drop');
    await expect(send()).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(sandbox.messages()).toHaveLength(0);
  });

  it('drops the answer after processing the request (the ambiguous timeout)', async () => {
    sandbox.faults.next('drop-after');
    await expect(send()).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(sandbox.messages()).toHaveLength(1);
  });

  it('injects faults at a configured share, reproducibly with a seeded random', async () => {
    const rolls = [0.05, 0.5, 0.15, 0.9];
    const shaky = await start({
      faults: { rate429: 0.1, rate500: 0.1, random: () => rolls.shift() ?? 0.99 },
    });
    try {
      const c = sdkFor(shaky);
      const results = [];
      for (let i = 0; i < 4; i++) {
        results.push(
          await send(c).then(
            () => 'ok',
            (e: { status: number }) => e.status,
          ),
        );
      }
      expect(results).toEqual([429, 'ok', 500, 'ok']);
    } finally {
      await shaky.stop();
    }
  });

  it('sends each status callback twice on demand', async () => {
    sandbox.faults.nextCallbacks('duplicate');
    const created = await client.messages.create({
      to: CUSTOMER,
      from: 'OMEGA',
      body: 'x',
      statusCallback: `${receiver.url}/d`,
    });
    const received = await receiver.waitFor(6);
    expect(received.map((r) => r.params.MessageStatus)).toEqual([
      'sending',
      'sending',
      'sent',
      'sent',
      'delivered',
      'delivered',
    ]);
    expect(received.every((r) => r.params.MessageSid === created.sid)).toBe(true);
  });

  it('delivers the sent callback after the final one on demand (out of order)', async () => {
    const faulty = sdkFor(sandbox, { 'X-Sandbox-Callbacks': 'out-of-order' });
    await faulty.messages.create({
      to: CUSTOMER,
      from: 'OMEGA',
      body: 'x',
      statusCallback: `${receiver.url}/o`,
    });
    const received = await receiver.waitFor(3);
    expect(received.map((r) => r.params.MessageStatus)).toEqual(['sending', 'delivered', 'sent']);
  });

  it('accepts faults over HTTP at /_sandbox/faults and rejects unknown ones', async () => {
    const post = (body: unknown) =>
      fetch(`${sandbox.url}/_sandbox/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ next: ['500'] })).status).toBe(204);
    await expect(send()).rejects.toMatchObject({ status: 500 });
    expect((await post({ next: ['teapot'] })).status).toBe(400);
  });
});
