import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAnalytics, quantileBucket, sumCounters } from './analytics.ts';

const B = (bucket: string, count: number, lowerMs: number, upperMs: number | null) => ({
  bucket,
  count,
  lowerMs,
  upperMs,
});
const BUCKETS = (c: number[]) => [
  B('lt1s', c[0] ?? 0, 0, 1000),
  B('lt5s', c[1] ?? 0, 1000, 5000),
  B('lt30s', c[2] ?? 0, 5000, 30000),
  B('ge30s', c[3] ?? 0, 30000, null),
];

describe('quantileBucket', () => {
  it.each([
    [[10, 0, 0, 0], 0.5, 'lt1s'],
    [[10, 0, 0, 0], 0.95, 'lt1s'],
    [[5, 5, 0, 0], 0.5, 'lt1s'],
    [[4, 6, 0, 0], 0.5, 'lt5s'],
    [[90, 4, 5, 1], 0.95, 'lt30s'],
    [[90, 4, 0, 6], 0.95, 'ge30s'],
    [[0, 0, 0, 3], 0.5, 'ge30s'],
  ])('%j at q=%f is in %s', (counts, q, bucket) => {
    expect(quantileBucket(BUCKETS(counts), q)?.bucket).toBe(bucket);
  });

  it('is null without data', () => {
    expect(quantileBucket(BUCKETS([0, 0, 0, 0]), 0.5)).toBeNull();
  });

  it('never puts the median after the p95', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 4, maxLength: 4 }), (counts) => {
        const b = BUCKETS(counts);
        const median = quantileBucket(b, 0.5);
        const p95 = quantileBucket(b, 0.95);
        if (!median || !p95) return counts.every((c) => c === 0);
        return median.lowerMs <= p95.lowerMs;
      }),
    );
  });
});

describe('computeAnalytics', () => {
  const base = {
    from: '2026-03-01',
    to: '2026-03-03',
    currentMonth: { month: '2026-03', counters: { cost_eur_total: 40 } },
    coverage: { customers_total: 10, reachable_any: 7, reachable_sms: 5 },
    budget: { monthlyEur: 50, warnRatio: 0.8, holdExpiryHours: 72 },
    reads: 5,
  };

  it('totals counters per channel, rates and the budget level', () => {
    const a = computeAnalytics({
      ...base,
      days: [
        {
          day: '2026-03-01',
          counters: {
            sms_sent: 10,
            sms_delivered: 8,
            sms_undelivered: 1,
            sms_failed: 1,
            sms_error_30003: 1,
            sms_skip_no_consent: 4,
            email_skip_no_consent: 1,
          },
        },
        {
          day: '2026-03-02',
          counters: {
            sms_sent: 10,
            sms_delivered: 10,
            sms_error_30003: 2,
            sms_error_21211: 3,
            cost_eur_total: 1.5,
          },
        },
      ],
    });
    expect(a.channels.sms).toMatchObject({ sent: 20, delivered: 18, failed: 1, undelivered: 1 });
    expect(a.channels.sms.deliveryRate).toBeCloseTo(0.9);
    expect(a.channels.sms.failureRate).toBeCloseTo(0.1);
    expect(a.channels.email.deliveryRate).toBeNull();
    expect(a.errors).toEqual([
      { channel: 'sms', code: '21211', count: 3 },
      { channel: 'sms', code: '30003', count: 3 },
    ]);
    expect(a.notSent).toEqual([
      { reason: 'no_consent', count: 5, perChannel: { sms: 4, email: 1 } },
    ]);
    expect(a.cost).toMatchObject({
      monthToDateEur: 40,
      budgetEur: 50,
      ratio: 0.8,
      level: 'warning',
      rangeEur: 1.5,
    });
    expect(a.coverage).toMatchObject({
      rate: 0.7,
      perChannel: { sms: { reachable: 5, rate: 0.5 }, push: { reachable: 0, rate: 0 } },
    });
    expect(a.range).toEqual({
      from: '2026-03-01',
      to: '2026-03-03',
      days: 3,
      daysWithData: 2,
      granularity: 'day',
    });
    // Every day of the range, the empty one included.
    expect(a.series.map((s) => [s.day, s.sms_sent])).toEqual([
      ['2026-03-01', 10],
      ['2026-03-02', 10],
      ['2026-03-03', 0],
    ]);
  });

  it('has no rates and an empty coverage without any document', () => {
    const a = computeAnalytics({
      ...base,
      days: [],
      coverage: null,
      currentMonth: { month: '2026-03', counters: null },
    });
    expect(a.coverage.rate).toBeNull();
    expect(a.response.rate).toBeNull();
    expect(a.optIn.rate).toBeNull();
    expect(a.cost).toMatchObject({ monthToDateEur: 0, level: 'ok' });
  });

  it('sums the satisfaction survey over the days: count, average, distribution', () => {
    const a = computeAnalytics({
      ...base,
      days: [
        { day: '2026-03-01', counters: { satisfaction_planned: 3, satisfaction_score_5: 1 } },
        {
          day: '2026-03-02',
          counters: { satisfaction_planned: 1, satisfaction_score_2: 1, satisfaction_score_5: 1 },
        },
      ],
    });
    expect(a.satisfaction).toEqual({
      surveys: 4,
      responses: 3,
      average: 4,
      distribution: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 2 },
      low: 1,
      responseRate: 0.75,
    });
  });

  it('gives the same totals as adding the days by hand (any split of the counters)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ sms_sent: fc.nat(50), sms_delivered: fc.nat(50), whatsapp_read: fc.nat(50) }),
          { maxLength: 30 },
        ),
        (days) => {
          const a = computeAnalytics({
            ...base,
            days: days.map((counters, i) => ({
              day: `2026-01-${String(i + 1).padStart(2, '0')}`,
              counters,
            })),
          });
          const total = sumCounters(days);
          return (
            a.channels.sms.sent === (total.sms_sent ?? 0) &&
            a.channels.whatsapp.read === (total.whatsapp_read ?? 0)
          );
        },
      ),
    );
  });
});
