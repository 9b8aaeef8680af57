import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEND_WINDOW,
  frenchPublicHolidays,
  isWithinSendWindow,
  nextAllowedTime,
  type SendWindowSettings,
  sendWindowProblem,
  timeZoneForCountry,
} from './send-window.ts';
import type { Priority } from './types.ts';

const PARIS = 'Europe/Paris';
const OPEN_EVERY_DAY: SendWindowSettings = {
  ...DEFAULT_SEND_WINDOW,
  closedWeekdays: [],
  closedOnPublicHolidays: false,
};

describe('DEFAULT_SEND_WINDOW', () => {
  it('is Monday to Saturday 08:00–20:00, closed on public holidays', () => {
    expect(DEFAULT_SEND_WINDOW).toEqual({
      startHour: 8,
      startMinute: 0,
      endHour: 20,
      endMinute: 0,
      closedWeekdays: [0],
      closedOnPublicHolidays: true,
    });
  });
});

describe('timeZoneForCountry', () => {
  it.each([
    ['FR', 'Europe/Paris'],
    ['fr', 'Europe/Paris'],
    [' RE ', 'Indian/Reunion'],
    ['RE', 'Indian/Reunion'],
    ['YT', 'Indian/Mayotte'],
    ['GP', 'America/Guadeloupe'],
    ['MQ', 'America/Martinique'],
    ['GF', 'America/Cayenne'],
    ['BL', 'America/St_Barthelemy'],
    ['MF', 'America/Marigot'],
    ['PM', 'America/Miquelon'],
    ['NC', 'Pacific/Noumea'],
    ['PF', 'Pacific/Tahiti'],
    ['BE', 'Europe/Brussels'],
    ['GB', 'Europe/London'],
    ['MA', 'Africa/Casablanca'],
    ['US', 'America/New_York'],
    ['ZZ', 'Europe/Paris'],
    ['', 'Europe/Paris'],
  ])('%j → %s', (country, zone) => {
    expect(timeZoneForCountry(country)).toBe(zone);
  });

  it('only returns zones the runtime knows', () => {
    const countries =
      'FR MC RE YT GP MQ GF BL MF PM NC PF WF AD AT BE BG CH CY CZ DE DK EE ES FI GB GR HR HU IE IT LT LU LV MT NL NO PL PT RO SE SI SK TR UA MA DZ TN SN CI CM MG MU KM HT CA US BR CN IN JP AU';
    for (const country of countries.split(' ')) {
      const zone = timeZoneForCountry(country);
      expect(() => new Intl.DateTimeFormat('en', { timeZone: zone })).not.toThrow();
      if (country !== 'FR') expect(zone).not.toBe('Europe/Paris');
    }
  });
});

describe('frenchPublicHolidays', () => {
  it('lists the 11 holidays of 2026 in order', () => {
    expect(frenchPublicHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
  });

  it.each([
    // year, Easter Monday, Ascension, Whit Monday
    [1818, '1818-03-23', '1818-04-30', '1818-05-11'],
    [1583, '1583-04-11', '1583-05-19', '1583-05-30'],
    [1943, '1943-04-26', '1943-06-03', '1943-06-14'],
    [1954, '1954-04-19', '1954-05-27', '1954-06-07'],
    [1981, '1981-04-20', '1981-05-28', '1981-06-08'],
    [2000, '2000-04-24', '2000-06-01', '2000-06-12'],
    [2008, '2008-03-24', '2008-05-01', '2008-05-12'],
    [2019, '2019-04-22', '2019-05-30', '2019-06-10'],
    [2024, '2024-04-01', '2024-05-09', '2024-05-20'],
    [2025, '2025-04-21', '2025-05-29', '2025-06-09'],
    [2026, '2026-04-06', '2026-05-14', '2026-05-25'],
    [2014, '2014-04-21', '2014-05-29', '2014-06-09'],
    [2027, '2027-03-29', '2027-05-06', '2027-05-17'],
    [2033, '2033-04-18', '2033-05-26', '2033-06-06'],
    [2049, '2049-04-19', '2049-05-27', '2049-06-07'],
    [2076, '2076-04-20', '2076-05-28', '2076-06-08'],
    [2100, '2100-03-29', '2100-05-06', '2100-05-17'],
    [2200, '2200-04-07', '2200-05-15', '2200-05-26'],
    [9999, '9999-03-29', '9999-05-06', '9999-05-17'],
    [2038, '2038-04-26', '2038-06-03', '2038-06-14'],
    [2285, '2285-03-23', '2285-04-30', '2285-05-11'],
  ])('%i: Easter Monday %s, Ascension %s, Whit Monday %s', (year, monday, ascension, whit) => {
    const holidays = frenchPublicHolidays(year);
    expect(holidays).toHaveLength(year === 2008 ? 10 : 11);
    expect(new Set(holidays).size).toBe(holidays.length);
    for (const date of [monday, ascension, whit]) expect(holidays).toContain(date);
    expect([...holidays].sort()).toEqual(holidays);
  });

  it('puts Easter Monday on a Monday between 23 March and 26 April, every year (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
        const holidays = frenchPublicHolidays(year);
        const monday = holidays[1] as string;
        const date = new Date(`${monday}T00:00:00Z`);
        expect(date.getUTCDay()).toBe(1);
        expect(monday >= `${year}-03-23` && monday <= `${year}-04-26`).toBe(true);
        const dayMs = 86_400_000;
        const ascension = holidays.find((d) => Date.parse(d) - date.getTime() === 38 * dayMs);
        const whit = holidays.find((d) => Date.parse(d) - date.getTime() === 49 * dayMs);
        expect(ascension).toBeDefined();
        expect(whit).toBeDefined();
      }),
      { seed: 1583, numRuns: 2000 },
    );
  });

  it('lists a date once when two holidays coincide (2008: Ascension on 1 May)', () => {
    const holidays = frenchPublicHolidays(2008);
    expect(holidays).toHaveLength(10);
    expect(holidays.slice(2, 4)).toEqual(['2008-05-01', '2008-05-08']);
  });

  it.each([1582, 10_000, 2026.5, Number.NaN])('throws on year %f', (year) => {
    expect(() => frenchPublicHolidays(year)).toThrow(
      new RangeError(`year must be an integer from 1583 to 9999, got ${year}`),
    );
  });

  it.each([1583, 9999])('accepts year %i', (year) => {
    expect(frenchPublicHolidays(year)[0]).toBe(`${year}-01-01`);
  });
});

describe('isWithinSendWindow', () => {
  it.each([
    // Paris in June is UTC+2.
    ['2026-06-10T05:59:59.999Z', PARIS, false, 'Wednesday 07:59:59.999'],
    ['2026-06-10T06:00:00.000Z', PARIS, true, 'Wednesday 08:00'],
    ['2026-06-10T06:00:00.500Z', PARIS, true, 'Wednesday 08:00:00.5'],
    ['2026-06-10T17:59:59.999Z', PARIS, true, 'Wednesday 19:59:59.999'],
    ['2026-06-10T18:00:00.000Z', PARIS, false, 'Wednesday 20:00'],
    ['2026-06-13T10:00:00.000Z', PARIS, true, 'Saturday noon'],
    ['2026-06-14T10:00:00.000Z', PARIS, false, 'Sunday noon'],
    ['2026-05-14T10:00:00.000Z', PARIS, false, 'Ascension noon'],
    ['2026-05-15T10:00:00.000Z', PARIS, true, 'Friday after Ascension'],
    // Paris in January is UTC+1.
    ['2026-01-02T07:00:00.000Z', PARIS, true, 'Friday 2 January 08:00'],
    ['2026-01-01T10:00:00.000Z', PARIS, false, 'New Year'],
    // Réunion is UTC+4 all year.
    ['2026-06-09T03:30:00.000Z', 'Indian/Reunion', false, 'Réunion 07:30'],
    ['2026-06-09T04:00:00.000Z', 'Indian/Reunion', true, 'Réunion 08:00'],
    ['2026-06-09T16:00:00.000Z', 'Indian/Reunion', false, 'Réunion 20:00'],
    // Guadeloupe is UTC−4: 03:00 UTC on 14 July is still 13 July, 23:00, there.
    ['2026-07-14T03:00:00.000Z', 'America/Guadeloupe', false, 'Guadeloupe 23:00'],
    ['2026-07-14T14:00:00.000Z', 'America/Guadeloupe', false, 'Guadeloupe 14 July 10:00'],
    ['2026-07-13T23:00:00.000Z', 'America/Guadeloupe', true, 'Guadeloupe 13 July 19:00'],
  ])('%s in %s → %s (%s)', (iso, zone, expected) => {
    expect(isWithinSendWindow(new Date(iso), zone, DEFAULT_SEND_WINDOW)).toBe(expected);
  });

  it.each([
    ['2026-06-10T06:29:59.999Z', false],
    ['2026-06-10T06:30:00.000Z', true],
    ['2026-06-10T17:44:59.999Z', true],
    ['2026-06-10T17:45:00.000Z', false],
  ])('honours minutes: 08:30–19:45, %s → %s', (iso, expected) => {
    const settings = { ...DEFAULT_SEND_WINDOW, startMinute: 30, endHour: 19, endMinute: 45 };
    expect(isWithinSendWindow(new Date(iso), PARIS, settings)).toBe(expected);
  });

  it('opens on holidays and Sundays when configured to', () => {
    expect(isWithinSendWindow(new Date('2026-05-14T10:00:00Z'), PARIS, OPEN_EVERY_DAY)).toBe(true);
    expect(isWithinSendWindow(new Date('2026-06-14T10:00:00Z'), PARIS, OPEN_EVERY_DAY)).toBe(true);
    const closedWednesday = { ...OPEN_EVERY_DAY, closedWeekdays: [3] };
    expect(isWithinSendWindow(new Date('2026-06-10T10:00:00Z'), PARIS, closedWednesday)).toBe(
      false,
    );
    expect(isWithinSendWindow(new Date('2026-06-11T10:00:00Z'), PARIS, closedWednesday)).toBe(true);
  });

  it('allows a window until midnight', () => {
    const settings = { ...OPEN_EVERY_DAY, startHour: 0, endHour: 24 };
    expect(isWithinSendWindow(new Date('2026-06-10T21:59:59.999Z'), PARIS, settings)).toBe(true);
    expect(isWithinSendWindow(new Date('2026-06-10T22:00:00.000Z'), PARIS, settings)).toBe(true);
  });

  it.each([
    [{ startHour: 20, endHour: 8 }, '20:00–08:00'],
    [{ startHour: 8, endHour: 8 }, '08:00–08:00'],
    [{ startHour: 8, startMinute: 30, endHour: 8, endMinute: 30 }, '08:30–08:30'],
    [{ startHour: 8, startMinute: 31, endHour: 8, endMinute: 30 }, '08:31–08:30'],
    [{ startHour: 0, startMinute: -1, endHour: 8 }, '-1:-1–08:00'],
    [{ startHour: 8, endHour: 24, endMinute: 1 }, '08:00–24:01'],
  ])('throws on an impossible window %j', (hours, shown) => {
    expect(() =>
      isWithinSendWindow(new Date('2026-06-10T10:00:00Z'), PARIS, { ...OPEN_EVERY_DAY, ...hours }),
    ).toThrow(
      new RangeError(`send window must satisfy 00:00 <= start < end <= 24:00, got ${shown}`),
    );
  });

  it('accepts the tightest windows: one minute, and the whole day', () => {
    const oneMinute = { ...OPEN_EVERY_DAY, startHour: 8, startMinute: 0, endHour: 8, endMinute: 1 };
    expect(isWithinSendWindow(new Date('2026-06-10T06:00:30Z'), PARIS, oneMinute)).toBe(true);
    expect(isWithinSendWindow(new Date('2026-06-10T06:01:00Z'), PARIS, oneMinute)).toBe(false);
    const wholeDay = { ...OPEN_EVERY_DAY, startHour: 0, startMinute: 0, endHour: 24, endMinute: 0 };
    expect(isWithinSendWindow(new Date('2026-06-09T22:00:00Z'), PARIS, wholeDay)).toBe(true);
  });
});

describe('nextAllowedTime', () => {
  it.each([
    // [now, zone, expected, why]
    ['2026-06-10T10:00:00.000Z', PARIS, '2026-06-10T10:00:00.000Z', 'inside: now'],
    ['2026-06-10T05:30:00.000Z', PARIS, '2026-06-10T06:00:00.000Z', '07:30 → 08:00 same day'],
    ['2026-06-10T18:00:00.000Z', PARIS, '2026-06-11T06:00:00.000Z', '20:00 → 08:00 next day'],
    ['2026-06-10T21:59:00.000Z', PARIS, '2026-06-11T06:00:00.000Z', '23:59 → 08:00 next day'],
    ['2026-06-10T22:00:00.000Z', PARIS, '2026-06-11T06:00:00.000Z', '00:00 → 08:00 same day'],
    ['2026-06-13T18:30:00.000Z', PARIS, '2026-06-15T06:00:00.000Z', 'Saturday night → Monday'],
    ['2026-06-14T10:00:00.000Z', PARIS, '2026-06-15T06:00:00.000Z', 'Sunday → Monday'],
    ['2026-05-13T18:30:00.000Z', PARIS, '2026-05-15T06:00:00.000Z', 'eve of Ascension → Friday'],
    ['2026-04-05T10:00:00.000Z', PARIS, '2026-04-07T06:00:00.000Z', 'Easter → Tuesday'],
    ['2026-05-24T10:00:00.000Z', PARIS, '2026-05-26T06:00:00.000Z', 'Pentecost → Tuesday'],
    ['2026-12-24T19:00:00.000Z', PARIS, '2026-12-26T07:00:00.000Z', 'Christmas Eve → Saturday 26'],
    ['2026-12-31T19:00:00.000Z', PARIS, '2027-01-02T07:00:00.000Z', 'New Year → Saturday 2'],
    // DST: Paris springs forward on Sunday 29 March 2026 and falls back on Sunday 25 October.
    ['2026-03-28T20:00:00.000Z', PARIS, '2026-03-30T06:00:00.000Z', 'spring: Monday 08:00 CEST'],
    ['2026-10-24T18:30:00.000Z', PARIS, '2026-10-26T07:00:00.000Z', 'autumn: Monday 08:00 CET'],
    // Overseas: Réunion UTC+4, Guadeloupe UTC−4 with holidays in local dates.
    ['2026-06-09T03:30:00.000Z', 'Indian/Reunion', '2026-06-09T04:00:00.000Z', 'Réunion 07:30'],
    ['2026-06-09T16:00:00.000Z', 'Indian/Reunion', '2026-06-10T04:00:00.000Z', 'Réunion 20:00'],
    [
      '2026-07-14T03:00:00.000Z',
      'America/Guadeloupe',
      '2026-07-15T12:00:00.000Z',
      'Guadeloupe 13 July 23:00 → 15 July 08:00',
    ],
    // Nouméa is UTC+11: 22:00 UTC on 24 December is Christmas morning there.
    [
      '2026-12-24T22:00:00.000Z',
      'Pacific/Noumea',
      '2026-12-25T21:00:00.000Z',
      'Nouméa Christmas → 26 December 08:00',
    ],
    ['2026-06-09T10:30:00.000Z', 'America/Miquelon', '2026-06-09T10:30:00.000Z', 'Miquelon 08:30'],
    ['2026-06-09T09:29:00.000Z', 'America/Miquelon', '2026-06-09T10:00:00.000Z', 'Miquelon 07:29'],
  ])('low at %s in %s → %s (%s)', (now, zone, expected) => {
    expect(nextAllowedTime(new Date(now), 'low', zone, DEFAULT_SEND_WINDOW).toISOString()).toBe(
      expected,
    );
  });

  it.each([
    ['2026-03-28T20:00:00.000Z', '2026-03-29T06:00:00.000Z', 'Sunday 29 March 08:00 CEST'],
    ['2026-10-24T19:00:00.000Z', '2026-10-25T07:00:00.000Z', 'Sunday 25 October 08:00 CET'],
  ])('open on Sundays: %s → %s (%s)', (now, expected) => {
    expect(nextAllowedTime(new Date(now), 'normal', PARIS, OPEN_EVERY_DAY).toISOString()).toBe(
      expected,
    );
  });

  it.each([
    // Now is Saturday 22:00, the window closes at 22:00.
    // 02:30 does not exist on 29 March in Paris: the window opens when clocks jump to 03:00.
    ['2026-03-28T21:00:00.000Z', 2, 30, '2026-03-29T01:00:00.000Z'],
    ['2026-03-28T21:00:00.000Z', 2, 0, '2026-03-29T01:00:00.000Z'],
    ['2026-03-28T21:00:00.000Z', 3, 0, '2026-03-29T01:00:00.000Z'],
    ['2026-03-28T21:00:00.000Z', 1, 59, '2026-03-29T00:59:00.000Z'],
    // 02:30 happens twice on 25 October: the first one (CEST) counts.
    ['2026-10-24T21:00:00.000Z', 2, 30, '2026-10-25T00:30:00.000Z'],
    // 02:45 CEST, between the two 02:30s, is already inside the window.
    ['2026-10-25T00:45:00.000Z', 2, 30, '2026-10-25T00:45:00.000Z'],
  ])('DST edge: now %s, start %i:%i → %s', (now, startHour, startMinute, expected) => {
    const settings = { ...OPEN_EVERY_DAY, startHour, startMinute, endHour: 22 };
    expect(nextAllowedTime(new Date(now), 'low', PARIS, settings).toISOString()).toBe(expected);
  });

  it.each([
    // New York springs forward on 8 March 2026 at 02:00 EST (07:00 UTC).
    [2, 30, '2026-03-08T07:00:00.000Z'],
    [1, 30, '2026-03-08T06:30:00.000Z'],
    [3, 0, '2026-03-08T07:00:00.000Z'],
  ])('New York spring gap: start %i:%i → %s', (startHour, startMinute, expected) => {
    const settings = { ...OPEN_EVERY_DAY, startHour, startMinute, endHour: 22 };
    const now = new Date('2026-03-08T04:00:00Z'); // Saturday 23:00 EST
    expect(nextAllowedTime(now, 'low', 'America/New_York', settings).toISOString()).toBe(expected);
  });

  it.each([
    // New York falls back on 1 November 2026 at 02:00 EDT (06:00 UTC): 01:30 happens twice.
    ['2026-11-01T03:00:00.000Z', '2026-11-01T05:30:00.000Z'],
    ['2026-11-01T05:31:00.000Z', '2026-11-01T05:31:00.000Z'],
  ])('New York fall overlap: now %s, start 01:30 → %s', (now, expected) => {
    const settings = { ...OPEN_EVERY_DAY, startHour: 1, startMinute: 30, endHour: 22 };
    expect(nextAllowedTime(new Date(now), 'low', 'America/New_York', settings).toISOString()).toBe(
      expected,
    );
  });

  it.each([
    [2, 45],
    [3, 0], // the clocks jump straight to 03:00, the (excluded) end
  ])(
    'skips a day whose whole window 02:00–%i:%i falls in the spring-forward gap',
    (endHour, endMinute) => {
      const settings = { ...OPEN_EVERY_DAY, startHour: 2, startMinute: 0, endHour, endMinute };
      expect(
        nextAllowedTime(new Date('2026-03-28T12:00:00Z'), 'low', PARIS, settings).toISOString(),
      ).toBe('2026-03-30T00:00:00.000Z');
    },
  );

  it.each(['critical', 'high'] as const)(
    'returns now itself for %s priority, even on a Sunday night',
    (priority) => {
      const now = new Date('2026-06-14T23:30:00Z');
      expect(nextAllowedTime(now, priority, PARIS, DEFAULT_SEND_WINDOW)).toBe(now);
    },
  );

  it.each(['low', 'normal'] as const)('returns now itself for %s inside the window', (priority) => {
    const now = new Date('2026-06-10T10:00:00Z');
    expect(nextAllowedTime(now, priority, PARIS, DEFAULT_SEND_WINDOW)).toBe(now);
  });

  it('defers normal priority like low', () => {
    expect(
      nextAllowedTime(
        new Date('2026-06-14T10:00:00Z'),
        'normal',
        PARIS,
        DEFAULT_SEND_WINDOW,
      ).toISOString(),
    ).toBe('2026-06-15T06:00:00.000Z');
  });

  it('throws when every weekday is closed', () => {
    const settings = { ...DEFAULT_SEND_WINDOW, closedWeekdays: [0, 1, 2, 3, 4, 5, 6] };
    expect(() => nextAllowedTime(new Date('2026-06-10T10:00:00Z'), 'low', PARIS, settings)).toThrow(
      new RangeError('send window never opens within 400 days'),
    );
  });

  it('finds a window a long way ahead', () => {
    // Only Mondays open, and Whit Monday is a holiday: the next one is 1 June 2026.
    const settings = { ...DEFAULT_SEND_WINDOW, closedWeekdays: [0, 2, 3, 4, 5, 6] };
    expect(
      nextAllowedTime(new Date('2026-05-25T10:00:00Z'), 'low', PARIS, settings).toISOString(),
    ).toBe('2026-06-01T06:00:00.000Z');
  });

  describe('properties', () => {
    const zones = [
      'Europe/Paris',
      'Indian/Reunion',
      'America/Guadeloupe',
      'America/Miquelon',
      'Pacific/Noumea',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
    ];
    const settingsArb: fc.Arbitrary<SendWindowSettings> = fc
      .record({
        startHour: fc.integer({ min: 0, max: 22 }),
        startMinute: fc.integer({ min: 0, max: 59 }),
        length: fc.integer({ min: 60, max: 16 * 60 }),
        closedWeekdays: fc.subarray([0, 1, 2, 3, 4, 5, 6], { maxLength: 6 }),
        closedOnPublicHolidays: fc.boolean(),
      })
      .map(({ startHour, startMinute, length, closedWeekdays, closedOnPublicHolidays }) => {
        const end = Math.min(24 * 60, startHour * 60 + startMinute + length);
        return {
          startHour,
          startMinute,
          endHour: Math.floor(end / 60),
          endMinute: end % 60,
          closedWeekdays,
          closedOnPublicHolidays,
        };
      });
    const nowArb = fc
      .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 11, 31) })
      .map((ms) => new Date(ms));
    const priorityArb = fc.constantFrom<Priority>('low', 'normal', 'high', 'critical');

    it('never earlier than now, inside the window, and the first such time', () => {
      fc.assert(
        fc.property(
          nowArb,
          priorityArb,
          fc.constantFrom(...zones),
          settingsArb,
          (now, priority, zone, settings) => {
            const next = nextAllowedTime(now, priority, zone, settings);
            expect(next.getTime()).toBeGreaterThanOrEqual(now.getTime());
            if (priority === 'critical' || priority === 'high') {
              expect(next).toBe(now);
              return;
            }
            expect(isWithinSendWindow(next, zone, settings)).toBe(true);
            if (isWithinSendWindow(now, zone, settings)) {
              expect(next).toBe(now);
              return;
            }
            // Nothing earlier is allowed: just before, and every 30 minutes since now.
            expect(isWithinSendWindow(new Date(next.getTime() - 1), zone, settings)).toBe(false);
            for (let t = now.getTime(); t < next.getTime(); t += 30 * 60_000) {
              expect(isWithinSendWindow(new Date(t), zone, settings)).toBe(false);
            }
          },
        ),
        { seed: 20260329, numRuns: 300 },
      );
    }, 60_000);
  });
});

describe('sendWindowProblem', () => {
  it.each([
    [{}, null],
    [{ startHour: 21 }, 'l’heure de début (21:00) doit précéder l’heure de fin (20:00)'],
    [{ startHour: 9, endHour: 9 }, 'l’heure de début (09:00) doit précéder l’heure de fin (09:00)'],
    [{ endHour: 24 }, null],
    [
      { closedWeekdays: [0, 1, 2, 3, 4, 5, 6] },
      'au moins un jour de la semaine doit rester ouvert aux envois',
    ],
    [{ closedWeekdays: [0, 1, 2, 3, 4, 5] }, null],
  ] as const)('%o → %s', (patch, expected) => {
    expect(
      sendWindowProblem({
        ...DEFAULT_SEND_WINDOW,
        ...patch,
        closedWeekdays: [
          ...((patch as { closedWeekdays?: readonly number[] }).closedWeekdays ??
            DEFAULT_SEND_WINDOW.closedWeekdays),
        ],
      }),
    ).toBe(expected);
  });
});
