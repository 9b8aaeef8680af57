import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Audience,
  type ConsentRecord,
  type ConsentState,
  consentDefaultsFromPreferences,
  consentRecordChannels,
  consentRecordForKeyword,
  DEFAULT_REGISTERED_CONSENT,
  foldConsent,
  isMessagingChannel,
  lawfulBasis,
  MESSAGING_CHANNELS,
  NO_BASIS_MESSAGES,
  SERVICE_BASIS_CHANNELS,
  SERVICE_KINDS,
  WALK_IN_CONSENT_DEFAULTS,
} from './consent.ts';
import { CHANNELS, type Channel, NOTIFICATION_KINDS, type NotificationKind } from './types.ts';

const t = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute));
const rec = (
  channel: Channel,
  granted: boolean,
  minute: number,
  extra: Partial<ConsentRecord> = {},
): ConsentRecord => ({
  channel,
  granted,
  at: t(minute),
  source: 'counter',
  actor: 'staff-1',
  wordingVersion: 'v1',
  ...extra,
});
const granted = (state: ConsentState) =>
  Object.fromEntries(CHANNELS.map((c) => [c, state[c].granted]));

describe('defaults', () => {
  it('registered customers: email and push on, SMS and WhatsApp off (seed)', () => {
    expect(DEFAULT_REGISTERED_CONSENT).toEqual({
      email: true,
      push: true,
      sms: false,
      whatsapp: false,
    });
  });
  it('walk-ins: no consent at all', () => {
    expect(WALK_IN_CONSENT_DEFAULTS).toEqual({
      email: false,
      push: false,
      sms: false,
      whatsapp: false,
    });
  });
  it.each([
    [undefined, { email: true, sms: false, whatsapp: false, push: true }],
    [null, { email: true, sms: false, whatsapp: false, push: true }],
    [{}, { email: true, sms: false, whatsapp: false, push: true }],
    [{ smsEnabled: true }, { email: true, sms: true, whatsapp: false, push: true }],
    [
      { emailEnabled: false, smsEnabled: true, whatsappEnabled: true, pushEnabled: false },
      { email: false, sms: true, whatsapp: true, push: false },
    ],
  ])('preferences %j → defaults %j', (prefs, expected) => {
    expect(consentDefaultsFromPreferences(prefs)).toEqual(expected);
  });
});

describe('foldConsent', () => {
  it('an empty log gives the defaults, marked as such', () => {
    const state = foldConsent([], DEFAULT_REGISTERED_CONSENT);
    expect(state.sms).toEqual({ granted: false, explicit: false, at: null, source: 'default' });
    expect(state.email).toEqual({ granted: true, explicit: false, at: null, source: 'default' });
    expect(granted(state)).toEqual(DEFAULT_REGISTERED_CONSENT);
  });

  it('a grant records when and how', () => {
    const state = foldConsent([rec('sms', true, 5, { source: 'web' })], DEFAULT_REGISTERED_CONSENT);
    expect(state.sms).toEqual({ granted: true, explicit: true, at: t(5), source: 'web' });
    expect(state.whatsapp.explicit).toBe(false);
  });

  it.each<[string, ConsentRecord[], Record<Channel, boolean>]>([
    [
      'the latest record per channel wins',
      [rec('sms', true, 1), rec('sms', false, 2), rec('sms', true, 3)],
      { email: true, push: true, sms: true, whatsapp: false },
    ],
    [
      'records are ordered by time, not by position',
      [rec('sms', false, 9), rec('sms', true, 1)],
      { email: true, push: true, sms: false, whatsapp: false },
    ],
    [
      'same time: the later position wins',
      [rec('sms', true, 4), rec('sms', false, 4)],
      { email: true, push: true, sms: false, whatsapp: false },
    ],
    [
      'same time, reversed: the later position wins',
      [rec('sms', false, 4), rec('sms', true, 4)],
      { email: true, push: true, sms: true, whatsapp: false },
    ],
    [
      'STOP on SMS withdraws SMS only',
      [rec('sms', true, 1), rec('whatsapp', true, 1), rec('sms', false, 2, { source: 'keyword' })],
      { email: true, push: true, sms: false, whatsapp: true },
    ],
    [
      'STOPALL withdraws every messaging channel',
      [
        rec('sms', true, 1),
        rec('whatsapp', true, 1),
        rec('whatsapp', false, 2, { scope: 'all', source: 'keyword' }),
      ],
      { email: true, push: true, sms: false, whatsapp: false },
    ],
    [
      'START after STOPALL gives back that channel only',
      [
        rec('sms', true, 1),
        rec('whatsapp', true, 1),
        rec('whatsapp', false, 2, { scope: 'all' }),
        rec('whatsapp', true, 3),
      ],
      { email: true, push: true, sms: false, whatsapp: true },
    ],
    [
      'STOPALL before a grant does not block the later grant',
      [rec('sms', false, 1, { scope: 'all' }), rec('sms', true, 2)],
      { email: true, push: true, sms: true, whatsapp: false },
    ],
    [
      'a scope:"all" record on email also withdraws email',
      [rec('email', false, 1, { scope: 'all' })],
      { email: false, push: true, sms: false, whatsapp: false },
    ],
    [
      'an explicit channel scope is the same as no scope',
      [rec('push', false, 1, { scope: 'channel' })],
      { email: true, push: false, sms: false, whatsapp: false },
    ],
  ])('%s', (_label, log, expected) => {
    expect(granted(foldConsent(log, DEFAULT_REGISTERED_CONSENT))).toEqual(expected);
  });

  it('does not mutate or reorder the log', () => {
    const log = [rec('sms', false, 9), rec('sms', true, 1)];
    const copy = [...log];
    foldConsent(log, DEFAULT_REGISTERED_CONSENT);
    expect(log).toEqual(copy);
  });

  it('throws on an invalid date (a bug upstream)', () => {
    expect(() =>
      foldConsent(
        [{ ...rec('sms', true, 1), at: new Date(Number.NaN) }],
        DEFAULT_REGISTERED_CONSENT,
      ),
    ).toThrow('foldConsent: a consent record has an invalid date');
  });

  const record = fc.record({
    channel: fc.constantFrom(...CHANNELS),
    granted: fc.boolean(),
    at: fc.integer({ min: 0, max: 50 }).map((m) => t(m)),
    source: fc.constantFrom('counter', 'web', 'keyword', 'twilio-error', 'staff', 'registration'),
    actor: fc.constant('a'),
    wordingVersion: fc.constant('v1'),
    scope: fc.constantFrom<'channel' | 'all' | undefined>('channel', 'all', undefined),
  }) as fc.Arbitrary<ConsentRecord>;
  const defaults = fc.record({
    email: fc.boolean(),
    sms: fc.boolean(),
    whatsapp: fc.boolean(),
    push: fc.boolean(),
  });

  it('property: each channel follows the last applicable record in (time, position) order', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), defaults, (log, defs) => {
        const state = foldConsent(log, defs);
        for (const channel of CHANNELS) {
          let expected: ConsentRecord | undefined;
          for (const r of log) {
            if (!consentRecordChannels(r).includes(channel)) continue;
            if (expected === undefined || r.at.getTime() >= expected.at.getTime()) expected = r;
          }
          expect(state[channel].granted).toBe(expected ? expected.granted : defs[channel]);
          expect(state[channel].explicit).toBe(expected !== undefined);
          expect(state[channel].at).toBe(expected ? expected.at : null);
        }
      }),
    );
  });

  it('property: with distinct times the order of the log does not matter', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(record, { maxLength: 10, selector: (r) => r.at.getTime() }),
        defaults,
        fc.infiniteStream(fc.nat()),
        (log, defs, random) => {
          const shuffled = [...log];
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = (random.next().value as number) % (i + 1);
            [shuffled[i], shuffled[j]] = [
              shuffled[j] as ConsentRecord,
              shuffled[i] as ConsentRecord,
            ];
          }
          expect(foldConsent(shuffled, defs)).toEqual(foldConsent(log, defs));
        },
      ),
    );
  });
});

describe('consentRecordChannels', () => {
  it.each<[Channel, 'channel' | 'all' | undefined, Channel[]]>([
    ['sms', undefined, ['sms']],
    ['sms', 'channel', ['sms']],
    ['sms', 'all', ['whatsapp', 'sms']],
    ['whatsapp', 'all', ['whatsapp', 'sms']],
    ['email', 'all', ['email', 'whatsapp', 'sms']],
    ['push', 'all', ['whatsapp', 'sms', 'push']],
  ])('%s with scope %s → %j', (channel, scope, expected) => {
    expect(consentRecordChannels(rec(channel, false, 1, scope ? { scope } : {}))).toEqual(expected);
  });
});

describe('isMessagingChannel / MESSAGING_CHANNELS', () => {
  it.each<[Channel, boolean]>([
    ['sms', true],
    ['whatsapp', true],
    ['email', false],
    ['push', false],
  ])('%s → %s', (channel, expected) => {
    expect(isMessagingChannel(channel)).toBe(expected);
    expect(MESSAGING_CHANNELS.includes(channel as 'sms')).toBe(expected);
  });
});

describe('SERVICE_KINDS', () => {
  it('are exactly the messages about the repair a walk-in needs or expects', () => {
    expect([...SERVICE_KINDS].sort()).toEqual(
      [
        'appointment_changed',
        'payment_reminder',
        'pickup_reminder_1',
        'pickup_reminder_2',
        'pickup_reminder_final',
        'quote_reminder_1',
        'quote_reminder_2',
        'staff_urgent',
        'status_cancelled',
        'status_completed',
        'status_quote_pending',
        'ticket_received',
        'walk_in_welcome',
      ].sort(),
    );
  });
  it('service basis covers SMS and email only', () => {
    expect([...SERVICE_BASIS_CHANNELS].sort()).toEqual(['email', 'sms']);
  });
});

describe('lawfulBasis', () => {
  const walkIn = foldConsent([], WALK_IN_CONSENT_DEFAULTS);
  const registered = foldConsent([], DEFAULT_REGISTERED_CONSENT);
  const optedIn = foldConsent(
    [rec('sms', true, 1), rec('whatsapp', true, 1)],
    DEFAULT_REGISTERED_CONSENT,
  );
  const stopped = foldConsent(
    [rec('sms', false, 1, { source: 'keyword' })],
    WALK_IN_CONSENT_DEFAULTS,
  );

  it.each<[string, Channel, NotificationKind, Audience, ConsentState, boolean, string]>([
    ['walk-in welcome by SMS', 'sms', 'walk_in_welcome', 'walk_in', walkIn, false, 'service'],
    ['walk-in completed by SMS', 'sms', 'status_completed', 'walk_in', walkIn, false, 'service'],
    ['walk-in quote by SMS', 'sms', 'status_quote_pending', 'walk_in', walkIn, false, 'service'],
    [
      'walk-in reminder by SMS',
      'sms',
      'pickup_reminder_final',
      'walk_in',
      walkIn,
      false,
      'service',
    ],
    ['walk-in payment by SMS', 'sms', 'payment_reminder', 'walk_in', walkIn, false, 'service'],
    ['walk-in welcome by email', 'email', 'walk_in_welcome', 'walk_in', walkIn, false, 'service'],
    ['walk-in progress by SMS', 'sms', 'status_in_repair', 'walk_in', walkIn, false, 'no_basis'],
    [
      'walk-in diagnosing by email',
      'email',
      'status_diagnosing',
      'walk_in',
      walkIn,
      false,
      'no_basis',
    ],
    ['walk-in picked up by SMS', 'sms', 'status_picked_up', 'walk_in', walkIn, false, 'no_basis'],
    [
      'walk-in welcome by WhatsApp',
      'whatsapp',
      'walk_in_welcome',
      'walk_in',
      walkIn,
      false,
      'no_basis',
    ],
    ['walk-in push', 'push', 'status_completed', 'walk_in', walkIn, false, 'no_basis'],
    ['walk-in who said STOP', 'sms', 'status_completed', 'walk_in', stopped, false, 'no_consent'],
    ['walk-in suppressed', 'sms', 'walk_in_welcome', 'walk_in', walkIn, true, 'suppressed'],
    [
      'registered, SMS off',
      'sms',
      'status_completed',
      'registered',
      registered,
      false,
      'no_consent',
    ],
    [
      'registered, WhatsApp off',
      'whatsapp',
      'status_completed',
      'registered',
      registered,
      false,
      'no_consent',
    ],
    [
      'registered email on',
      'email',
      'status_in_repair',
      'registered',
      registered,
      false,
      'consent',
    ],
    ['registered push on', 'push', 'status_in_repair', 'registered', registered, false, 'consent'],
    ['registered opted in SMS', 'sms', 'status_in_repair', 'registered', optedIn, false, 'consent'],
    [
      'registered opted in WhatsApp',
      'whatsapp',
      'ticket_received',
      'registered',
      optedIn,
      false,
      'consent',
    ],
    [
      'registered opted in but suppressed',
      'sms',
      'staff_urgent',
      'registered',
      optedIn,
      true,
      'suppressed',
    ],
    ['suppressed WhatsApp', 'whatsapp', 'staff_urgent', 'registered', optedIn, true, 'suppressed'],
    [
      'suppression does not touch email',
      'email',
      'staff_urgent',
      'registered',
      registered,
      true,
      'consent',
    ],
    [
      'suppression does not touch push',
      'push',
      'staff_urgent',
      'registered',
      registered,
      true,
      'consent',
    ],
    [
      'walk-in who opted in to WhatsApp',
      'whatsapp',
      'status_in_repair',
      'walk_in',
      foldConsent([rec('whatsapp', true, 1)], WALK_IN_CONSENT_DEFAULTS),
      false,
      'consent',
    ],
  ])('%s → %s', (_label, channel, kind, audience, consent, suppressed, expected) => {
    const result = lawfulBasis({ channel, kind, audience, consent, suppressed });
    if (expected === 'consent' || expected === 'service') {
      expect(result).toEqual({ ok: true, value: expected });
    } else {
      expect(result).toEqual({
        ok: false,
        error: { code: expected, message: NO_BASIS_MESSAGES[expected as 'no_basis'] },
      });
    }
  });

  it('property: suppression always wins on messaging channels; no basis without consent or service', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CHANNELS),
        fc.constantFrom(...NOTIFICATION_KINDS),
        fc.constantFrom<Audience>('registered', 'walk_in'),
        fc.record({
          email: fc.boolean(),
          sms: fc.boolean(),
          whatsapp: fc.boolean(),
          push: fc.boolean(),
        }),
        fc.boolean(),
        fc.boolean(),
        (channel, kind, audience, defs, explicit, suppressed) => {
          const consent = explicit
            ? foldConsent(
                CHANNELS.map((c) => rec(c, defs[c], 1)),
                WALK_IN_CONSENT_DEFAULTS,
              )
            : foldConsent([], defs);
          const result = lawfulBasis({ channel, kind, audience, consent, suppressed });
          if (suppressed && isMessagingChannel(channel)) {
            expect(result.ok).toBe(false);
            return;
          }
          if (!result.ok) return;
          if (result.value === 'consent') expect(consent[channel].granted).toBe(true);
          else {
            expect(audience).toBe('walk_in');
            expect(SERVICE_KINDS.has(kind)).toBe(true);
            expect(SERVICE_BASIS_CHANNELS.has(channel)).toBe(true);
            expect(consent[channel].explicit).toBe(false);
          }
        },
      ),
    );
  });
});

describe('NO_BASIS_MESSAGES', () => {
  it.each([
    ['suppressed', /suppression/],
    ['no_consent', /accord/],
    ['no_basis', /sans compte/],
  ] as const)('%s explains itself in French', (code, pattern) => {
    expect(NO_BASIS_MESSAGES[code]).toMatch(pattern);
  });
});

describe('consentRecordForKeyword', () => {
  const at = t(30);
  it.each([
    ['opt_out', { granted: false, scope: 'channel' }],
    ['opt_out_all', { granted: false, scope: 'all' }],
    ['opt_in', { granted: true, scope: 'channel' }],
  ] as const)('%s → %j', (intent, expected) => {
    expect(consentRecordForKeyword(intent, { channel: 'whatsapp', at })).toEqual({
      channel: 'whatsapp',
      at,
      source: 'keyword',
      actor: 'customer',
      wordingVersion: 'keyword',
      ...expected,
    });
  });

  it('keeps the given actor and wording version', () => {
    expect(
      consentRecordForKeyword('opt_out', {
        channel: 'sms',
        at,
        actor: 'twilio',
        wordingVersion: 'w2',
      }),
    ).toMatchObject({ actor: 'twilio', wordingVersion: 'w2', channel: 'sms' });
  });

  it.each(['help', 'status', 'hours', 'address', 'escalate'] as const)(
    '%s changes nothing',
    (intent) => {
      expect(consentRecordForKeyword(intent, { channel: 'sms', at })).toBeNull();
    },
  );

  it('STOPALL on WhatsApp then folding withdraws SMS too', () => {
    const stop = consentRecordForKeyword('opt_out_all', { channel: 'whatsapp', at });
    const state = foldConsent(
      [rec('sms', true, 1), rec('whatsapp', true, 1), stop as ConsentRecord],
      DEFAULT_REGISTERED_CONSENT,
    );
    expect(state.sms.granted).toBe(false);
    expect(state.whatsapp.granted).toBe(false);
    expect(state.email.granted).toBe(true);
    expect(state.sms.source).toBe('keyword');
  });
});
