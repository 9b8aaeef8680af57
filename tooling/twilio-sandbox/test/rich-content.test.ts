import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contentTypesProblem } from '../src/content-types.ts';
import { start, type TwilioSandbox } from '../src/index.ts';
import { checkAllSigned, type Receiver, startReceiver } from './receiver.ts';
import { sdkFor } from './sdk.ts';

const TOKEN = 'rich-content-token';
const WA_FROM = 'whatsapp:+14155238886';
const WA_CUSTOMER = 'whatsapp:+33612345678';
let sandbox: TwilioSandbox;
let receiver: Receiver;
let client: ReturnType<typeof sdkFor>;

beforeAll(async () => {
  receiver = await startReceiver();
  sandbox = await start({ authToken: TOKEN, inboundUrl: `${receiver.url}/twilio/inbound` });
  client = sdkFor(sandbox);
});
afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
});
afterEach(() => {
  expect(checkAllSigned(receiver, TOKEN, twilio.validateRequest).invalid).toEqual([]);
});
beforeEach(() => {
  sandbox.reset();
  receiver.requests.length = 0;
});

const create = (types: Record<string, unknown>, variables: Record<string, string> = {}) =>
  client.content.v1.contents.create({
    friendly_name: 'rich',
    language: 'fr',
    variables,
    types,
  } as never);

const LOCATION = {
  'twilio/location': {
    latitude: 45.7578,
    longitude: 4.832,
    label: "O'MEGA Services",
    address: '7 place Bellecour, 69002 Lyon',
  },
};
const CALL_TO_ACTION = {
  'twilio/call-to-action': {
    body: 'Notre adresse : {{1}}.',
    actions: [
      {
        type: 'URL',
        title: "Voir l'itinéraire",
        url: 'https://www.google.com/maps/search/?api=1&query={{2}}',
      },
    ],
  },
};
const CARD = {
  'twilio/card': {
    title: 'Votre {{1}} est prêt.',
    actions: [
      { type: 'QUICK_REPLY', title: "Je passe aujourd'hui", id: 'ticket:{{2}}:coming_today' },
      { type: 'QUICK_REPLY', title: 'Appelez-moi', id: 'ticket:{{2}}:call_me' },
      {
        type: 'URL',
        title: "Voir l'itinéraire",
        url: 'https://www.google.com/maps/search/?api=1&query={{3}}',
      },
    ],
  },
};

describe('Content API: location, call-to-action, media and card types', () => {
  it('accepts them in the shape of the OAI description', async () => {
    for (const types of [
      LOCATION,
      CALL_TO_ACTION,
      CARD,
      { 'twilio/media': { body: 'Votre réparation', media: ['https://example.com/{{1}}'] } },
    ]) {
      const made = await create(types, { '1': 'photo.jpg' });
      expect(made.sid).toMatch(/^HX/);
      expect((await client.content.v1.contents(made.sid).fetch()).types).toEqual(types);
    }
  });

  it.each([
    [
      { 'twilio/location': { latitude: 91, longitude: 2 } },
      "'latitude' must be a number between -90 and 90",
    ],
    [{ 'twilio/location': { latitude: '48.8', longitude: 2 } }, "'latitude' must be a number"],
    [
      { 'twilio/location': { latitude: 48.8 } },
      "'longitude' must be a number between -180 and 180",
    ],
    [{ 'twilio/location': { latitude: 48.8, longitude: 2, zoom: 3 } }, "unknown field 'zoom'"],
    [{ 'twilio/call-to-action': { body: 'x' } }, "'actions' must hold at least 1 button"],
    [
      { 'twilio/call-to-action': { body: 'x', actions: [{ type: 'URL', title: 'Ouvrir' }] } },
      "actions[0]: 'url' must be a URL",
    ],
    [
      {
        'twilio/call-to-action': {
          body: 'x',
          actions: [
            { type: 'URL', title: 'Un titre bien trop long pour un bouton', url: 'https://a.fr' },
          ],
        },
      },
      "actions[0]: 'title' is longer than 25 characters",
    ],
    [
      {
        'twilio/call-to-action': {
          body: 'x',
          actions: [{ type: 'URL', title: 'Carte', url: 'https://{{1}}/maps' }],
        },
      },
      "'url' may hold a variable only at its end",
    ],
    [
      {
        'twilio/call-to-action': {
          body: 'x',
          actions: ['a', 'b', 'c'].map((t) => ({ type: 'URL', title: t, url: `https://${t}.fr` })),
        },
      },
      'at most 2 URL buttons are allowed',
    ],
    [
      { 'twilio/call-to-action': { body: 'x'.repeat(641), actions: [] } },
      "'body' is longer than 640",
    ],
    [{ 'twilio/media': { body: 'Photo' } }, "'media' must hold at least one URL"],
    [
      { 'twilio/media': { media: ['ftp://example.com/a.jpg'] } },
      "'media[0]' must be an absolute http(s) URL",
    ],
    [{ 'twilio/card': { subtitle: 'x' } }, "'title' or 'body' is required"],
    [
      { 'twilio/quick-reply': { body: 'x', actions: [{ title: 'Un titre de plus de 20' }] } },
      "'title' is longer than 20",
    ],
    [{ 'twilio/pigeon': { body: 'x' } }, 'twilio/pigeon: not a content type'],
  ])('refuses %o with a 400 naming the problem', async (types, words) => {
    await expect(create(types)).rejects.toMatchObject({
      status: 400,
      code: 20001,
      message: expect.stringContaining(words),
    });
    expect(contentTypesProblem(types)).toContain(words);
  });
});

describe('the inbox shows a template’s location, buttons and media, and taps its quick replies', () => {
  it('renders the pin, the call-to-action URL and the media of messages sent with those contents', async () => {
    const location = await create(LOCATION);
    const cta = await create(CALL_TO_ACTION);
    const media = await create({
      'twilio/media': { body: 'Votre écran', media: ['https://example.com/{{1}}'] },
    });
    const bodies: string[] = [];
    for (const [content, variables] of [
      [location, {}],
      [cta, { '1': '7 place Bellecour', '2': '45.7578,4.832' }],
      [media, { '1': 'ecran.jpg' }],
    ] as const) {
      const made = await client.messages.create({
        from: WA_FROM,
        to: WA_CUSTOMER,
        contentSid: content.sid,
        contentVariables: JSON.stringify(variables),
      });
      bodies.push(made.body);
    }
    const html = await (await fetch(`${sandbox.url}/`)).text();
    expect(html).toContain(
      '📍 <strong>O&#39;MEGA Services</strong> — 7 place Bellecour, 69002 Lyon',
    );
    expect(html).toContain('<code>45.7578,4.832</code>');
    expect(html).toContain(
      'href="https://www.google.com/maps/search/?api=1&amp;query=45.7578,4.832"',
    );
    expect(html).toContain('Voir l&#39;itinéraire');
    expect(html).toContain('<img src="https://example.com/ecran.jpg"');
    // The body Twilio reports is the call-to-action's text, variables filled in; a pin has none.
    expect(bodies).toEqual(['', 'Notre adresse : 7 place Bellecour.', 'Votre écran']);
  });

  it('a tap on a quick reply sends the signed button webhook Twilio would send', async () => {
    const card = await create(CARD);
    const sent = await client.messages.create({
      from: WA_FROM,
      to: WA_CUSTOMER,
      contentSid: card.sid,
      contentVariables: JSON.stringify({ '1': 'iPhone 13', '2': 't42', '3': '45.7578,4.832' }),
    });
    const html = await (await fetch(`${sandbox.url}/`)).text();
    expect(html).toContain('action="/_sandbox/tap"');
    expect(html).toContain('(ticket:t42:coming_today)');
    // The URL button is a link, not a tap.
    expect(html).toContain(
      'href="https://www.google.com/maps/search/?api=1&amp;query=45.7578,4.832"',
    );

    // The inbox's form: messageSid + index of the button.
    const res = await fetch(`${sandbox.url}/_sandbox/tap`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ messageSid: sent.sid, index: '1' }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const [request] = await receiver.waitFor(1);
    expect(request?.params).toMatchObject({
      From: WA_CUSTOMER,
      To: WA_FROM,
      MessageType: 'button',
      ButtonPayload: 'ticket:t42:call_me',
      ButtonText: 'Appelez-moi',
      Body: 'Appelez-moi',
      OriginalRepliedMessageSid: sent.sid,
    });

    // JSON, by the button's id.
    const byId = await fetch(`${sandbox.url}/_sandbox/tap`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ messageSid: sent.sid, id: 'ticket:t42:coming_today' }),
    });
    expect(byId.status).toBe(201);
    const [, second] = await receiver.waitFor(2);
    expect(second?.params).toMatchObject({
      ButtonPayload: 'ticket:t42:coming_today',
      Body: "Je passe aujourd'hui",
    });

    // A URL button, an unknown message, a free-text message: no tap.
    for (const body of [
      { messageSid: sent.sid, index: 2 },
      { messageSid: 'SM00000000000000000000000000000000', index: 0 },
    ]) {
      const refused = await fetch(`${sandbox.url}/_sandbox/tap`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(refused.status).toBe(400);
    }
    expect(receiver.requests.filter((r) => r.params.MessageType === 'button')).toHaveLength(2);
  });
});
