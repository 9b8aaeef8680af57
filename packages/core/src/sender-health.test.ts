import { describe, expect, it } from 'vitest';
import {
  type ErrorCountSample,
  errorSpikes,
  type QualityRating,
  qualityRatingOf,
  type SenderHealthReading,
  senderAvailability,
  senderHealthChanges,
} from './sender-health.ts';

const reading = (status: string, qualityRating: QualityRating = 'HIGH'): SenderHealthReading => ({
  status,
  qualityRating,
});

describe('qualityRatingOf', () => {
  it.each([
    ['HIGH', 'HIGH'],
    ['high', 'HIGH'],
    ['GREEN', 'HIGH'],
    ['MEDIUM', 'MEDIUM'],
    ['YELLOW', 'MEDIUM'],
    ['LOW', 'LOW'],
    ['RED', 'LOW'],
    ['', 'UNKNOWN'],
    [null, 'UNKNOWN'],
    ['FLAGGED_SOMEHOW', 'UNKNOWN'],
  ])('%s → %s', (value, expected) => {
    expect(qualityRatingOf(value)).toBe(expected);
  });
});

describe('senderAvailability', () => {
  it.each([
    [null, { available: true }],
    [reading('ONLINE'), { available: true }],
    [reading('ONLINE', 'MEDIUM'), { available: true }],
    [reading('ONLINE', 'UNKNOWN'), { available: true }],
    [reading('ONLINE:UPDATING'), { available: true }],
    [reading('ONLINE', 'LOW'), { available: false, cause: 'flagged' }],
    [reading('ONLINE:UPDATING', 'LOW'), { available: false, cause: 'flagged' }],
    [reading('OFFLINE'), { available: false, cause: 'offline' }],
    [reading('OFFLINE', 'LOW'), { available: false, cause: 'offline' }],
    [reading('CREATING'), { available: false, cause: 'not_ready' }],
    [reading('PENDING_VERIFICATION'), { available: false, cause: 'not_ready' }],
    [reading('VERIFYING'), { available: false, cause: 'not_ready' }],
    [reading('TWILIO_REVIEW'), { available: false, cause: 'not_ready' }],
    [reading('DRAFT'), { available: false, cause: 'not_ready' }],
    [reading('STUBBED'), { available: false, cause: 'not_ready' }],
  ])('%j → %j', (r, expected) => {
    expect(senderAvailability(r)).toEqual(expected);
  });
});

describe('senderHealthChanges', () => {
  it.each<[string, SenderHealthReading | null, SenderHealthReading, unknown[]]>([
    ['first reading, online', null, reading('ONLINE'), []],
    [
      'first reading, offline',
      null,
      reading('OFFLINE'),
      [{ kind: 'sender_status', from: null, to: 'OFFLINE' }],
    ],
    [
      'first reading, flagged',
      null,
      reading('ONLINE', 'LOW'),
      [{ kind: 'sender_status', from: null, to: 'ONLINE' }],
    ],
    ['nothing changed', reading('ONLINE'), reading('ONLINE'), []],
    [
      'goes offline',
      reading('ONLINE'),
      reading('OFFLINE'),
      [{ kind: 'sender_status', from: 'ONLINE', to: 'OFFLINE' }],
    ],
    [
      'comes back',
      reading('OFFLINE'),
      reading('ONLINE'),
      [{ kind: 'sender_status', from: 'OFFLINE', to: 'ONLINE' }],
    ],
    [
      'HIGH → MEDIUM',
      reading('ONLINE'),
      reading('ONLINE', 'MEDIUM'),
      [{ kind: 'sender_quality', from: 'HIGH', to: 'MEDIUM' }],
    ],
    [
      'MEDIUM → LOW',
      reading('ONLINE', 'MEDIUM'),
      reading('ONLINE', 'LOW'),
      [{ kind: 'sender_quality', from: 'MEDIUM', to: 'LOW' }],
    ],
    [
      'HIGH → LOW',
      reading('ONLINE'),
      reading('ONLINE', 'LOW'),
      [{ kind: 'sender_quality', from: 'HIGH', to: 'LOW' }],
    ],
    ['a rise is no alert', reading('ONLINE', 'LOW'), reading('ONLINE', 'HIGH'), []],
    [
      'UNKNOWN → LOW says nothing of a drop',
      reading('ONLINE', 'UNKNOWN'),
      reading('ONLINE', 'LOW'),
      [],
    ],
    ['HIGH → UNKNOWN says nothing', reading('ONLINE'), reading('ONLINE', 'UNKNOWN'), []],
    [
      'both at once',
      reading('ONLINE'),
      reading('OFFLINE', 'LOW'),
      [
        { kind: 'sender_status', from: 'ONLINE', to: 'OFFLINE' },
        { kind: 'sender_quality', from: 'HIGH', to: 'LOW' },
      ],
    ],
  ])('%s', (_name, previous, current, expected) => {
    expect(senderHealthChanges(previous, current)).toEqual(expected);
  });
});

describe('errorSpikes', () => {
  const NOW = new Date('2026-03-02T14:00:00.000Z');
  const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000);
  const sample = (
    minutesAgo: number,
    counts: ErrorCountSample['counts'],
    day = '2026-03-02',
  ): ErrorCountSample => ({ at: at(minutesAgo), day, counts });
  const thresholds = {
    63016: { perHour: 5, perDay: 20 },
    63018: { perHour: 3, perDay: 10 },
    63024: { perHour: 10, perDay: 30 },
  } as const;

  it.each<[string, ErrorCountSample['counts'], ErrorCountSample[], unknown[]]>([
    ['no errors, no samples', {}, [], []],
    ['the day threshold is "more than": 20 is not a spike', { 63016: 20 }, [], []],
    ['21 today', { 63016: 21 }, [], [{ code: 63016, window: 'day', count: 21, threshold: 20 }]],
    ['no sample: no hourly count', { 63018: 9 }, [], []],
    [
      'six 63016 since the sample of an hour ago',
      { 63016: 10 },
      [sample(75, { 63016: 2 }), sample(60, { 63016: 4 }), sample(15, { 63016: 9 })],
      [{ code: 63016, window: 'hour', count: 6, threshold: 5 }],
    ],
    ['five in the hour is not a spike', { 63016: 9 }, [sample(60, { 63016: 4 })], []],
    [
      'the first hour of monitoring: the oldest sample is the baseline',
      { 63018: 5 },
      [sample(30, { 63018: 1 }), sample(15, { 63018: 3 })],
      [{ code: 63018, window: 'hour', count: 4, threshold: 3 }],
    ],
    [
      'across midnight: the rest of yesterday is added',
      { 63024: 6 },
      [
        sample(70, { 63024: 40 }, '2026-03-01'),
        sample(40, { 63024: 45 }, '2026-03-01'),
        sample(10, { 63024: 2 }),
      ],
      [{ code: 63024, window: 'hour', count: 11, threshold: 10 }],
    ],
    [
      'each code on its own, both windows',
      { 63016: 25, 63018: 1, 63024: 3 },
      [sample(65, { 63016: 10, 63018: 0, 63024: 3 })],
      [
        { code: 63016, window: 'hour', count: 15, threshold: 5 },
        { code: 63016, window: 'day', count: 25, threshold: 20 },
      ],
    ],
  ])('%s', (_name, counts, samples, expected) => {
    expect(
      errorSpikes({ now: NOW, day: '2026-03-02', counts, samples, thresholds }).spikes,
    ).toEqual(expected);
  });

  it('keeps the baseline, what follows it and the new sample; drops what is older', () => {
    const { samples } = errorSpikes({
      now: NOW,
      day: '2026-03-02',
      counts: { 63016: 3 },
      samples: [sample(120, {}), sample(70, { 63016: 1 }), sample(30, { 63016: 2 })],
      thresholds,
    });
    expect(samples.map((s) => s.at)).toEqual([at(70), at(30), NOW]);
    expect(samples[2]).toEqual({ at: NOW, day: '2026-03-02', counts: { 63016: 3 } });
  });

  it('uses the default thresholds when none are given', () => {
    expect(
      errorSpikes({ now: NOW, day: '2026-03-02', counts: { 63018: 11 }, samples: [] }).spikes,
    ).toEqual([{ code: 63018, window: 'day', count: 11, threshold: 10 }]);
  });
});
