import { knownConsentWordingVersions } from '@omega/templates';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONSENT_CHANNELS,
  type ConsentValues,
  DEFAULT_CONSENT_VALUES,
  type RecordedConsent,
} from './channels.ts';
import { consentChanges } from './consent-changes.ts';

const none = { email: false, sms: false, whatsapp: false, push: false };
const defaults = { email: true, sms: false, whatsapp: false, push: true };

describe('consentChanges', () => {
  it.each<[string, RecordedConsent, Partial<ConsentValues>, string[]]>([
    // Registration: nothing recorded yet.
    ['registration, boxes untouched: email and push grants', {}, defaults, ['+email', '+push']],
    [
      'registration, SMS ticked: a grant',
      {},
      { ...defaults, sms: true },
      ['+email', '+sms', '+push'],
    ],
    [
      'registration, everything ticked',
      {},
      { email: true, sms: true, whatsapp: true, push: true },
      ['+email', '+sms', '+whatsapp', '+push'],
    ],
    [
      'registration, everything unticked: withdrawals of the defaults only',
      {},
      none,
      ['-email', '-push'],
    ],
    ['registration without push shown', {}, { email: true, sms: true }, ['+email', '+sms']],
    ['registration, nothing shown', {}, {}, []],
    // Profile: the current state is known.
    [
      'profile, nothing changed',
      { email: true, sms: true, whatsapp: false, push: true },
      { email: true, sms: true, whatsapp: false, push: true },
      [],
    ],
    [
      'profile, SMS withdrawn',
      { email: true, sms: true, whatsapp: false, push: true },
      { email: true, sms: false, whatsapp: false, push: true },
      ['-sms'],
    ],
    [
      'profile, WhatsApp granted and email withdrawn',
      { email: true, sms: false, whatsapp: false, push: true },
      { email: false, sms: false, whatsapp: true, push: true },
      ['-email', '+whatsapp'],
    ],
    [
      'profile missing a channel: treated as never recorded',
      { email: true, sms: false, whatsapp: false },
      { email: true, sms: false, whatsapp: false, push: true },
      ['+push'],
    ],
  ])('%s', (_name, initial, current, expected) => {
    const changes = consentChanges(initial, current, 'fr');
    expect(changes.map((c) => `${c.granted ? '+' : '-'}${c.channel}`)).toEqual(expected);
  });

  it.each([
    ['fr', true, 'optin-sms-fr-2026-01'],
    ['fr', false, 'optout-sms-fr-2026-01'],
    ['en', true, 'optin-sms-en-2026-01'],
    ['en', false, 'optout-sms-en-2026-01'],
  ] as const)('%s, granted %s: wording %s', (locale, granted, version) => {
    const changes = consentChanges({ sms: !granted }, { sms: granted }, locale);
    expect(changes).toEqual([{ channel: 'sms', granted, wordingVersion: version }]);
  });

  const values = fc.record({
    email: fc.boolean(),
    sms: fc.boolean(),
    whatsapp: fc.boolean(),
    push: fc.boolean(),
  });
  const recorded = fc.record(
    { email: fc.boolean(), sms: fc.boolean(), whatsapp: fc.boolean(), push: fc.boolean() },
    { requiredKeys: [] },
  );
  const locale = fc.constantFrom('fr' as const, 'en' as const);

  it('recording the changes brings the log to what the boxes show, and then nothing is left', () => {
    fc.assert(
      fc.property(recorded, values, locale, (initial, current, loc) => {
        const after: RecordedConsent = { ...initial };
        for (const c of consentChanges(initial, current, loc)) after[c.channel] = c.granted;
        for (const channel of CONSENT_CHANNELS) {
          expect(after[channel] ?? DEFAULT_CONSENT_VALUES[channel]).toBe(current[channel]);
        }
        expect(consentChanges(after, current, loc)).toEqual([]);
      }),
    );
  });

  it('records each channel at most once, with a known wording of the right direction', () => {
    const known = knownConsentWordingVersions();
    fc.assert(
      fc.property(recorded, values, locale, (initial, current, loc) => {
        const changes = consentChanges(initial, current, loc);
        expect(new Set(changes.map((c) => c.channel)).size).toBe(changes.length);
        for (const c of changes) {
          expect(known.has(c.wordingVersion)).toBe(true);
          expect(c.wordingVersion).toBe(
            `${c.granted ? 'optin' : 'optout'}-${c.channel}-${loc}-2026-01`,
          );
          expect(c.granted).toBe(current[c.channel]);
        }
      }),
    );
  });

  it('never records an SMS or WhatsApp consent the customer did not tick', () => {
    fc.assert(
      fc.property(values, locale, (current, loc) => {
        for (const c of consentChanges({}, current, loc)) {
          if (c.channel === 'sms' || c.channel === 'whatsapp')
            expect(current[c.channel]).toBe(true);
        }
      }),
    );
  });
});
