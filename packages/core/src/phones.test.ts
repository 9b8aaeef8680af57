import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CountryCode,
  cleanPhoneInput,
  FRENCH_FALLBACK_COUNTRIES,
  isSmsCapableType,
  PHONE_ERROR_MESSAGES,
  type PhoneErrorCode,
  type PhoneType,
  parsePhone,
  pickPhone,
  shouldMarkPhone,
} from './phones.ts';
import type { PriceZone } from './types.ts';

type Expected = [
  e164: string,
  country: CountryCode,
  type: PhoneType,
  sms: boolean,
  zone: PriceZone,
];

describe('parsePhone: accepted inputs', () => {
  const mobile: Expected = ['+33612345678', 'FR', 'mobile', true, 'fr_metro'];
  it.each<[string, Expected]>([
    // What people type for a metropolitan mobile.
    ['06 12 34 56 78', mobile],
    ['0612345678', mobile],
    ['06.12.34.56.78', mobile],
    ['06-12-34-56-78', mobile],
    ['06/12/34/56/78', mobile],
    ['  06 12 34 56 78  ', mobile],
    ['+33 6 12 34 56 78', mobile],
    ['+33612345678', mobile],
    ['+33 (0)6 12 34 56 78', mobile],
    ['+33(0)612345678', mobile],
    ['+33 06 12 34 56 78', mobile],
    ['0033 6 12 34 56 78', mobile],
    ['0033612345678', mobile],
    ['00 33 6 12 34 56 78', mobile],
    ['0033 (0)6 12 34 56 78', mobile],
    ['(0)6 12 34 56 78', mobile],
    ['Tel: 06 12 34 56 78', mobile],
    ['Tél. : 06 12 34 56 78', mobile],
    ['TEL 06 12 34 56 78', mobile],
    ['Portable : 06 12 34 56 78', mobile],
    ['Tel (mobile): 06 12 34 56 78', mobile],
    ['06 12 34 56 78 (perso)', mobile],
    ['０６１２３４５６７８', mobile],
    ['＋３３　６　１２　３４　５６　７８', mobile],
    ['++33612345678', mobile],
    ['+++33 6 12 34 56 78', mobile],
    ['+ + 33 6 12 34 56 78', mobile],
    ['+ 33 6 12 34 56 78', mobile],
    ['+33 6 12 34 56 78 ext. 12', mobile],
    ['07 81 23 45 67', ['+33781234567', 'FR', 'mobile', true, 'fr_metro']],
    // Other French lines: valid, but no SMS.
    ['01 45 67 89 01', ['+33145678901', 'FR', 'fixed_line', false, 'fr_metro']],
    ['04 70 12 34 56', ['+33470123456', 'FR', 'fixed_line', false, 'fr_metro']],
    ['09 12 34 56 78', ['+33912345678', 'FR', 'voip', false, 'fr_metro']],
    ['0800 12 34 56', ['+33800123456', 'FR', 'toll_free', false, 'fr_metro']],
    ['0891 12 34 56', ['+33891123456', 'FR', 'premium_rate', false, 'fr_metro']],
    ['0810 00 00 00', ['+33810000000', 'FR', 'shared_cost', false, 'fr_metro']],
    ['0806 00 26 02', ['+33806002602', 'FR', 'uan', false, 'fr_metro']],
    ['+44 70 0000 0001', ['+447000000001', 'GB', 'personal_number', false, 'world']],
    ['+44 76 0000 0001', ['+447600000001', 'GB', 'pager', false, 'world']],
    ['+49 160 13462 3123', ['+49160134623123', 'DE', 'voicemail', false, 'eu']],
    // Valid for the default region: kept as is, even when an overseas reading exists.
    ['0269 61 23 45', ['+33269612345', 'FR', 'fixed_line', false, 'fr_metro']],
    ['0596 12 34 56', ['+33596123456', 'FR', 'fixed_line', false, 'fr_metro']],
    // Not valid in metropolitan France: overseas departments, in order RE, YT, GP, MQ, GF.
    ['0692 12 34 56', ['+262692123456', 'RE', 'mobile', true, 'fr_overseas']],
    ['0693 12 34 56', ['+262693123456', 'RE', 'mobile', true, 'fr_overseas']],
    ['0262 12 34 56', ['+262262123456', 'RE', 'fixed_line', false, 'fr_overseas']],
    ['0709 21 23 45', ['+262709212345', 'RE', 'mobile', true, 'fr_overseas']],
    ['0639 01 23 45', ['+262639012345', 'YT', 'mobile', true, 'fr_overseas']],
    ['0690 00 12 34', ['+590690001234', 'GP', 'mobile', true, 'fr_overseas']],
    ['0590 12 34 56', ['+590590123456', 'GP', 'fixed_line', false, 'fr_overseas']],
    ['0709 01 23 45', ['+590709012345', 'GP', 'mobile', true, 'fr_overseas']],
    ['0696 20 12 34', ['+596696201234', 'MQ', 'mobile', true, 'fr_overseas']],
    ['0694 20 12 34', ['+594694201234', 'GF', 'mobile', true, 'fr_overseas']],
    ['0594 30 12 34', ['+594594301234', 'GF', 'fixed_line', false, 'fr_overseas']],
    // Written with the country code: taken as written.
    ['+262 692 12 34 56', ['+262692123456', 'RE', 'mobile', true, 'fr_overseas']],
    ['+590 690 00 12 34', ['+590690001234', 'GP', 'mobile', true, 'fr_overseas']],
    ['+508 55 12 34', ['+508551234', 'PM', 'mobile', true, 'fr_overseas']],
    // Foreign numbers, with their zone.
    ['+32 470 12 34 56', ['+32470123456', 'BE', 'mobile', true, 'eu']],
    ['0032 470 12 34 56', ['+32470123456', 'BE', 'mobile', true, 'eu']],
    ['+32 2 511 22 33', ['+3225112233', 'BE', 'fixed_line', false, 'eu']],
    ['+49 151 23456789', ['+4915123456789', 'DE', 'mobile', true, 'eu']],
    ['+34 612 34 56 78', ['+34612345678', 'ES', 'mobile', true, 'eu']],
    ['+44 7400 123456', ['+447400123456', 'GB', 'mobile', true, 'world']],
    ['+44 20 7946 0958', ['+442079460958', 'GB', 'fixed_line', false, 'world']],
    ['+41 79 123 45 67', ['+41791234567', 'CH', 'mobile', true, 'world']],
    ['+212 6 12 34 56 78', ['+212612345678', 'MA', 'mobile', true, 'world']],
    ['+1 415 555 2671', ['+14155552671', 'US', 'fixed_line_or_mobile', true, 'world']],
    ['+1 204 234 5678', ['+12042345678', 'CA', 'fixed_line_or_mobile', true, 'world']],
    ['+269 321 23 45', ['+2693212345', 'KM', 'mobile', true, 'world']],
    ['+687 75 12 34', ['+687751234', 'NC', 'mobile', true, 'world']],
  ])('%j → %j', (input, [e164, country, type, smsCapable, zone]) => {
    expect(parsePhone(input)).toEqual({
      ok: true,
      value: { e164, country, type, smsCapable, zone },
    });
  });
});

describe('parsePhone: rejections', () => {
  it.each<[string, PhoneErrorCode]>([
    ['', 'empty'],
    ['   ', 'empty'],
    ['\t\n', 'empty'],
    ['abc', 'not_a_number'],
    ['Tel:', 'not_a_number'],
    ['+', 'not_a_number'],
    ['++', 'not_a_number'],
    ['n/a', 'not_a_number'],
    ['1', 'too_short'],
    ['12', 'too_short'],
    ['0612', 'too_short'],
    ['06 12 34', 'too_short'],
    ['+33', 'too_short'],
    ['+33612', 'too_short'],
    ['0033', 'too_short'],
    ['+1', 'too_short'],
    ['06123456789', 'too_long'],
    ['06 12 34 56 78 90', 'too_long'],
    ['+3361234567890', 'too_long'],
    ['1234567890123456789', 'too_long'],
    ['+999 1234', 'invalid_country'],
    ['+376 222 2222', 'invalid_length'],
    ['()', 'not_a_number'],
    ['+0', 'too_short'],
    ['+800 1234 5678', 'invalid_country'],
    ['07 12 34 56 78', 'invalid_for_region'],
    ['061234567', 'invalid_for_region'],
    // Written with +33: not reinterpreted as Réunion.
    ['+33 692 12 34 56', 'invalid_for_region'],
    ['+44 7700 900123', 'invalid_for_region'],
  ])('%j → %s', (input, code) => {
    expect(parsePhone(input)).toEqual({
      ok: false,
      error: { code, message: PHONE_ERROR_MESSAGES[code] },
    });
  });

  it.each(Object.entries(PHONE_ERROR_MESSAGES))('%s has a French message', (_code, message) => {
    expect(message.length).toBeGreaterThan(10);
    expect(message).toMatch(/num[ée]ro|chiffres|indicatif/i);
  });
});

describe('parsePhone: default region and fallbacks', () => {
  it('uses the default region for national numbers', () => {
    expect(parsePhone('0470 12 34 56', { defaultCountry: 'BE' })).toEqual({
      ok: true,
      value: { e164: '+32470123456', country: 'BE', type: 'mobile', smsCapable: true, zone: 'eu' },
    });
  });

  it('lists metropolitan France then RE, YT, GP, MQ, GF', () => {
    expect(FRENCH_FALLBACK_COUNTRIES).toEqual(['FR', 'RE', 'YT', 'GP', 'MQ', 'GF']);
  });

  it('a shop in Réunion still understands a metropolitan mobile', () => {
    const r = parsePhone('06 12 34 56 78', { defaultCountry: 'RE' });
    expect(r.ok && r.value.e164).toBe('+33612345678');
    const local = parsePhone('0692 12 34 56', { defaultCountry: 'RE' });
    expect(local.ok && local.value.e164).toBe('+262692123456');
  });

  it('tries the fallbacks in the given order: the first valid wins', () => {
    // 0709 0… is a Guadeloupe mobile; with only MQ, GF it is not valid anywhere.
    expect(parsePhone('0709 01 23 45', { fallbackCountries: ['MQ', 'GF'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_for_region' },
    });
    const gp = parsePhone('0709 01 23 45', { fallbackCountries: ['MQ', 'GP'] });
    expect(gp.ok && gp.value.country).toBe('GP');
  });

  it('no fallback at all when the list is empty', () => {
    expect(parsePhone('0692 12 34 56', { fallbackCountries: [] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_for_region' },
    });
  });

  it('the default region is FR when not given', () => {
    expect(parsePhone('06 12 34 56 78')).toEqual(
      parsePhone('06 12 34 56 78', { defaultCountry: 'FR' }),
    );
    expect(parsePhone('0470 12 34 56')).toMatchObject({ ok: true, value: { country: 'FR' } });
  });
});

describe('cleanPhoneInput', () => {
  it.each([
    ['Tél. : ++33 6 12 34 56 78', '+33 6 12 34 56 78'],
    ['Tel: 06 12 34 56 78', '06 12 34 56 78'],
    ['0033 6 12', '+33 6 12'],
    ['00 33 6', '+33 6'],
    ['000 12', '000 12'],
    ['+ + 33', '+33'],
    ['(0)6 12', '(0)6 12'],
    ['Tel (0)6 12', '(0)6 12'],
    ['06 12 (perso)', '06 12'],
    ['０６', '06'],
    ['06 12 + 34', '06 12 + 34'],
    ['  06  ', '06'],
    ['abc', ''],
  ])('%j → %j', (input, expected) => {
    expect(cleanPhoneInput(input)).toBe(expected);
  });
});

describe('isSmsCapableType', () => {
  it.each<[PhoneType, boolean]>([
    ['mobile', true],
    ['fixed_line_or_mobile', true],
    ['fixed_line', false],
    ['voip', false],
    ['toll_free', false],
    ['premium_rate', false],
    ['shared_cost', false],
    ['personal_number', false],
    ['pager', false],
    ['uan', false],
    ['voicemail', false],
    ['unknown', false],
  ])('%s → %s', (type, capable) => {
    expect(isSmsCapableType(type)).toBe(capable);
  });
});

describe('parsePhone: properties', () => {
  // Metropolitan mobile ranges (libphonenumber FR): 6[0-24-8]x, 63[0-8], 69[589], 7[3-9]x.
  // 0639 and 0690–0694 are overseas mobiles, tested in the table above.
  const frMobile = fc
    .tuple(
      fc.constantFrom(
        ...['60', '61', '62', '64', '65', '66', '67', '68', '695', '698', '699'],
        ...['630', '634', '638', '73', '74', '75', '76', '77', '78', '79'],
      ),
      fc.stringMatching(/^\d{8}$/),
    )
    .map(([prefix, rest]) => `${prefix}${rest}`.slice(0, 9));

  const formats: Array<(nsn: string) => string> = [
    (n) => `0${n}`,
    (n) => `+33${n}`,
    (n) => `0033${n}`,
    (n) => `+33 (0)${n}`,
    (n) => `+33 0${n}`,
    (n) => `0${n}`.replace(/(\d\d)(?=\d)/g, '$1 '),
    (n) => `0${n}`.replace(/(\d\d)(?=\d)/g, '$1.'),
    (n) => `0${n}`.replace(/(\d\d)(?=\d)/g, '$1-'),
    (n) => `Tel: 0${n}`,
    (n) => `++33${n}`,
    (n) => `0${n}`.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
  ];

  it('every way of writing a French mobile gives the same E.164 mobile', () => {
    fc.assert(
      fc.property(frMobile, fc.constantFrom(...formats), (nsn, format) => {
        const result = parsePhone(format(nsn));
        expect(result).toEqual({
          ok: true,
          value: {
            e164: `+33${nsn}`,
            country: 'FR',
            type: 'mobile',
            smsCapable: true,
            zone: 'fr_metro',
          },
        });
      }),
    );
  });

  it('never throws, and every outcome is well formed', () => {
    const codes = Object.keys(PHONE_ERROR_MESSAGES);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[+0-9 ().-]{0,20}$/)), (input) => {
        const result = parsePhone(input);
        if (result.ok) {
          expect(result.value.e164).toMatch(/^\+[1-9]\d{5,14}$/);
          expect(result.value.smsCapable).toBe(isSmsCapableType(result.value.type));
        } else {
          expect(codes).toContain(result.error.code);
          expect(result.error.message).toBe(PHONE_ERROR_MESSAGES[result.error.code]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('parsing an E.164 result again gives the same number (idempotent)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^0[1-79]\d{8}$/), (input) => {
        const first = parsePhone(input);
        if (!first.ok) return;
        expect(parsePhone(first.value.e164)).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });
});

describe('pickPhone', () => {
  it('prefers the profile number when valid', () => {
    expect(
      pickPhone([
        { source: 'profile', value: '06 12 34 56 78' },
        { source: 'client', value: '07 81 23 45 67' },
      ]),
    ).toEqual({
      phone: {
        e164: '+33612345678',
        country: 'FR',
        type: 'mobile',
        smsCapable: true,
        zone: 'fr_metro',
      },
      source: 'profile',
      skipped: [],
    });
  });

  it.each<[string | null | undefined, PhoneErrorCode]>([
    [undefined, 'empty'],
    [null, 'empty'],
    ['', 'empty'],
    ['  ', 'empty'],
    ['abc', 'not_a_number'],
    ['0612', 'too_short'],
    ['07 12 34 56 78', 'invalid_for_region'],
  ])('falls back to the client number when the profile has %j (%s)', (value, code) => {
    expect(
      pickPhone([
        { source: 'profile', value },
        { source: 'client', value: '07 81 23 45 67' },
      ]),
    ).toEqual({
      phone: {
        e164: '+33781234567',
        country: 'FR',
        type: 'mobile',
        smsCapable: true,
        zone: 'fr_metro',
      },
      source: 'client',
      skipped: [{ source: 'profile', code, message: PHONE_ERROR_MESSAGES[code] }],
    });
  });

  it('the first valid wins even if it is a landline', () => {
    const picked = pickPhone([
      { source: 'profile', value: '01 45 67 89 01' },
      { source: 'client', value: '06 12 34 56 78' },
    ]);
    expect(picked.source).toBe('profile');
    expect(picked.phone?.smsCapable).toBe(false);
    expect(picked.skipped).toEqual([]);
  });

  it('reports every candidate when none is valid', () => {
    expect(
      pickPhone([
        { source: 'profile', value: null },
        { source: 'client', value: '12' },
      ]),
    ).toEqual({
      phone: null,
      source: null,
      skipped: [
        { source: 'profile', code: 'empty', message: PHONE_ERROR_MESSAGES.empty },
        { source: 'client', code: 'too_short', message: PHONE_ERROR_MESSAGES.too_short },
      ],
    });
  });

  it('no candidates → no phone', () => {
    expect(pickPhone([])).toEqual({ phone: null, source: null, skipped: [] });
  });

  it('passes the default region on', () => {
    const picked = pickPhone([{ source: 'client', value: '0470 12 34 56' }], {
      defaultCountry: 'BE',
    });
    expect(picked.phone?.e164).toBe('+32470123456');
  });
});

describe('shouldMarkPhone', () => {
  const now = new Date('2026-12-02T10:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
  it.each([
    ['unknown_handset', null, true],
    ['unknown_handset', daysAgo(1), false],
    ['unknown_handset', daysAgo(8), true],
    ['invalid', daysAgo(1), true],
    ['landline', daysAgo(0), true],
  ] as const)('%s, last inbound %s → %s', (status, last, expected) => {
    expect(shouldMarkPhone(status, last, now)).toBe(expected);
  });
});
