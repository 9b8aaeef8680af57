import { request } from 'node:http';
import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { start, type TwilioSandbox } from '../src/index.ts';
import { checkAllSigned, type Receiver, startReceiver } from './receiver.ts';
import { CUSTOMER, sdkFor, sdkWith } from './sdk.ts';

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
    expect((await post({ callbacks: ['late=soon'] })).status).toBe(400);
    expect((await post({ next: ['hang-after=5'] })).status).toBe(400);
  });

  it('takes the new faults over HTTP too: 429=<s>, hang-after, reset-after, late=<ms>', async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        next: ['429=4', 'reset-after', 'hang-after'],
        callbacks: ['duplicate', 'late=50'],
      }),
    });
    expect(res.status).toBe(204);
    const impatient = sdkWith(sandbox, { timeout: 200 });
    await expect(send(impatient)).rejects.toMatchObject({ status: 429 });
    expect(impatient.httpClient.lastResponse?.headers['retry-after']).toBe('4');
    await expect(send(impatient)).rejects.toMatchObject({ code: 'ECONNRESET' });
    await expect(send(impatient)).rejects.toThrow(/timeout/);
    const [hung, reset] = sandbox.messages();
    expect(hung?.faults).toEqual({ request: 'hang-after', callbacks: [] });
    expect(reset?.faults).toEqual({ request: 'reset-after', callbacks: ['duplicate', 'late=50'] });
  });
});

describe('faults a real provider has', () => {
  it("answers 429 with Twilio's 20429 body and Retry-After (default 1 s, 429=<s> per request)", async () => {
    sandbox.faults.next('429');
    const res = await fetch(
      `${sandbox.url}/2010-04-01/Accounts/${sandbox.accountSid}/Messages.json`,
      {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${sandbox.accountSid}:${sandbox.authToken}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ To: CUSTOMER, From: 'OMEGA', Body: 'x' }).toString(),
      },
    );
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      code: 20429,
      message: 'Too Many Requests',
      more_info: 'https://www.twilio.com/docs/errors/20429',
      status: 429,
    });
    const sdk = sdkFor(sandbox, { 'X-Sandbox-Fault': '429=7' });
    await expect(send(sdk)).rejects.toMatchObject({ status: 429, code: 20429 });
    expect(sdk.httpClient.lastResponse?.headers['retry-after']).toBe('7');
    expect(sandbox.messages()).toHaveLength(0);
  });

  it('takes Retry-After from the retryAfterSeconds option', async () => {
    const limited = await start({ faults: { rate429: 1, retryAfterSeconds: 30 } });
    try {
      const sdk = sdkFor(limited);
      await expect(send(sdk)).rejects.toMatchObject({ status: 429, code: 20429 });
      expect(sdk.httpClient.lastResponse?.headers['retry-after']).toBe('30');
    } finally {
      await limited.stop();
    }
  });

  it('hang-after: creates the message, then never answers; the SDK times out', async () => {
    const impatient = sdkWith(sandbox, {
      timeout: 300,
      headers: { 'X-Sandbox-Fault': 'hang-after' },
    });
    const started = Date.now();
    const error = await impatient.messages
      .create({ to: CUSTOMER, from: 'OMEGA', body: 'hang', statusCallback: `${receiver.url}/h` })
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(error).not.toBeInstanceOf(twilio.RestException);
    expect(error).toMatchObject({ code: 'ECONNABORTED', message: 'timeout of 300ms exceeded' });
    // The create went through: the message exists, lives its life and reports it.
    const [message] = sandbox.messages();
    expect(message).toMatchObject({ body: 'hang', to: CUSTOMER, from: 'OMEGA' });
    const received = await receiver.waitFor(3);
    expect(received.map((r) => r.params.MessageStatus)).toEqual(['sending', 'sent', 'delivered']);
    expect(received[0]?.params.MessageSid).toBe(message?.sid);
  });

  it('hang-after: stop() closes the held connection at once, even for a client with no timeout', async () => {
    const hanging = await start();
    const outcome = new Promise<string>((resolve) => {
      const req = request(
        `${hanging.url}/2010-04-01/Accounts/${hanging.accountSid}/Messages.json`,
        {
          method: 'POST',
          headers: {
            Authorization: `Basic ${Buffer.from(`${hanging.accountSid}:${hanging.authToken}`).toString('base64')}`,
            'Content-Type': 'application/x-www-form-urlencoded',
            'X-Sandbox-Fault': 'hang-after',
          },
        },
        (res) => resolve(`answered ${res.statusCode}`),
      );
      req.on('error', (e) => resolve(e.message));
      req.end(new URLSearchParams({ To: CUSTOMER, From: 'OMEGA', Body: 'x' }).toString());
    });
    await hanging.waitFor(() => hanging.messages().length === 1);
    const stopping = Date.now();
    await hanging.stop();
    expect(Date.now() - stopping).toBeLessThan(500);
    expect(await outcome).toBe('socket hang up');
  });

  it('reset-after: creates the message, then resets the connection (ECONNRESET)', async () => {
    sandbox.faults.next('reset-after');
    const error = await send().catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(twilio.RestException);
    expect(error).toMatchObject({ code: 'ECONNRESET', message: 'read ECONNRESET' });
    expect(sandbox.messages()).toHaveLength(1);
    expect(sandbox.messages()[0]).toMatchObject({ faults: { request: 'reset-after' } });
  });

  it('drop-after, unlike reset-after, closes the connection cleanly ("socket hang up")', async () => {
    sandbox.faults.next('drop-after');
    const error = await send().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ECONNRESET', message: 'socket hang up' });
    expect(sandbox.messages()).toHaveLength(1);
  });

  it('late callbacks: the status moves on time, each callback arrives lateMs after it', async () => {
    const late = sdkFor(sandbox, { 'X-Sandbox-Callbacks': 'late=400' });
    const started = Date.now();
    const created = await late.messages.create({
      to: CUSTOMER,
      from: 'OMEGA',
      body: 'x',
      statusCallback: `${receiver.url}/l`,
    });
    await sandbox.waitFor(() => sandbox.message(created.sid)?.status === 'delivered');
    expect((await client.messages(created.sid).fetch()).status).toBe('delivered');
    expect(receiver.requests).toHaveLength(0);
    const received = await receiver.waitFor(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(received.map((r) => r.params.MessageStatus)).toEqual(['sending', 'sent', 'delivered']);
  });

  it('late callbacks combine with duplicate and out-of-order', async () => {
    sandbox.faults.nextCallbacks('late=250', 'duplicate', 'out-of-order');
    const started = Date.now();
    await client.messages.create({
      to: CUSTOMER,
      from: 'OMEGA',
      body: 'x',
      statusCallback: `${receiver.url}/c`,
    });
    const received = await receiver.waitFor(6);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(received.map((r) => r.params.MessageStatus)).toEqual([
      'sending',
      'sending',
      'delivered',
      'delivered',
      'sent',
      'sent',
    ]);
  });

  it("late callbacks arrive after the sender's next attempt (hang-after + late)", async () => {
    const impatient = sdkWith(sandbox, {
      timeout: 200,
      headers: { 'X-Sandbox-Fault': 'hang-after', 'X-Sandbox-Callbacks': 'late=700' },
    });
    const params = { to: CUSTOMER, from: 'OMEGA', body: 'Votre iPhone est prêt' };
    await expect(
      impatient.messages.create({ ...params, statusCallback: `${receiver.url}/r` }),
    ).rejects.toThrow(/timeout/);
    // The sender's next attempt: reconcile before resending. No callback has come yet.
    const [found, ...others] = await client.messages.list({ to: CUSTOMER, from: 'OMEGA' });
    expect(others).toEqual([]);
    expect(found?.body).toBe(params.body);
    expect(receiver.requests).toHaveLength(0);
    const received = await receiver.waitFor(3);
    expect(received.every((r) => r.params.MessageSid === found?.sid)).toBe(true);
  });

  it('a seeded chaos run (20 % 429, 5 % 500, 5 % hang-after, 2 % reset-after) is reproducible', async () => {
    const run = async () => {
      const chaos = await start({
        faults: {
          rate429: 0.2,
          rate500: 0.05,
          rateHangAfter: 0.05,
          rateResetAfter: 0.02,
          seed: 42,
        },
      });
      try {
        // Long enough for a loaded machine, short enough that the two hangs cost little.
        const sdk = sdkWith(chaos, { timeout: 600 });
        const outcomes: string[] = [];
        for (let i = 0; i < 40; i++) {
          outcomes.push(
            await send(sdk).then(
              () => 'ok',
              (e: { status?: number; code?: string | number }) => String(e.status ?? e.code),
            ),
          );
        }
        return { outcomes, created: chaos.messages().length };
      } finally {
        await chaos.stop();
      }
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const count = (what: string) => first.outcomes.filter((o) => o === what).length;
    expect({
      ok: count('ok'),
      429: count('429'),
      500: count('500'),
      timeout: count('ECONNABORTED'),
      reset: count('ECONNRESET'),
    }).toEqual({ ok: 24, 429: 11, 500: 1, timeout: 2, reset: 2 });
    // Hung and reset creates were processed: the ambiguous ones exist.
    expect(first.created).toBe(24 + 2 + 2);
  });
});
