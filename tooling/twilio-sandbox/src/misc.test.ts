import { seededRandom } from '@omega/core';
import { describe, expect, it } from 'vitest';
import { readCliConfig } from './cli-options.ts';
import { renderContent } from './content-store.ts';
import { parseDateFilter, rfc2822 } from './dates.ts';
import {
  describeCallbackFaults,
  FaultInjector,
  type FaultRates,
  parseCallbackFaults,
  parseRequestFault,
} from './faults.ts';
import { rewriteTwilioUrl } from './http-client.ts';
import { resolveOptions } from './options.ts';
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
    [
      '2019-06-11 22:05:25.000',
      { from: Date.parse('2019-06-11T22:05:25Z'), to: Date.parse('2019-06-11T22:05:25Z') },
    ],
    [
      '06/11/2019 22:05:25 MST',
      { from: Date.parse('2019-06-12T05:05:25Z'), to: Date.parse('2019-06-12T05:05:25Z') },
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

const NO_RATES: FaultRates = {
  rate429: 0,
  rate500: 0,
  rateSlow: 0,
  slowMs: 10,
  rateDrop: 0,
  rateDropAfter: 0,
  rateResetAfter: 0,
  rateHangAfter: 0,
  retryAfterSeconds: 1,
  duplicateCallbacks: 0,
  outOfOrderCallbacks: 0,
  lateCallbacks: 0,
  lateMs: 3_000,
  random: () => 0.5,
};

describe('faults', () => {
  it.each([
    ['429', { kind: '429' }],
    ['429=7', { kind: '429', retryAfterSeconds: 7 }],
    ['slow=250', { kind: 'slow', delayMs: 250 }],
    ['slow=-1', { kind: 'slow' }],
    ['DROP-AFTER', { kind: 'drop-after' }],
    [' reset-after ', { kind: 'reset-after' }],
    ['hang-after', { kind: 'hang-after' }],
    ['hang', null],
    ['teapot', null],
    [undefined, null],
  ])('parses X-Sandbox-Fault %s', (header, expected) => {
    expect(parseRequestFault(header)).toEqual(expected);
  });
  it.each([
    ['out-of-order, duplicate,x', ['duplicate', 'out-of-order'], undefined],
    ['late', ['late'], undefined],
    ['duplicate,LATE=1500,out-of-order', ['duplicate', 'late', 'out-of-order'], 1500],
    ['', [], undefined],
  ])('parses X-Sandbox-Callbacks %j', (header, kinds, lateMs) => {
    const parsed = parseCallbackFaults(header);
    expect([...parsed.kinds].sort()).toEqual(kinds);
    expect(parsed.lateMs).toBe(lateMs);
  });
  it('prefers the header, then the queue, then the configured shares', () => {
    const injector = new FaultInjector({ ...NO_RATES, rateSlow: 1 });
    injector.next('500', '429=9');
    expect(injector.forRequest('429')).toMatchObject({ kind: '429', retryAfterSeconds: 1 });
    expect(injector.forRequest(undefined)?.kind).toBe('500');
    expect(injector.forRequest(undefined)).toMatchObject({ kind: '429', retryAfterSeconds: 9 });
    expect(injector.forRequest(undefined)).toMatchObject({ kind: 'slow', delayMs: 10 });
  });
  it('refuses to queue a fault it does not know', () => {
    const injector = new FaultInjector(NO_RATES);
    expect(() => injector.next('hang' as never)).toThrow(/unknown request fault/);
    expect(() => injector.next('slow=soon' as never)).toThrow(/slow=soon/);
    expect(() => injector.nextCallbacks('late', 'early' as never)).toThrow(/early/);
  });
  it.each([
    [0.0, '429'],
    [0.19, '429'],
    [0.2, '500'],
    [0.25, 'hang-after'],
    [0.3, 'reset-after'],
    [0.32, null],
  ])('cuts one roll into bands: %f → %s', (roll, kind) => {
    const injector = new FaultInjector({
      ...NO_RATES,
      rate429: 0.2,
      rate500: 0.05,
      rateHangAfter: 0.05,
      rateResetAfter: 0.02,
      random: () => roll,
    });
    expect(injector.forRequest(undefined)?.kind ?? null).toBe(kind);
  });
  it('queues combined callback faults, with the default lateMs unless named', () => {
    const injector = new FaultInjector(NO_RATES);
    injector.nextCallbacks('duplicate', 'late');
    injector.nextCallbacks('late=50');
    const first = injector.forMessage(undefined);
    expect(describeCallbackFaults(first)).toEqual(['duplicate', 'late=3000']);
    expect(describeCallbackFaults(injector.forMessage(undefined))).toEqual(['late=50']);
    expect(describeCallbackFaults(injector.forMessage('out-of-order,late=10'))).toEqual([
      'out-of-order',
      'late=10',
    ]);
    expect(injector.forMessage(undefined).kinds.size).toBe(0);
  });
  it('rolls late callbacks at their share', () => {
    const rolls = [0.05, 0.5];
    const injector = new FaultInjector({
      ...NO_RATES,
      lateCallbacks: 0.1,
      random: () => rolls.shift() ?? 0.99,
    });
    expect([...injector.forMessage(undefined).kinds]).toEqual(['late']);
    expect([...injector.forMessage(undefined).kinds]).toEqual([]);
  });
});

describe('fault options', () => {
  it('fills defaults: Retry-After 1 s, late callbacks 3 s, seeded random when a seed is given', () => {
    const { faults } = resolveOptions({ faults: { seed: 42 } });
    expect(faults).toMatchObject({ retryAfterSeconds: 1, lateMs: 3_000, rateHangAfter: 0 });
    expect(faults.random()).toBe(seededRandom(42).next());
  });
  it.each([
    [{ rate429: 1.5 }, /rate429/],
    [{ lateCallbacks: -0.1 }, /lateCallbacks/],
    [{ retryAfterSeconds: 0.5 }, /retryAfterSeconds/],
    [{ rate429: 0.6, rateHangAfter: 0.5 }, /add up to/],
  ])('rejects %j', (faults, message) => {
    expect(() => resolveOptions({ faults })).toThrow(message);
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
    ['https://messaging.twilio.com/v2/Channels/Senders', 'http://127.0.0.1:9/v2/Channels/Senders'],
    ['https://messaging.twilio.com.evil.test/x', 'https://messaging.twilio.com.evil.test/x'],
    [
      'https://lookups.twilio.com/v2/PhoneNumbers/x',
      'https://lookups.twilio.com/v2/PhoneNumbers/x',
    ],
  ])('%s', (uri, expected) => {
    expect(rewriteTwilioUrl(uri, 'http://127.0.0.1:9/')).toBe(expected);
  });
  it('routes each API to its own origin', () => {
    const target = { api: 'http://a:1', content: 'http://c:2' };
    // The Senders API goes with the REST API unless it has an origin of its own.
    expect(rewriteTwilioUrl('https://messaging.twilio.com/v2/Channels/Senders', target)).toBe(
      'http://a:1/v2/Channels/Senders',
    );
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
  it('reads fault rates from flags (shares or percentages) and the environment', () => {
    const { options } = readCliConfig(
      ['--rate-429', '20%', '--rate-hang-after', '0.05', '--late-ms', '2500', '--seed', '42'],
      { TWILIO_SANDBOX_RATE_RESET_AFTER: '2%', TWILIO_SANDBOX_RATE_429: '0.9' },
    );
    expect(options.faults).toEqual({
      rate429: 0.2,
      rateHangAfter: 0.05,
      rateResetAfter: 0.02,
      lateMs: 2500,
      seed: 42,
    });
    expect(readCliConfig([], {}).options.faults).toBeUndefined();
  });
  it.each([
    [['--port', '70000']],
    [['--timings', 'slow']],
    [['--bogus']],
    [['--rate-429', '120%']],
    [['--late-ms', '1.5']],
    [['--rate-hang-after', 'often']],
  ])('rejects %j', (argv) => {
    expect(() => readCliConfig(argv, {})).toThrow();
  });
});
