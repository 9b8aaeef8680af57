import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAGIC_NUMBERS, start, type TwilioSandbox } from '../src/index.ts';
import { checkAllSigned, type Receiver, startReceiver } from './receiver.ts';
import { CUSTOMER, sdkFor } from './sdk.ts';

const TOKEN = 'lifecycle-token';
const MG = `MG${'2'.repeat(32)}`;
const WA_FROM = 'whatsapp:+14155238886';
let sandbox: TwilioSandbox;
let receiver: Receiver;
let client: ReturnType<typeof sdkFor>;

beforeAll(async () => {
  sandbox = await start({ authToken: TOKEN, scheduledSendDelayMs: 20 });
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
  receiver.reply(() => ({}));
});

/** Waits until the message reached `status` and its callbacks all came back. */
async function settle(sid: string, callbacks: number) {
  const received = await receiver.waitFor(callbacks);
  await sandbox.waitFor(() => {
    const m = sandbox.message(sid);
    return m && m.callbacks.length >= callbacks && m.callbacks.every((c) => c.finished);
  });
  return received;
}

const statuses = (requests: { params: Record<string, string> }[]) =>
  requests.map((r) => r.params.MessageStatus);

describe('lifecycle and status callbacks', () => {
  it('plays queued → sending → sent → delivered for SMS, each callback signed like Twilio', async () => {
    const callback = `${receiver.url}/twilio/status?ticket=T-42`;
    const created = await client.messages.create({
      to: CUSTOMER,
      from: 'OMEGA',
      body: 'Prêt',
      statusCallback: callback,
    });
    expect(created.status).toBe('queued');
    const received = await settle(created.sid, 3);
    expect(statuses(received)).toEqual(['sending', 'sent', 'delivered']);
    for (const request of received) {
      expect(request.url).toBe(callback);
      expect(request.headers['content-type']).toContain('application/x-www-form-urlencoded');
      expect(twilio.validateRequest(TOKEN, request.signature, request.url, request.params)).toBe(
        true,
      );
      expect(
        twilio.validateRequest('not-the-token', request.signature, request.url, request.params),
      ).toBe(false);
      expect(request.params).toMatchObject({
        AccountSid: sandbox.accountSid,
        ApiVersion: '2010-04-01',
        From: 'OMEGA',
        To: CUSTOMER,
        MessageSid: created.sid,
        SmsSid: created.sid,
      });
      expect(request.params.SmsStatus).toBe(request.params.MessageStatus);
      expect(request.params.MessagingServiceSid).toBeUndefined();
      expect(request.params.ErrorCode).toBeUndefined();
    }
    expect(received[2]?.params.RawDlrDoneDate).toMatch(/^\d{10}$/);
    const history = sandbox.message(created.sid)?.history.map((h) => h.status);
    expect(history).toEqual(['queued', 'sending', 'sent', 'delivered']);
  });

  it('sends no callback without StatusCallback, yet still reaches delivered', async () => {
    const created = await client.messages.create({ to: CUSTOMER, from: 'OMEGA', body: 'x' });
    await sandbox.waitFor(() => sandbox.message(created.sid)?.status === 'delivered');
    expect(receiver.requests).toHaveLength(0);
  });

  it('plays accepted → queued → … with a Messaging Service, naming it in each callback', async () => {
    const created = await client.messages.create({
      to: CUSTOMER,
      messagingServiceSid: MG,
      body: 'x',
      statusCallback: `${receiver.url}/s`,
    });
    expect(created.status).toBe('accepted');
    const received = await settle(created.sid, 4);
    expect(statuses(received)).toEqual(['queued', 'sending', 'sent', 'delivered']);
    expect(received.every((r) => r.params.MessagingServiceSid === MG)).toBe(true);
    expect(received[0]?.params.From).toBe('SANDBOX');
  });

  it('adds read for WhatsApp, with the channel fields', async () => {
    const to = `whatsapp:${CUSTOMER}`;
    await sandbox.simulateInbound({ from: to, body: 'Bonjour' });
    const created = await client.messages.create({
      to,
      from: WA_FROM,
      body: 'Votre appareil est prêt',
      statusCallback: `${receiver.url}/wa`,
    });
    const received = await settle(created.sid, 4);
    expect(statuses(received)).toEqual(['sending', 'sent', 'delivered', 'read']);
    expect(received[3]?.params).toMatchObject({
      ChannelPrefix: 'whatsapp',
      ChannelToAddress: CUSTOMER,
      To: to,
      From: WA_FROM,
    });
    expect(received.every((r) => twilio.validateRequest(TOKEN, r.signature, r.url, r.params))).toBe(
      true,
    );
    const fetched = await client.messages(created.sid).fetch();
    expect(fetched.status).toBe('read');
    expect(fetched.price).toBe('-0.00500');
  });

  it('sends a scheduled message at its time: scheduled → queued → … → delivered', async () => {
    const created = await client.messages.create({
      to: CUSTOMER,
      messagingServiceSid: MG,
      body: 'Rappel RDV',
      scheduleType: 'fixed',
      sendAt: new Date(Date.now() + 3_600_000),
      statusCallback: `${receiver.url}/sched`,
    });
    expect(created.status).toBe('scheduled');
    const received = await settle(created.sid, 4);
    expect(statuses(received)).toEqual(['queued', 'sending', 'sent', 'delivered']);
  });

  it('reports a canceled scheduled message by callback and never sends it', async () => {
    const slow = await start({ authToken: TOKEN, scheduledSendDelayMs: 200 });
    try {
      const slowClient = sdkFor(slow);
      const created = await slowClient.messages.create({
        to: CUSTOMER,
        messagingServiceSid: MG,
        body: 'x',
        scheduleType: 'fixed',
        sendAt: new Date(Date.now() + 3_600_000),
        statusCallback: `${receiver.url}/cancel`,
      });
      await slowClient.messages(created.sid).update({ status: 'canceled' });
      const [callback] = await receiver.waitFor(1);
      expect(callback?.params.MessageStatus).toBe('canceled');
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(slow.message(created.sid)?.status).toBe('canceled');
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await slow.stop();
    }
  });

  const asyncMagic = MAGIC_NUMBERS.filter((m) => m.path === 'callback');
  it.each(asyncMagic)(
    'fails $number ($channel) with $code, reported by callback',
    async (magic) => {
      const whatsapp = magic.channel === 'whatsapp';
      const to = whatsapp ? `whatsapp:${magic.number}` : magic.number;
      if (whatsapp && magic.code !== 63016) await sandbox.simulateInbound({ from: to, body: 'hi' });
      const created = await client.messages.create({
        to,
        from: whatsapp ? WA_FROM : 'OMEGA',
        body: 'x',
        statusCallback: `${receiver.url}/m`,
      });
      const expected = magic.status === 'failed' ? ['failed'] : ['sending', 'sent', 'undelivered'];
      const received = await settle(created.sid, expected.length);
      expect(statuses(received)).toEqual(expected);
      const last = received.at(-1);
      expect(last?.params.ErrorCode).toBe(String(magic.code));
      expect(last?.params.ErrorMessage).toBeTruthy();
      expect(
        twilio.validateRequest(TOKEN, last?.signature ?? '', last?.url ?? '', last?.params ?? {}),
      ).toBe(true);
      const fetched = await client.messages(created.sid).fetch();
      expect(fetched.errorCode).toBe(magic.code);
      expect(fetched.status).toBe(magic.status);
      // Undelivered SMS are billed; failed messages are not.
      expect(fetched.price === null).toBe(magic.status === 'failed');
    },
  );

  it('delivers an SMS to the WhatsApp-only magic numbers', async () => {
    const created = await client.messages.create({ to: '+33600000024', from: 'OMEGA', body: 'x' });
    await sandbox.waitFor(() => sandbox.message(created.sid)?.status === 'delivered');
  });

  it('fails WhatsApp free text outside the 24 h window with 63016, but lets a template through', async () => {
    const to = 'whatsapp:+33611111111';
    const free = await client.messages.create({ to, from: WA_FROM, body: 'Hors fenêtre' });
    await sandbox.waitFor(() => sandbox.message(free.sid)?.status === 'failed');
    expect(sandbox.message(free.sid)?.errorCode).toBe(63016);
    const content = await client.content.v1.contents.create({
      friendly_name: 'pret',
      language: 'fr',
      types: { 'twilio/text': { body: 'Votre {{1}} est prêt' } },
    } as never);
    const template = await client.messages.create({
      to,
      from: WA_FROM,
      contentSid: content.sid,
      contentVariables: '{"1":"iPhone"}',
    });
    expect(template.body).toBe('Votre iPhone est prêt');
    await sandbox.waitFor(() => sandbox.message(template.sid)?.status === 'read');
  });

  it('delivers WhatsApp free text when the window check is off, except to the 63016 number', async () => {
    const open = await start({ authToken: TOKEN, whatsappWindow: false });
    try {
      const openClient = sdkFor(open);
      const ok = await openClient.messages.create({
        to: 'whatsapp:+33611111111',
        from: WA_FROM,
        body: 'x',
      });
      const magic = await openClient.messages.create({
        to: 'whatsapp:+33600000016',
        from: WA_FROM,
        body: 'x',
      });
      await open.waitFor(() => open.message(ok.sid)?.status === 'read');
      await open.waitFor(() => open.message(magic.sid)?.status === 'failed');
      expect(open.message(magic.sid)?.errorCode).toBe(63016);
    } finally {
      await open.stop();
    }
  });

  it('expires a message that waited in the queue longer than its ValidityPeriod (30036)', async () => {
    const queued = await start({ authToken: TOKEN, callbackDelays: { sending: 1_100 } });
    try {
      const created = await sdkFor(queued).messages.create({
        to: CUSTOMER,
        from: 'OMEGA',
        body: 'x',
        validityPeriod: 1,
      });
      await queued.waitFor(() => queued.message(created.sid)?.status === 'failed', 3_000);
      expect(queued.message(created.sid)?.errorCode).toBe(30036);
    } finally {
      await queued.stop();
    }
  });

  it('takes its time with the demo preset (human-paced)', async () => {
    const demo = await start({ authToken: TOKEN, callbackDelays: 'demo' });
    try {
      const created = await sdkFor(demo).messages.create({
        to: CUSTOMER,
        from: 'OMEGA',
        body: 'x',
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(demo.message(created.sid)?.status).toBe('queued');
    } finally {
      await demo.stop();
    }
  });
});
