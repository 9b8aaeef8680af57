import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { start, type TwilioSandbox } from '../src/index.ts';
import { sdkFor } from './sdk.ts';

let sandbox: TwilioSandbox;
let client: ReturnType<typeof sdkFor>;

beforeAll(async () => {
  sandbox = await start({ defaultSenders: { whatsapp: 'whatsapp:+33757000000' } });
  client = sdkFor(sandbox);
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

// `messaging.v2.channels_sender_response` of Twilio's Messaging v2 description
// (twilio/twilio-oai spec/json/twilio_messaging_v2.json).
const RESPONSE_FIELDS = [
  'compliance',
  'configuration',
  'friendly_name',
  'offline_reasons',
  'profile',
  'properties',
  'sender_id',
  'sid',
  'status',
  'url',
  'webhook',
];

describe('Senders API (Messaging v2 /v2/Channels/Senders) through the official SDK', () => {
  it('lists the WhatsApp sender and fetches it: status, quality rating, messaging limit', async () => {
    const listed = await client.messaging.v2.channelsSenders.list({ channel: 'whatsapp' });
    expect(listed).toHaveLength(1);
    const [sender] = listed;
    expect(sender?.sid).toMatch(/^XE[0-9a-f]{32}$/);
    expect(sender).toMatchObject({
      senderId: 'whatsapp:+33757000000',
      status: 'ONLINE',
      properties: { qualityRating: 'HIGH', messagingLimit: '1K Customers/24hr' },
      offlineReasons: null,
      url: `https://messaging.twilio.com/v2/Channels/Senders/${sender?.sid}`,
    });
    const fetched = await client.messaging.v2.channelsSenders(String(sender?.sid)).fetch();
    expect(fetched.status).toBe('ONLINE');
    expect(await client.messaging.v2.channelsSenders.list({ channel: 'rcs' })).toEqual([]);
  });

  it('answers in the wire format of the description', async () => {
    const res = await fetch(`${sandbox.url}/v2/Channels/Senders?Channel=whatsapp`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${sandbox.accountSid}:${sandbox.authToken}`).toString('base64')}`,
      },
    });
    const body = (await res.json()) as {
      senders: Record<string, unknown>[];
      meta: { key: string };
    };
    expect(body.meta.key).toBe('senders');
    expect(Object.keys(body.senders[0] ?? {}).sort()).toEqual(RESPONSE_FIELDS);
    const unauthenticated = await fetch(`${sandbox.url}/v2/Channels/Senders?Channel=whatsapp`);
    expect(unauthenticated.status).toBe(401);
    const noChannel = await fetch(`${sandbox.url}/v2/Channels/Senders`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${sandbox.accountSid}:${sandbox.authToken}`).toString('base64')}`,
      },
    });
    expect(noChannel.status).toBe(400);
  });

  it('a test flags the sender, takes it offline with a reason, and back; reset restores it', async () => {
    const sid = sandbox.senders.whatsapp().sid;
    sandbox.senders.set({ qualityRating: 'LOW' });
    let fetched = await client.messaging.v2.channelsSenders(sid).fetch();
    expect(fetched).toMatchObject({ status: 'ONLINE', properties: { qualityRating: 'LOW' } });

    sandbox.senders.set({ status: 'OFFLINE', offlineReasonCode: '63112' });
    fetched = await client.messaging.v2.channelsSenders(sid).fetch();
    expect(fetched.status).toBe('OFFLINE');
    expect(fetched.offlineReasons).toEqual([
      {
        code: '63112',
        message: 'The WhatsApp Business Account was disabled by Meta',
        moreInfo: 'https://www.twilio.com/docs/api/errors/63112',
      },
    ]);

    sandbox.senders.set({ status: 'ONLINE', qualityRating: 'HIGH' });
    fetched = await client.messaging.v2.channelsSenders(sid).fetch();
    expect(fetched).toMatchObject({ status: 'ONLINE', offlineReasons: null });

    sandbox.senders.set({ status: 'OFFLINE' });
    sandbox.reset();
    expect(sandbox.senders.whatsapp()).toMatchObject({ status: 'ONLINE', qualityRating: 'HIGH' });
  });

  it('the inbox shows the sender and its form changes it (as the control endpoint does)', async () => {
    const form = new URLSearchParams({ status: 'ONLINE', qualityRating: 'LOW' });
    const posted = await fetch(`${sandbox.url}/_sandbox/senders/whatsapp`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    const page = await (await fetch(`${sandbox.url}/`)).text();
    expect(page).toContain('<h2>WhatsApp sender</h2>');
    expect(page).toContain('ONLINE, quality LOW');

    const json = await fetch(`${sandbox.url}/_sandbox/senders/whatsapp`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'OFFLINE' }),
    });
    expect(await json.json()).toMatchObject({
      status: 'OFFLINE',
      properties: { quality_rating: 'LOW' },
    });
    const refused = await fetch(`${sandbox.url}/_sandbox/senders/whatsapp`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'BROKEN' }),
    });
    expect(refused.status).toBe(400);
  });
});
