import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { start, type TwilioSandbox } from '../src/index.ts';
import { samplePhotoPng } from '../src/sample-photo.ts';
import { checkAllSigned, type Receiver, startReceiver } from './receiver.ts';
import { CUSTOMER, sdkFor } from './sdk.ts';

// MediaUrl on Messages create (WhatsApp only: France has no MMS through Twilio), the media the
// sandbox fetches as Twilio does, and a customer photo served at Twilio's media URL.
const TOKEN = 'media-token-0123456789';
let sandbox: TwilioSandbox;
let receiver: Receiver;
let client: ReturnType<typeof sdkFor>;
let photos: Server;
let photosUrl: string;
const PHOTO = samplePhotoPng(64, 48);

beforeAll(async () => {
  receiver = await startReceiver();
  sandbox = await start({ authToken: TOKEN, inboundUrl: `${receiver.url}/twilio/inbound` });
  client = sdkFor(sandbox);
  photos = createServer((req, res) => {
    if (req.url === '/photo.png') res.writeHead(200, { 'Content-Type': 'image/png' }).end(PHOTO);
    else res.writeHead(403, { 'Content-Type': 'text/plain' }).end('expired link');
  });
  await new Promise<void>((resolve) => photos.listen(0, '127.0.0.1', resolve));
  photosUrl = `http://127.0.0.1:${(photos.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
  await new Promise<void>((resolve) => photos.close(() => resolve()));
});
afterEach(() => {
  expect(checkAllSigned(receiver, TOKEN, twilio.validateRequest).invalid).toEqual([]);
});
beforeEach(() => {
  sandbox.reset();
  receiver.requests.length = 0;
});

const basic = (user: string, pass: string) =>
  `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('MediaUrl on Messages create', () => {
  it('accepts media on WhatsApp (an MM SID, num_media), fetches it as Twilio does and records the answer', async () => {
    const message = await client.messages.create({
      to: `whatsapp:${CUSTOMER}`,
      from: 'whatsapp:+14155238886',
      body: 'Votre écran est réparé',
      mediaUrl: [`${photosUrl}/photo.png`],
    });
    expect(message.sid).toMatch(/^MM[0-9a-f]{32}$/);
    expect(message.numMedia).toBe('1');
    const fetched = await sandbox.waitFor(() => sandbox.message(message.sid)?.media?.[0]?.fetched);
    expect(fetched).toEqual({ status: 200, contentType: 'image/png', size: PHOTO.length });
    const inbox = sandbox.messages()[0] as { media: Array<{ url: string }> };
    expect(inbox.media[0]?.url).toBe(`${photosUrl}/photo.png`);
    const page = await (await fetch(`${sandbox.url}/`)).text();
    expect(page).toContain(`<img src="${photosUrl}/photo.png"`);
  });

  it('records a media URL that does not answer 200 (an expired link) on the message', async () => {
    const message = await client.messages.create({
      to: `whatsapp:${CUSTOMER}`,
      from: 'whatsapp:+14155238886',
      mediaUrl: [`${photosUrl}/expired`],
    });
    const fetched = await sandbox.waitFor(() => sandbox.message(message.sid)?.media?.[0]?.fetched);
    expect(fetched).toMatchObject({ status: 403, error: 'expired link' });
  });

  it('refuses media on SMS (21621), more than 10 media (21623) and a URL that is not http(s) (21620)', async () => {
    await expect(
      client.messages.create({
        to: CUSTOMER,
        from: 'OMEGA',
        body: 'x',
        mediaUrl: [`${photosUrl}/photo.png`],
      }),
    ).rejects.toMatchObject({ status: 400, code: 21621 });
    await expect(
      client.messages.create({
        to: `whatsapp:${CUSTOMER}`,
        from: 'whatsapp:+14155238886',
        mediaUrl: Array.from({ length: 11 }, (_, i) => `${photosUrl}/${i}.png`),
      }),
    ).rejects.toMatchObject({ status: 400, code: 21623 });
    await expect(
      client.messages.create({
        to: `whatsapp:${CUSTOMER}`,
        from: 'whatsapp:+14155238886',
        mediaUrl: ['ftp://example.com/a.png'],
      }),
    ).rejects.toMatchObject({ status: 400, code: 21620 });
    expect(sandbox.messages()).toHaveLength(0);
  });
});

describe('a twilio/media template', () => {
  it('sent by ContentSid, its media URL filled from ContentVariables and fetched like a MediaUrl', async () => {
    const contents = client.content.v1.contents;
    const created = await contents.create({
      friendly_name: 'photo_test',
      language: 'fr',
      variables: { '1': 'Jean', '2': 'photo.png' },
      types: {
        'twilio/media': { body: 'Bonjour {{1}}, voici votre écran', media: [`${photosUrl}/{{2}}`] },
      },
    } as unknown as Parameters<typeof contents.create>[0]);
    const message = await client.messages.create({
      to: `whatsapp:${CUSTOMER}`,
      from: 'whatsapp:+14155238886',
      contentSid: created.sid,
      contentVariables: JSON.stringify({ '1': 'Zoé', '2': 'photo.png' }),
    });
    expect(message.numMedia).toBe('1');
    const fetched = await sandbox.waitFor(() => sandbox.message(message.sid)?.media?.[0]?.fetched);
    expect(fetched).toEqual({ status: 200, contentType: 'image/png', size: PHOTO.length });
    expect(sandbox.message(message.sid)?.media?.[0]?.url).toBe(`${photosUrl}/photo.png`);
  });
});

describe('a customer photo (inbound media)', () => {
  it('posts NumMedia, MediaUrl0 (Twilio-shaped) and MediaContentType0, signed; the URL needs Basic auth and redirects to the bytes', async () => {
    const result = await sandbox.simulateInbound({
      from: `whatsapp:${CUSTOMER}`,
      body: 'Voici la fissure',
      media: [{ contentType: 'image/png', data: PHOTO }],
    });
    expect(result.ok).toBe(true);
    const [request] = await receiver.waitFor(1);
    const params = request?.params ?? {};
    expect(params.MessageSid).toMatch(/^MM[0-9a-f]{32}$/);
    expect(params.NumMedia).toBe('1');
    expect(params.MediaContentType0).toBe('image/png');
    expect(params.MediaUrl0).toMatch(
      new RegExp(
        `^${sandbox.url}/2010-04-01/Accounts/${sandbox.accountSid}/Messages/${params.MessageSid}/Media/ME[0-9a-f]{32}$`,
      ),
    );
    const url = params.MediaUrl0 as string;
    expect((await fetch(url)).status).toBe(401);
    expect(
      (await fetch(url, { headers: { Authorization: basic(sandbox.accountSid, 'wrong-token') } }))
        .status,
    ).toBe(401);
    const redirect = await fetch(url, {
      headers: { Authorization: basic(sandbox.accountSid, TOKEN) },
      redirect: 'manual',
    });
    expect(redirect.status).toBe(307);
    const location = new URL(redirect.headers.get('location') ?? '', sandbox.url);
    const content = await fetch(location);
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await content.arrayBuffer()).equals(PHOTO)).toBe(true);
    location.searchParams.set('Signature', '0'.repeat(64));
    expect((await fetch(location)).status).toBe(403);
    // The Media list of the message, as the SDK reads it.
    const media = await client.messages(params.MessageSid as string).media.list();
    expect(media).toHaveLength(1);
    expect(media[0]).toMatchObject({ contentType: 'image/png', parentSid: params.MessageSid });
  });

  it('takes a photo from the inbox form (sample photo) and refuses media on SMS', async () => {
    const form = new URLSearchParams({ channel: 'whatsapp', from: CUSTOMER, samplePhoto: '1' });
    const res = await fetch(`${sandbox.url}/_sandbox/inbound`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const [request] = await receiver.waitFor(1);
    expect(request?.params.NumMedia).toBe('1');
    const page = await (await fetch(`${sandbox.url}/`)).text();
    expect(page).toMatch(/<img src="\/_sandbox\/messages\/MM[0-9a-f]{32}\/media\/ME[0-9a-f]{32}"/);
    const sms = await sandbox.simulateInbound({
      from: CUSTOMER,
      media: [{ contentType: 'image/png', data: PHOTO }],
    });
    expect(sms).toMatchObject({ ok: false, error: { code: 'invalid_media' } });
  });
});
