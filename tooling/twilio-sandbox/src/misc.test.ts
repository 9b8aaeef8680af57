import { describe, expect, it } from 'vitest';
import { readCliConfig } from './cli-options.ts';
import { renderContent } from './content-store.ts';
import { parseDateFilter, rfc2822 } from './dates.ts';
import { FaultInjector, parseCallbackFaults, parseRequestFault } from './faults.ts';
import { rewriteTwilioUrl } from './http-client.ts';
import { DEFAULT_PRICES, priceOf, resolvePrices } from './prices.ts';
import { keywordType, Recipients } from './recipients.ts';
import { measureBody } from './segments.ts';

describe('dates', () => {
  it('writes RFC 2822 like Twilio', () => {
    expect(rfc2822(new Date('2023-08-24T05:01:45Z'))).toBe('Thu, 24 Aug 2023 05:01:45 +0000');
  });
  it.each([
    [
      '2008-01-02',
      { from: Date.parse('2008-01-02T00:00:00Z'), to: Date.parse('2008-01-03T00:00:00Z') - 1 },
    ],
    [
      '2019-06-11T22:05:25Z',
      { from: Date.parse('2019-06-11T22:05:25Z'), to: Date.parse('2019-06-11T22:05:25Z') },
    ],
    [
      'Wed, 19 Jun 2019 22:04:00 -0000',
      { from: Date.parse('2019-06-19T22:04:00Z'), to: Date.parse('2019-06-19T22:04:00Z') },
    ],
    ['yesterday', null],
  ])('parses DateSent %s', (value, expected) => {
    expect(parseDateFilter(value)).toEqual(expected);
  });
});

describe('prices', () => {
  it.each([
    ['sms', 'FR', 1, '-0.07980'],
    ['sms', 'FR', 3, '-0.23940'],
    ['sms', 'ZZ', 1, '-0.10000'],
    ['whatsapp', 'FR', 4, '-0.00500'],
  ] as const)('%s to %s × %i segments → %s', (channel, country, segments, expected) => {
    expect(priceOf(DEFAULT_PRICES, channel, country, segments)).toBe(expected);
  });
  it('merges a partial table over the defaults', () => {
    const table = resolvePrices({ sms: { FR: 0.05 } });
    expect(priceOf(table, 'sms', 'FR', 2)).toBe('-0.10000');
    expect(table.sms.BE).toBe(DEFAULT_PRICES.sms.BE);
  });
});

describe('segments (Twilio calculator)', () => {
  it.each([
    ['a'.repeat(160), false, 'GSM-7', 1],
    ['a'.repeat(161), false, 'GSM-7', 2],
    ['ê'.repeat(70), false, 'UCS-2', 1],
    ['ê'.repeat(71), false, 'UCS-2', 2],
    ['l’atelier', false, 'UCS-2', 1],
    ['l’atelier', true, 'GSM-7', 1],
  ] as const)('%s (smart %s) → %s, %i', (body, smart, encoding, segments) => {
    expect(measureBody(body, smart)).toMatchObject({ encoding, segments });
  });
});

describe('content rendering', () => {
  const content = {
    sid: 'HX1',
    accountSid: 'AC1',
    friendlyName: 'x',
    language: 'fr',
    variables: { '1': 'appareil', name: 'client' },
    types: {
      'twilio/quick-reply': { body: 'Bonjour {{name}}, votre {{1}} est prêt {{ 2 }}', actions: [] },
    },
    dateCreated: new Date(),
    dateUpdated: new Date(),
    approval: null,
  };
  it('fills variables, then defaults, and leaves unknown ones', () => {
    expect(renderContent(content, { name: 'Camille' })).toBe(
      'Bonjour Camille, votre appareil est prêt {{ 2 }}',
    );
  });
});

describe('faults', () => {
  it.each([
    ['429', { kind: '429' }],
    ['slow=250', { kind: 'slow', delayMs: 250 }],
    ['DROP-AFTER', { kind: 'drop-after' }],
    ['teapot', null],
    [undefined, null],
  ])('parses X-Sandbox-Fault %s', (header, expected) => {
    expect(parseRequestFault(header)).toEqual(expected);
  });
  it('parses X-Sandbox-Callbacks', () => {
    expect([...parseCallbackFaults('out-of-order, duplicate,x')].sort()).toEqual([
      'duplicate',
      'out-of-order',
    ]);
  });
  it('prefers the header, then the queue, then the configured shares', () => {
    const injector = new FaultInjector({
      rate429: 0,
      rate500: 0,
      rateSlow: 1,
      slowMs: 10,
      rateDrop: 0,
      duplicateCallbacks: 0,
      outOfOrderCallbacks: 0,
      random: () => 0.5,
    });
    injector.next('500');
    expect(injector.forRequest('429')?.kind).toBe('429');
    expect(injector.forRequest(undefined)?.kind).toBe('500');
    expect(injector.forRequest(undefined)).toEqual({ kind: 'slow', delayMs: 10 });
  });
});

describe('recipients', () => {
  it.each([
    ['STOP', 'STOP'],
    [' stop ', 'STOP'],
    ['Unsubscribe', 'STOP'],
    ['start', 'START'],
    ['stop please', null],
    ['OUI', null],
  ])('%s → %s', (body, expected) => {
    expect(keywordType(body)).toBe(expected);
  });
  it('keeps the WhatsApp window open for 24 h', () => {
    const recipients = new Recipients([]);
    recipients.openWindow('+33612345678', 0);
    expect(recipients.windowOpen('+33612345678', 24 * 3_600_000 - 1)).toBe(true);
    expect(recipients.windowOpen('+33612345678', 24 * 3_600_000)).toBe(false);
    expect(recipients.windowOpen('+33600000001', 0)).toBe(false);
  });
});

describe('rewriteTwilioUrl', () => {
  it.each([
    [
      'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=2',
      'http://127.0.0.1:9/2010-04-01/Accounts/AC1/Messages.json?PageSize=2',
    ],
    ['https://content.twilio.com/v1/Content', 'http://127.0.0.1:9/v1/Content'],
    ['https://api.twilio.com.evil.test/x', 'https://api.twilio.com.evil.test/x'],
    ['https://messaging.twilio.com/v1/Services', 'https://messaging.twilio.com/v1/Services'],
  ])('%s', (uri, expected) => {
    expect(rewriteTwilioUrl(uri, 'http://127.0.0.1:9/')).toBe(expected);
  });
  it('routes each API to its own origin', () => {
    const target = { api: 'http://a:1', content: 'http://c:2' };
    expect(rewriteTwilioUrl('https://content.twilio.com/v1/Content', target)).toBe(
      'http://c:2/v1/Content',
    );
    expect(rewriteTwilioUrl('https://api.twilio.com/2010-04-01', target)).toBe(
      'http://a:1/2010-04-01',
    );
  });
});

describe('readCliConfig', () => {
  it('reads flags over the environment', () => {
    const { options } = readCliConfig(['--', '--port', '0', '--auth-token', 'flag'], {
      TWILIO_AUTH_TOKEN: 'env',
      TWILIO_SANDBOX_INBOUND_URL: 'http://localhost:8787/twilio/inbound',
      TWILIO_SANDBOX_WHATSAPP_WINDOW: 'false',
    });
    expect(options).toMatchObject({
      port: 0,
      authToken: 'flag',
      inboundUrl: 'http://localhost:8787/twilio/inbound',
      whatsappWindow: false,
      callbackDelays: 'demo',
    });
  });
  it.each([[['--port', '70000']], [['--timings', 'slow']], [['--bogus']]])('rejects %j', (argv) => {
    expect(() => readCliConfig(argv, {})).toThrow();
  });
});
