import { describe, expect, it } from 'vitest';
import {
  type ConsentValues,
  DEFAULT_CONSENT_VALUES,
  initialConsent,
  isConsentChannel,
  type RecordedConsent,
  visibleValues,
} from './channels.ts';

describe('initialConsent', () => {
  it.each<[string, RecordedConsent | undefined, Partial<ConsentValues> | undefined, ConsentValues]>(
    [
      [
        'registration: the seed defaults',
        undefined,
        undefined,
        { email: true, sms: false, whatsapp: false, push: true },
      ],
      [
        'profile: what the log holds',
        { email: false, sms: true, whatsapp: false, push: false },
        undefined,
        { email: false, sms: true, whatsapp: false, push: false },
      ],
      [
        'partial record: defaults elsewhere',
        { whatsapp: true },
        undefined,
        { email: true, sms: false, whatsapp: true, push: true },
      ],
      [
        'host unticks email and push',
        {},
        { email: false, push: false },
        { email: false, sms: false, whatsapp: false, push: false },
      ],
      [
        'host cannot pre-tick SMS or WhatsApp without a recorded grant',
        {},
        { sms: true, whatsapp: true },
        { email: true, sms: false, whatsapp: false, push: true },
      ],
      [
        'nor over a recorded withdrawal',
        { sms: false },
        { sms: true },
        { email: true, sms: false, whatsapp: false, push: true },
      ],
      [
        'host may tick SMS the customer already agreed to',
        { sms: true },
        { sms: true },
        { email: true, sms: true, whatsapp: false, push: true },
      ],
      [
        'host may untick a recorded grant',
        { sms: true, email: true },
        { sms: false, email: false },
        { email: false, sms: false, whatsapp: false, push: true },
      ],
    ],
  )('%s', (_name, recorded, defaultValue, expected) => {
    expect(initialConsent(recorded, defaultValue)).toEqual(expected);
  });

  it('never changes the shared defaults', () => {
    initialConsent({ email: false }, { push: false });
    expect(DEFAULT_CONSENT_VALUES).toEqual({
      email: true,
      sms: false,
      whatsapp: false,
      push: true,
    });
  });
});

describe('visibleValues', () => {
  it('keeps only the shown channels, in display order', () => {
    const all = { email: true, sms: false, whatsapp: true, push: false };
    expect(Object.entries(visibleValues(all, ['push', 'sms', 'email']))).toEqual([
      ['email', true],
      ['sms', false],
      ['push', false],
    ]);
  });
});

describe('isConsentChannel', () => {
  it.each([
    ['email', true],
    ['sms', true],
    ['whatsapp', true],
    ['push', true],
    ['voice', false],
    ['SMS', false],
    [3, false],
    [null, false],
  ])('%s → %s', (value, expected) => {
    expect(isConsentChannel(value)).toBe(expected);
  });
});
