import { describe, expect, it } from 'vitest';
import {
  matchesFacts,
  originHttpClient,
  retryAfterToMs,
  twilioFailure,
  twilioSegments,
} from './index.ts';

describe('originHttpClient', () => {
  it.each([
    [
      'http://127.0.0.1:4010',
      'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json',
      'http://127.0.0.1:4010/2010-04-01/Accounts/AC1/Messages.json',
    ],
    [
      'http://127.0.0.1:4010/',
      'https://content.twilio.com/v1/Content?PageSize=50',
      'http://127.0.0.1:4010/v1/Content?PageSize=50',
    ],
    [
      'https://proxy.example/twilio',
      'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/SM1.json',
      'https://proxy.example/twilio/2010-04-01/Accounts/AC1/Messages/SM1.json',
    ],
  ])('sends requests for %s: %s → %s', async (origin, uri, expected) => {
    const seen: string[] = [];
    const inner = {
      request: async (opts: { uri: string }) => {
        seen.push(opts.uri);
        return { statusCode: 200 };
      },
    };
    const client = originHttpClient(
      inner as unknown as Parameters<typeof originHttpClient>[0],
      origin,
    );
    await client.request({ method: 'post', uri });
    expect(seen).toEqual([expected]);
  });
});

describe('twilioFailure', () => {
  it('keeps the Twilio error code and HTTP status of a RestException', () => {
    expect(twilioFailure({ status: 400, code: 21211, message: 'Invalid To' })).toEqual({
      code: 'provider_rejected',
      message: 'Invalid To',
      providerCode: 21211,
      httpStatus: 400,
      ambiguous: false,
      retryAfterMs: null,
    });
  });

  it('treats anything without an HTTP status as a network failure the provider may have acted on', () => {
    expect(twilioFailure(new Error('connect ECONNREFUSED'))).toMatchObject({
      code: 'network',
      httpStatus: null,
      providerCode: null,
      ambiguous: true,
    });
  });

  it('calls a 5xx on create ambiguous (Twilio may have created the message), a 4xx not', () => {
    expect(twilioFailure({ status: 503, code: 20500, message: 'x' }).ambiguous).toBe(true);
    expect(twilioFailure({ status: 429, code: 20429, message: 'x' }).ambiguous).toBe(false);
  });

  it('reads the Retry-After the request client put in the details', () => {
    const e = {
      status: 429,
      code: 20429,
      message: 'Too Many Requests',
      details: { retryAfterMs: 3000 },
    };
    expect(twilioFailure(e).retryAfterMs).toBe(3000);
  });
});

describe('retryAfterToMs', () => {
  it.each([
    ['3', 3000],
    [' 0 ', 0],
    ['Wed, 02 Dec 2026 10:00:05 GMT', 5000],
    ['soon', null],
    ['', null],
  ])('%j → %s', (value, ms) => {
    expect(retryAfterToMs(value, new Date('2026-12-02T10:00:00Z'))).toBe(ms);
  });
});

describe('matchesFacts', () => {
  const sms = {
    channel: 'sms' as const,
    to: '+33612345678',
    messagingServiceSid: null,
    from: 'OMEGA',
    body: 'Bonjour',
    contentSid: null,
    variables: null,
  };
  it('matches the same text, outbound only', () => {
    expect(matchesFacts({ body: 'Bonjour', direction: 'outbound-api' }, sms)).toBe(true);
    expect(matchesFacts({ body: 'Bonjour !', direction: 'outbound-api' }, sms)).toBe(false);
    expect(matchesFacts({ body: 'Bonjour', direction: 'inbound' }, sms)).toBe(false);
  });
  it('needs the Messaging Service the attempt used', () => {
    const viaService = { ...sms, messagingServiceSid: 'MG1', from: null };
    expect(matchesFacts({ body: 'Bonjour', messagingServiceSid: 'MG1' }, viaService)).toBe(true);
    expect(matchesFacts({ body: 'Bonjour', messagingServiceSid: 'MG2' }, viaService)).toBe(false);
  });
  it('matches a template by every variable in the text Twilio rendered', () => {
    const template = {
      ...sms,
      channel: 'whatsapp' as const,
      body: null,
      contentSid: 'HX1',
      variables: { 1: 'Jean', 2: 'OM-1' },
    };
    expect(matchesFacts({ body: 'Bonjour Jean, dossier OM-1 prêt' }, template)).toBe(true);
    expect(matchesFacts({ body: 'Bonjour Paul, dossier OM-1 prêt' }, template)).toBe(false);
  });
});

describe('twilioSegments', () => {
  it.each([
    ['1', 1],
    ['3', 3],
    ['0', null],
    [null, null],
    [undefined, null],
  ])('%s → %s', (input, expected) => {
    expect(twilioSegments(input)).toBe(expected);
  });
});
