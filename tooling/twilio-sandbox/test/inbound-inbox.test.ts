import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { start, type TwilioSandbox } from '../src/index.ts';
import { checkAllSigned, type Receiver, startReceiver } from './receiver.ts';
import { CUSTOMER, sdkFor } from './sdk.ts';

const TOKEN = 'inbound-token';
let sandbox: TwilioSandbox;
let receiver: Receiver;
let client: ReturnType<typeof sdkFor>;

beforeAll(async () => {
  receiver = await startReceiver();
  sandbox = await start({
    authToken: TOKEN,
    inboundUrl: `${receiver.url}/twilio/inbound?src=sandbox`,
  });
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

const postJson = (path: string, body: unknown) =>
  fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('inbound simulation', () => {
  it('POSTs a signed SMS webhook with Twilio inbound field names', async () => {
    const res = await postJson('/_sandbox/inbound', { from: CUSTOMER, body: 'Merci !' });
    expect(res.status).toBe(201);
    const [request] = await receiver.waitFor(1);
    expect(request?.url).toBe(`${receiver.url}/twilio/inbound?src=sandbox`);
    expect(request?.params).toMatchObject({
      AccountSid: sandbox.accountSid,
      ApiVersion: '2010-04-01',
      Body: 'Merci !',
      From: CUSTOMER,
      To: 'SANDBOX',
      NumMedia: '0',
      NumSegments: '1',
      SmsStatus: 'received',
      FromCountry: 'FR',
    });
    const sid = request?.params.MessageSid;
    expect(sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(request?.params.SmsSid).toBe(sid);
    expect(request?.params.SmsMessageSid).toBe(sid);
    expect(
      twilio.validateRequest(
        TOKEN,
        request?.signature ?? '',
        request?.url ?? '',
        request?.params ?? {},
      ),
    ).toBe(true);
    expect(
      twilio.validateRequest(
        'wrong',
        request?.signature ?? '',
        request?.url ?? '',
        request?.params ?? {},
      ),
    ).toBe(false);
    const json = (await res.json()) as {
      webhook: { attempts: { status: number }[]; responseBody: string };
    };
    expect(json.webhook.attempts[0]?.status).toBe(200);
    expect(json.webhook.responseBody).toBe('<Response/>');
  });

  it('POSTs a WhatsApp quick-reply with ButtonPayload, ButtonText, ProfileName and WaId', async () => {
    const result = await sandbox.simulateInbound({
      from: CUSTOMER,
      channel: 'whatsapp',
      buttonPayload: 'CONFIRM_PICKUP',
      buttonText: 'Je passe demain',
      profileName: 'Camille',
    });
    expect(result.ok).toBe(true);
    const [request] = await receiver.waitFor(1);
    expect(request?.params).toMatchObject({
      From: `whatsapp:${CUSTOMER}`,
      To: 'whatsapp:+14155238886',
      Body: 'Je passe demain',
      ButtonPayload: 'CONFIRM_PICKUP',
      ButtonText: 'Je passe demain',
      ProfileName: 'Camille',
      WaId: '33612345678',
      MessageType: 'button',
      SmsStatus: 'received',
    });
    expect(
      twilio.validateRequest(
        TOKEN,
        request?.signature ?? '',
        request?.url ?? '',
        request?.params ?? {},
      ),
    ).toBe(true);
  });

  it('opens the 24 h WhatsApp window, so free text is then delivered', async () => {
    const to = `whatsapp:${CUSTOMER}`;
    await sandbox.simulateInbound({ from: to, body: 'Bonjour', waId: '33612345678' });
    const created = await client.messages.create({
      to,
      from: 'whatsapp:+14155238886',
      body: 'Bonjour Camille',
    });
    await sandbox.waitFor(() => sandbox.message(created.sid)?.status === 'read');
  });

  it('opts a number out on STOP (21610 on the next send), and back in on START', async () => {
    const stop = await sandbox.simulateInbound({ from: CUSTOMER, body: ' stop ' });
    expect(stop.ok && stop.value.keyword).toBe('STOP');
    const [request] = await receiver.waitFor(1);
    expect(request?.params.OptOutType).toBe('STOP');
    await expect(
      client.messages.create({ to: CUSTOMER, from: 'OMEGA', body: 'x' }),
    ).rejects.toMatchObject({ status: 400, code: 21610 });
    await sandbox.simulateInbound({ from: CUSTOMER, body: 'START' });
    await expect(
      client.messages.create({ to: CUSTOMER, from: 'OMEGA', body: 'x' }),
    ).resolves.toMatchObject({ status: 'queued' });
  });

  it('scopes an opt-out to the channel it came on, as Twilio does', async () => {
    // An SMS STOP: SMS refused, WhatsApp to the same number still accepted.
    await sandbox.simulateInbound({ from: CUSTOMER, body: 'STOP' });
    await expect(
      client.messages.create({ to: CUSTOMER, from: 'OMEGA', body: 'x' }),
    ).rejects.toMatchObject({ status: 400, code: 21610 });
    await expect(
      client.messages.create({
        to: `whatsapp:${CUSTOMER}`,
        from: 'whatsapp:+14155238886',
        body: 'x',
      }),
    ).resolves.toMatchObject({ status: 'queued' });

    // A WhatsApp STOP (Advanced Opt-Out on the service's WhatsApp sender): WhatsApp refused.
    const stop = await sandbox.simulateInbound({ from: `whatsapp:${CUSTOMER}`, body: 'STOP' });
    expect(stop.ok && stop.value.keyword).toBe('STOP');
    await expect(
      client.messages.create({
        to: `whatsapp:${CUSTOMER}`,
        from: 'whatsapp:+14155238886',
        body: 'x',
      }),
    ).rejects.toMatchObject({ code: 21610 });

    // START on SMS lifts SMS only.
    await sandbox.simulateInbound({ from: CUSTOMER, body: 'START' });
    await expect(
      client.messages.create({ to: CUSTOMER, from: 'OMEGA', body: 'x' }),
    ).resolves.toMatchObject({ status: 'queued' });
    await expect(
      client.messages.create({
        to: `whatsapp:${CUSTOMER}`,
        from: 'whatsapp:+14155238886',
        body: 'x',
      }),
    ).rejects.toMatchObject({ code: 21610 });
  });

  it('honours configured opted-out numbers', async () => {
    const listed = await start({ optedOut: ['whatsapp:+33677777777'] });
    try {
      const attempt = sdkFor(listed).messages.create({
        to: '+33677777777',
        from: 'OMEGA',
        body: 'x',
      });
      await expect(attempt).rejects.toMatchObject({ code: 21610 });
    } finally {
      await listed.stop();
    }
  });

  it('rejects a reply without a valid sender', async () => {
    expect((await postJson('/_sandbox/inbound', { body: 'x' })).status).toBe(400);
    expect((await postJson('/_sandbox/inbound', { from: '0612', body: 'x' })).status).toBe(400);
  });

  it('accepts the inbox form (form-encoded) and redirects back to the inbox', async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/inbound`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        channel: 'whatsapp',
        from: CUSTOMER,
        body: 'OUI',
        profileName: 'Camille',
      }),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const [request] = await receiver.waitFor(1);
    expect(request?.params.From).toBe(`whatsapp:${CUSTOMER}`);
  });
});

describe('inbox page and JSON', () => {
  it('lists every message newest first, with encoding, segments, price, history and callbacks', async () => {
    const first = await client.messages.create({
      to: CUSTOMER,
      from: 'OMEGA',
      body: 'Votre téléphone est prêt',
      statusCallback: `${receiver.url}/s`,
    });
    await sandbox.waitFor(
      () => sandbox.message(first.sid)?.callbacks.filter((c) => c.finished).length === 3,
    );
    await sandbox.simulateInbound({ from: CUSTOMER, body: '<b>merci</b>' });
    const res = await fetch(`${sandbox.url}/_sandbox/messages`);
    const json = (await res.json()) as { messages: Record<string, unknown>[] };
    expect(json.messages.map((m) => m.direction)).toEqual(['inbound', 'outbound-api']);
    const outbound = json.messages[1];
    expect(outbound).toMatchObject({
      sid: first.sid,
      encoding: 'UCS-2',
      num_segments: '1',
      price: '-0.07980',
      status: 'delivered',
    });
    expect((outbound?.history as { status: string }[] | undefined)?.map((h) => h.status)).toEqual([
      'queued',
      'sending',
      'sent',
      'delivered',
    ]);
    const callbacks = (outbound?.callbacks ?? []) as {
      params: Record<string, string>;
      attempts: { status: number }[];
    }[];
    expect(callbacks.map((c) => [c.params.MessageStatus, c.attempts[0]?.status])).toEqual([
      ['sending', 200],
      ['sent', 200],
      ['delivered', 200],
    ]);
    const html = await (await fetch(`${sandbox.url}/`)).text();
    expect(html).toContain('Votre téléphone est prêt');
    expect(html).toContain('&lt;b&gt;merci&lt;/b&gt;');
    expect(html).not.toContain('<b>merci</b>');
    expect(html.indexOf('merci')).toBeLessThan(html.indexOf('Votre téléphone'));
    expect(html).toContain('<form class="reply" method="post" action="/_sandbox/inbound">');
  });

  it('reports UCS-2 and segments for French accents', async () => {
    const created = await client.messages.create({
      to: CUSTOMER,
      from: 'OMEGA',
      body: 'Votre appareil est prêt. '.repeat(3),
    });
    expect(created.numSegments).toBe('2');
    expect(sandbox.message(created.sid)?.encoding).toBe('UCS-2');
  });

  it('forgets everything on POST /_sandbox/reset', async () => {
    await client.messages.create({ to: CUSTOMER, from: 'OMEGA', body: 'x' });
    await sandbox.simulateInbound({ from: '+33622222222', body: 'STOP' });
    const res = await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    expect(res.status).toBe(204);
    expect(sandbox.messages()).toEqual([]);
    await expect(
      client.messages.create({ to: '+33622222222', from: 'OMEGA', body: 'x' }),
    ).resolves.toMatchObject({ status: 'queued' });
    // The magic opted-out number stays opted out after a reset.
    await expect(
      client.messages.create({ to: '+33600000610', from: 'OMEGA', body: 'x' }),
    ).rejects.toMatchObject({ code: 21610 });
  });
});
