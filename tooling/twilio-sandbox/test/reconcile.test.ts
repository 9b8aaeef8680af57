import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { start, type TwilioSandbox } from '../src/index.ts';
import { CUSTOMER, sdkFor, sdkWith } from './sdk.ts';

// Reconciling an ambiguous create (the answer never came): before resending, the sender asks
// the Messages list what Twilio has for this recipient, the way it would ask Twilio.
const MG = `MG${'2'.repeat(32)}`;
const YESTERDAY = () => new Date(Date.now() - 86_400_000);
let sandbox: TwilioSandbox;
let client: ReturnType<typeof sdkFor>;

beforeAll(async () => {
  // Held in the queue (accepted → queued 300 ms, queued → sending 300 ms), as on a busy day.
  sandbox = await start({ callbackDelays: { queued: 300, sending: 300 } });
  client = sdkFor(sandbox);
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

/** A create whose answer never comes (hang-after): the SDK gives up after 200 ms. */
function hungCreate(params: Parameters<typeof client.messages.create>[0]) {
  const impatient = sdkWith(sandbox, {
    timeout: 200,
    headers: { 'X-Sandbox-Fault': 'hang-after' },
  });
  return expect(impatient.messages.create(params)).rejects.toThrow(/timeout/);
}

/** GET …/Messages.json with a raw query, the JSON as Twilio writes it. */
async function listRaw(query: Record<string, string>) {
  const res = await fetch(
    `${sandbox.url}/2010-04-01/Accounts/${sandbox.accountSid}/Messages.json?${new URLSearchParams(query)}`,
    {
      headers: {
        Authorization: `Basic ${Buffer.from(`${sandbox.accountSid}:${sandbox.authToken}`).toString('base64')}`,
      },
    },
  );
  expect(res.status).toBe(200);
  return (await res.json()) as {
    messages: Record<string, unknown>[];
    next_page_uri: string | null;
  };
}

describe('reconciling an ambiguous create through the Messages list', () => {
  it('finds the message a hung create made by To + From, with the same body', async () => {
    const attemptAt = new Date();
    await client.messages.create({ to: '+33698765432', from: 'OMEGA', body: 'someone else' });
    await client.messages.create({ to: CUSTOMER, from: 'OTHER', body: 'another sender' });
    await hungCreate({ to: CUSTOMER, from: 'OMEGA', body: 'Votre iPhone est prêt' });
    const found = await client.messages.list({ to: CUSTOMER, from: 'OMEGA' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ body: 'Votre iPhone est prêt', to: CUSTOMER, from: 'OMEGA' });
    expect(found[0]?.dateCreated.getTime()).toBeGreaterThanOrEqual(attemptAt.getTime() - 1_000);
    expect(sandbox.message(found[0]?.sid ?? '')?.requestFault).toBe('hang-after');
  });

  it('lists newest first by date_created, with body, date_created, messaging_service_sid and status', async () => {
    await client.messages.create({ to: CUSTOMER, from: 'OMEGA', body: 'first' });
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // date_created has 1 s precision
    await hungCreate({ to: CUSTOMER, from: 'OMEGA', body: 'second' });
    const { messages } = await listRaw({ To: CUSTOMER, From: 'OMEGA' });
    expect(messages.map((m) => m.body)).toEqual(['second', 'first']);
    const [newest, oldest] = messages.map((m) => Date.parse(String(m.date_created)));
    expect(newest).toBeGreaterThan(oldest ?? Number.POSITIVE_INFINITY);
    expect(messages[0]).toMatchObject({
      body: 'second',
      date_created: expect.stringMatching(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/),
      date_sent: null,
      messaging_service_sid: null,
      status: 'queued',
      from: 'OMEGA',
      to: CUSTOMER,
    });
  });

  it('does not match a queued message on DateSent (date_sent is null until sent), then does', async () => {
    await hungCreate({ to: CUSTOMER, from: 'OMEGA', body: 'x' });
    const [queued] = sandbox.messages();
    expect(queued).toMatchObject({ status: 'queued', date_sent: null });
    expect(await client.messages.list({ to: CUSTOMER, dateSentAfter: YESTERDAY() })).toEqual([]);
    expect(await client.messages.list({ to: CUSTOMER, dateSent: new Date() })).toEqual([]);
    expect(await client.messages.list({ to: CUSTOMER, from: 'OMEGA' })).toHaveLength(1);
    const sid = String(queued?.sid);
    await sandbox.waitFor(() => sandbox.message(sid)?.dateSent);
    const sent = await client.messages.list({ to: CUSTOMER, dateSentAfter: YESTERDAY() });
    expect(sent.map((m) => m.sid)).toEqual([sid]);
    expect(sent[0]?.dateSent).toBeInstanceOf(Date);
    expect(await client.messages.list({ to: CUSTOMER, dateSent: new Date() })).toHaveLength(1);
    expect(await client.messages.list({ dateSentBefore: YESTERDAY() })).toEqual([]);
  });

  it.each([
    ['DateSent>', '2008-01-02', 1],
    ['DateSent<', '2008-01-02', 0],
    ['DateSent', '2008-01-02', 0],
    ['DateSent>', '2019-06-11 22:05:25.000', 1],
    ['DateSent>', 'Wed, 19 Jun 2019 22:04:00 -0000', 1],
    ['DateSent>', '06/11/2019 22:05:25 MST', 1],
    ['DateSent<', '2999-01-01', 1],
  ])('filters %s=%s as the description says (%i match)', async (name, value, count) => {
    const created = await client.messages.create({ to: CUSTOMER, from: 'OMEGA', body: 'x' });
    await sandbox.waitFor(() => sandbox.message(created.sid)?.dateSent);
    const { messages } = await listRaw({ To: CUSTOMER, From: 'OMEGA', [name]: value });
    expect(messages).toHaveLength(count);
  });

  it('answers 400 for a DateSent it cannot read', async () => {
    const attempt = client.messages.list({ dateSentAfter: 'soon' as never });
    await expect(attempt).rejects.toMatchObject({ status: 400 });
  });

  it('with a Messaging Service: from is null until the service picks a sender, so reconcile by To, body and messaging_service_sid', async () => {
    await hungCreate({ to: CUSTOMER, messagingServiceSid: MG, body: 'Rappel' });
    const [accepted] = sandbox.messages();
    expect(accepted).toMatchObject({ status: 'accepted', from: null, messaging_service_sid: MG });
    expect(await client.messages.list({ to: CUSTOMER, from: 'SANDBOX' })).toEqual([]);
    const byTo = await client.messages.list({ to: CUSTOMER });
    expect(byTo.filter((m) => m.messagingServiceSid === MG && m.body === 'Rappel')).toHaveLength(1);
    const sid = String(accepted?.sid);
    await sandbox.waitFor(() => sandbox.message(sid)?.status === 'queued');
    // Now `from` is the sender the service picked (defaultSenders.sms), and From finds it.
    const byFrom = await client.messages.list({ to: CUSTOMER, from: 'SANDBOX' });
    expect(byFrom.map((m) => [m.sid, m.from, m.messagingServiceSid])).toEqual([
      [sid, 'SANDBOX', MG],
    ]);
  });

  it('pages through the candidates with PageSize, newest first', async () => {
    const sids: string[] = [];
    for (let i = 0; i < 5; i++) {
      sids.unshift(
        (await client.messages.create({ to: CUSTOMER, from: 'OMEGA', body: 'same' })).sid,
      );
    }
    const first = await client.messages.page({ to: CUSTOMER, from: 'OMEGA', pageSize: 2 });
    expect(first.instances.map((m) => m.sid)).toEqual(sids.slice(0, 2));
    const second = await first.nextPage();
    expect(second?.instances.map((m) => m.sid)).toEqual(sids.slice(2, 4));
    const third = await second?.nextPage();
    expect(third?.instances.map((m) => m.sid)).toEqual(sids.slice(4));
    expect(await third?.nextPage()).toBeUndefined();
    const raw = await listRaw({ To: CUSTOMER, From: 'OMEGA', PageSize: '2' });
    expect(raw.next_page_uri).toMatch(
      /^\/2010-04-01\/.*To=%2B33612345678&From=OMEGA&PageSize=2&Page=1&PageToken=PA/,
    );
  });
});
