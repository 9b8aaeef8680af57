import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxHttpClient, start, type TwilioSandbox } from '../src/index.ts';
import { CUSTOMER, sdkFor } from './sdk.ts';

const MG = `MG${'1'.repeat(32)}`;
let sandbox: TwilioSandbox;
let client: ReturnType<typeof sdkFor>;

beforeAll(async () => {
  sandbox = await start({ port: 0, authToken: 'sdk-test-token' });
  client = sdkFor(sandbox);
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

describe('the official twilio SDK against the sandbox', () => {
  it('creates a message and gets Twilio-shaped fields back', async () => {
    const message = await client.messages.create({
      to: CUSTOMER,
      from: 'OMEGA',
      body: 'Votre réparation est prête',
    });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message.status).toBe('queued');
    expect(message.accountSid).toBe(sandbox.accountSid);
    expect(message.numSegments).toBe('1');
    expect(message.direction).toBe('outbound-api');
    expect(message.dateCreated).toBeInstanceOf(Date);
    expect(Number.isNaN(message.dateCreated.getTime())).toBe(false);
    expect(message.uri).toBe(
      `/2010-04-01/Accounts/${sandbox.accountSid}/Messages/${message.sid}.json`,
    );
  });

  it('fetches a message, whose price is filled in after the final status', async () => {
    const created = await client.messages.create({
      to: CUSTOMER,
      from: 'OMEGA',
      body: 'x'.repeat(161),
    });
    await sandbox.waitFor(() => sandbox.message(created.sid)?.status === 'delivered');
    const fetched = await client.messages(created.sid).fetch();
    expect(fetched.status).toBe('delivered');
    expect(fetched.numSegments).toBe('2');
    expect(fetched.price).toBe('-0.15960');
    expect(fetched.priceUnit).toBe('USD');
  });

  it('starts Messaging Service sends as accepted with 0 segments, then assigns a sender', async () => {
    const created = await client.messages.create({
      to: CUSTOMER,
      messagingServiceSid: MG,
      body: 'Bonjour',
    });
    expect(created.status).toBe('accepted');
    expect(created.numSegments).toBe('0');
    expect(created.from).toBeNull();
    await sandbox.waitFor(() => sandbox.message(created.sid)?.status === 'delivered');
    const fetched = await client.messages(created.sid).fetch();
    expect(fetched.numSegments).toBe('1');
    expect(fetched.from).toBe('SANDBOX');
    expect(fetched.messagingServiceSid).toBe(MG);
  });

  it('lists messages newest first with To/From/DateSent filters', async () => {
    const other = '+33698765432';
    const a = await client.messages.create({ to: CUSTOMER, from: 'OMEGA', body: 'a' });
    const b = await client.messages.create({ to: other, from: 'OMEGA', body: 'b' });
    const c = await client.messages.create({ to: CUSTOMER, from: 'OTHER', body: 'c' });
    const toCustomer = await client.messages.list({ to: CUSTOMER });
    expect(toCustomer.map((m) => m.sid)).toEqual([c.sid, a.sid]);
    const fromOmega = await client.messages.list({ from: 'OMEGA' });
    expect(fromOmega.map((m) => m.sid)).toEqual([b.sid, a.sid]);
    // DateSent filters match date_sent, which is null until a message is sent.
    for (const { sid } of [a, b, c]) await sandbox.waitFor(() => sandbox.message(sid)?.dateSent);
    const yesterday = new Date(Date.now() - 86_400_000);
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect(await client.messages.list({ dateSentAfter: tomorrow })).toEqual([]);
    expect((await client.messages.list({ dateSentAfter: yesterday })).length).toBe(3);
    expect((await client.messages.list({ dateSentBefore: yesterday })).length).toBe(0);
    expect((await client.messages.list({ dateSent: new Date() })).length).toBe(3);
  });

  it('pages through a long list with PageSize and next_page_uri, visiting each message once', async () => {
    const sids: string[] = [];
    for (let i = 0; i < 7; i++) {
      sids.unshift(
        (await client.messages.create({ to: CUSTOMER, from: 'OMEGA', body: `n${i}` })).sid,
      );
    }
    const all = await client.messages.list({ pageSize: 3 });
    expect(all.map((m) => m.sid)).toEqual(sids);
    const first = await client.messages.page({ pageSize: 3 });
    expect(first.instances).toHaveLength(3);
    const second = await first.nextPage();
    expect(second?.instances.map((m) => m.sid)).toEqual(sids.slice(3, 6));
    const back = await second?.previousPage();
    expect(back?.instances.map((m) => m.sid)).toEqual(sids.slice(0, 3));
  });

  it('cancels a scheduled message, and refuses to cancel one that is not scheduled', async () => {
    const sendAt = new Date(Date.now() + 3_600_000);
    const scheduled = await client.messages.create({
      to: CUSTOMER,
      messagingServiceSid: MG,
      body: 'Rappel',
      scheduleType: 'fixed',
      sendAt,
    });
    expect(scheduled.status).toBe('scheduled');
    expect(scheduled.dateSent).toBeNull();
    const canceled = await client.messages(scheduled.sid).update({ status: 'canceled' });
    expect(canceled.status).toBe('canceled');
    const again = client.messages(scheduled.sid).update({ status: 'canceled' });
    await expect(again).rejects.toMatchObject({ status: 400, code: 30409 });
  });

  it('redacts a body with Body=""', async () => {
    const created = await client.messages.create({ to: CUSTOMER, from: 'OMEGA', body: 'secret' });
    const redacted = await client.messages(created.sid).update({ body: '' });
    expect(redacted.body).toBe('');
  });

  it.each([
    { name: 'no From nor MessagingServiceSid', params: { to: CUSTOMER, body: 'x' }, code: 21603 },
    { name: 'no Body nor ContentSid', params: { to: CUSTOMER, from: 'OMEGA' }, code: 21602 },
    {
      name: 'an invalid To',
      params: { to: '+33700000000', from: 'OMEGA', body: 'x' },
      code: 21211,
    },
    {
      name: 'a To that is not E.164',
      params: { to: '0612345678', from: 'OMEGA', body: 'x' },
      code: 21211,
    },
    { name: 'a landline', params: { to: '+33123456789', from: 'OMEGA', body: 'x' }, code: 21614 },
    {
      name: 'the opted-out magic number',
      params: { to: '+33600000610', from: 'OMEGA', body: 'x' },
      code: 21610,
    },
    {
      name: 'the opted-out number on WhatsApp',
      params: { to: 'whatsapp:+33600000610', from: 'whatsapp:+14155238886', body: 'x' },
      code: 21610,
    },
    {
      name: 'a body over 1600 characters',
      params: { to: CUSTOMER, from: 'OMEGA', body: 'x'.repeat(1601) },
      code: 21617,
    },
    {
      name: 'a SendAt without Messaging Service',
      params: {
        to: CUSTOMER,
        from: 'OMEGA',
        body: 'x',
        scheduleType: 'fixed',
        sendAt: new Date(Date.now() + 3_600_000),
      },
      code: 35118,
    },
    {
      name: 'a SendAt too soon',
      params: {
        to: CUSTOMER,
        messagingServiceSid: MG,
        body: 'x',
        scheduleType: 'fixed',
        sendAt: new Date(Date.now() + 60_000),
      },
      code: 35114,
    },
    {
      name: 'a ValidityPeriod out of range',
      params: { to: CUSTOMER, from: 'OMEGA', body: 'x', validityPeriod: 36_001 },
      code: 90007,
    },
    {
      name: 'a StatusCallback with an underscore host',
      params: {
        to: CUSTOMER,
        from: 'OMEGA',
        body: 'x',
        statusCallback: 'https://my_host.example/cb',
      },
      code: 21609,
    },
  ] as const)(
    'rejects $name with HTTP 400 and code $code, creating nothing',
    async ({ params, code }) => {
      const attempt = client.messages.create(
        params as Parameters<typeof client.messages.create>[0],
      );
      await expect(attempt).rejects.toBeInstanceOf(twilio.RestException);
      await expect(attempt).rejects.toMatchObject({
        status: 400,
        code,
        moreInfo: `https://www.twilio.com/docs/errors/${code}`,
      });
      expect(sandbox.messages()).toHaveLength(0);
    },
  );

  it('rejects a request without To (which the SDK refuses to send) with 21604', async () => {
    const res = await fetch(
      `${sandbox.url}/2010-04-01/Accounts/${sandbox.accountSid}/Messages.json`,
      {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${sandbox.accountSid}:${sandbox.authToken}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'From=OMEGA&Body=x',
      },
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 21604,
      message: "A 'To' phone number is required.",
      more_info: 'https://www.twilio.com/docs/errors/21604',
      status: 400,
    });
  });

  it('answers wrong credentials with 401 and code 20003', async () => {
    const intruder = twilio(sandbox.accountSid, 'wrong-token', {
      httpClient: sandboxHttpClient(sandbox.url),
    });
    const attempt = intruder.messages.create({ to: CUSTOMER, from: 'OMEGA', body: 'x' });
    await expect(attempt).rejects.toMatchObject({ status: 401, code: 20003 });
    expect(sandbox.messages()).toHaveLength(0);
  });

  it('answers an unknown message with 404 and code 20404', async () => {
    const attempt = client.messages(`SM${'0'.repeat(32)}`).fetch();
    await expect(attempt).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it('deletes a message', async () => {
    const created = await client.messages.create({ to: CUSTOMER, from: 'OMEGA', body: 'x' });
    expect(await client.messages(created.sid).remove()).toBe(true);
    expect(sandbox.message(created.sid)).toBeUndefined();
  });
});
