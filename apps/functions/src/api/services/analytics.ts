import {
  addCalendarDays,
  type BudgetLevel,
  budgetStatus,
  CHANNELS,
  type Channel,
  calendarDaysBetween,
  type SatisfactionSummary,
  summarizeSatisfaction,
} from '@omega/core';
import { computeScoreboard, type ScoreboardMetric } from './scoreboard.ts';

/** A statistics document's counters (`stats_daily/{day}`, `stats_monthly/{month}`, coverage). */
export type CounterDoc = Record<string, number>;

/** A latency percentile read from the counters' buckets: the bucket it falls in. */
export interface LatencyPercentile {
  /** Bucket name (`lt5s`, …, `ge300s`). */
  bucket: string;
  /** Upper bound of the bucket in ms; `null` for the open last bucket. */
  upperMs: number | null;
  /** Lower bound of the bucket in ms. */
  lowerMs: number;
}

/** Latency of one stage: distribution and median / p95 (as buckets). */
export interface LatencyStats {
  count: number;
  buckets: Array<{ bucket: string; count: number }>;
  median: LatencyPercentile | null;
  p95: LatencyPercentile | null;
}

/** Everything about one channel over the range. */
export interface ChannelStats {
  planned: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  undelivered: number;
  skipped: number;
  deferred: number;
  held: number;
  retried: number;
  segments: number;
  costEur: number;
  costActualEur: number;
  /** delivered ÷ messages that reached an outcome or the provider. */
  deliveryRate: number | null;
  /** read ÷ delivered (WhatsApp). */
  readRate: number | null;
  /** (failed + undelivered) ÷ the same base as `deliveryRate`. */
  failureRate: number | null;
  latencySent: LatencyStats;
  latencyDelivered: LatencyStats;
}

/** The analytics answer. */
export interface Analytics {
  range: {
    from: string;
    to: string;
    days: number;
    daysWithData: number;
    granularity: 'day' | 'month';
  };
  reads: number;
  coverage: {
    customers: number;
    reachableAny: number;
    rate: number | null;
    perChannel: Record<Channel, { reachable: number; rate: number | null }>;
  };
  channels: Record<Channel, ChannelStats>;
  errors: Array<{ channel: Channel; code: string; count: number }>;
  notSent: Array<{ reason: string; count: number; perChannel: Partial<Record<Channel, number>> }>;
  series: Array<
    { day: string } & Record<
      `${Channel}_sent` | `${Channel}_delivered` | `${Channel}_failed`,
      number
    > & { cost: number }
  >;
  cost: {
    month: string;
    monthToDateEur: number;
    budgetEur: number;
    ratio: number | null;
    level: BudgetLevel;
    rangeEur: number;
    rangeActualEur: number;
  };
  response: { inbound: number; delivered: number; rate: number | null };
  optIn: {
    perChannel: Record<Channel, { granted: number; withdrawn: number }>;
    /** Opt-ins ÷ all consent decisions recorded in the range. */
    rate: number | null;
  };
  /** The satisfaction survey over the range: count, average, distribution (core's summary). */
  satisfaction: SatisfactionSummary;
  /** The plan's success metrics: target, value, previous period's value (`scoreboard.ts`). */
  scoreboard: ScoreboardMetric[];
}

const SENT_BUCKETS: ReadonlyArray<[string, number, number | null]> = [
  ['lt1s', 0, 1_000],
  ['lt5s', 1_000, 5_000],
  ['lt30s', 5_000, 30_000],
  ['lt300s', 30_000, 300_000],
  ['ge300s', 300_000, null],
];
const DELIVERED_BUCKETS: ReadonlyArray<[string, number, number | null]> = [
  ['lt5s', 0, 5_000],
  ['lt10s', 5_000, 10_000],
  ['lt60s', 10_000, 60_000],
  ['lt600s', 60_000, 600_000],
  ['ge600s', 600_000, null],
];

/** Adds every numeric field of `docs` (missing = 0). */
export function sumCounters(docs: readonly CounterDoc[]): CounterDoc {
  const total: CounterDoc = {};
  for (const doc of docs)
    for (const [k, v] of Object.entries(doc))
      if (typeof v === 'number' && Number.isFinite(v)) total[k] = (total[k] ?? 0) + v;
  return total;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/**
 * The bucket holding the `q`-quantile (0 < q ≤ 1) of a bucketed distribution: the first
 * bucket whose cumulative count reaches `q × total`. `null` when there is no data.
 */
export function quantileBucket(
  counts: ReadonlyArray<{ bucket: string; count: number; lowerMs: number; upperMs: number | null }>,
  q: number,
): LatencyPercentile | null {
  const total = counts.reduce((s, b) => s + b.count, 0);
  if (total === 0) return null;
  const target = q * total;
  let cumulative = 0;
  for (const b of counts) {
    cumulative += b.count;
    if (cumulative >= target && b.count > 0)
      return { bucket: b.bucket, upperMs: b.upperMs, lowerMs: b.lowerMs };
  }
  const last = counts.at(-1);
  return last ? { bucket: last.bucket, upperMs: last.upperMs, lowerMs: last.lowerMs } : null;
}

function latency(
  totals: CounterDoc,
  prefix: string,
  buckets: ReadonlyArray<[string, number, number | null]>,
): LatencyStats {
  const counts = buckets.map(([bucket, lowerMs, upperMs]) => ({
    bucket,
    lowerMs,
    upperMs,
    count: totals[`${prefix}_${bucket}`] ?? 0,
  }));
  return {
    count: counts.reduce((s, b) => s + b.count, 0),
    buckets: counts.map(({ bucket, count }) => ({ bucket, count })),
    median: quantileBucket(counts, 0.5),
    p95: quantileBucket(counts, 0.95),
  };
}

function channelStats(t: CounterDoc, c: Channel): ChannelStats {
  const v = (name: string) => t[`${c}_${name}`] ?? 0;
  const outcomes = v('delivered') + v('failed') + v('undelivered');
  const base = Math.max(v('sent'), outcomes);
  return {
    planned: v('planned'),
    sent: v('sent'),
    delivered: v('delivered'),
    read: v('read'),
    failed: v('failed'),
    undelivered: v('undelivered'),
    skipped: v('skipped'),
    deferred: v('deferred'),
    held: v('held'),
    retried: v('retried'),
    segments: v('segments'),
    costEur: v('cost_eur'),
    costActualEur: v('cost_actual_eur'),
    deliveryRate: ratio(v('delivered'), base),
    readRate: ratio(v('read'), Math.max(v('delivered'), v('read'))),
    failureRate: ratio(v('failed') + v('undelivered'), base),
    latencySent: latency(t, `${c}_sent`, SENT_BUCKETS),
    latencyDelivered: latency(t, `${c}_delivered`, DELIVERED_BUCKETS),
  };
}

/** Input of {@link computeAnalytics}: the documents read, nothing else. */
export interface AnalyticsInput {
  from: string;
  to: string;
  days: ReadonlyArray<{ day: string; counters: CounterDoc }>;
  /** The current month's document (budget). */
  currentMonth: { month: string; counters: CounterDoc | null };
  coverage: CounterDoc | null;
  budget: { monthlyEur: number; warnRatio: number; holdExpiryHours: number };
  reads: number;
  /** What `days[].day` keys are: days (`YYYY-MM-DD`, default) or months (`YYYY-MM`). */
  granularity?: 'day' | 'month';
  /** The previous period of the same length (the scoreboard's trend), when read. */
  previous?: ReadonlyArray<{ counters: CounterDoc }> | null;
}

/** Every day (or month) key of [from, to]: the chart shows the empty ones too. */
export function periodKeys(from: string, to: string, granularity: 'day' | 'month'): string[] {
  const keys: string[] = [];
  if (granularity === 'day') {
    for (let d = from; d <= to; d = addCalendarDays(d, 1)) keys.push(d);
    return keys;
  }
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = addCalendarDays(`${m}-28`, 7).slice(0, 7))
    keys.push(m);
  return keys;
}

const rangeDays = (from: string, to: string) => calendarDaysBetween(from, to) + 1;

/**
 * Turns daily statistics, the month's document and the coverage counters into the dashboard's
 * analytics: per-channel volumes and rates, latency median / p95 from the buckets, errors by
 * code, reasons not sent, the per-day series, € against budget, response and opt-in rates.
 * Pure: the same documents always give the same answer.
 */
export function computeAnalytics(input: AnalyticsInput): Analytics {
  const totals = sumCounters(input.days.map((d) => d.counters));
  const channels = Object.fromEntries(CHANNELS.map((c) => [c, channelStats(totals, c)])) as Record<
    Channel,
    ChannelStats
  >;

  const errors: Analytics['errors'] = [];
  const notSent = new Map<
    string,
    { count: number; perChannel: Partial<Record<Channel, number>> }
  >();
  for (const [key, value] of Object.entries(totals)) {
    const m = /^(email|sms|whatsapp|push)_(error|skip)_(.+)$/.exec(key);
    if (!m || value === 0) continue;
    const channel = m[1] as Channel;
    if (m[2] === 'error') errors.push({ channel, code: m[3] as string, count: value });
    else {
      const entry = notSent.get(m[3] as string) ?? { count: 0, perChannel: {} };
      entry.count += value;
      entry.perChannel[channel] = (entry.perChannel[channel] ?? 0) + value;
      notSent.set(m[3] as string, entry);
    }
  }
  errors.sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));

  const byKey = new Map(input.days.map((d) => [d.day, d.counters]));
  const series = periodKeys(input.from, input.to, input.granularity ?? 'day')
    .map((day) => ({ day, counters: byKey.get(day) ?? {} }))
    .map(({ day, counters }) => {
      const row: Record<string, number | string> = { day, cost: counters.cost_eur_total ?? 0 };
      for (const c of CHANNELS)
        for (const m of ['sent', 'delivered', 'failed'])
          row[`${c}_${m}`] = counters[`${c}_${m}`] ?? 0;
      return row as Analytics['series'][number];
    });

  const cov = input.coverage ?? {};
  const customers = cov.customers_total ?? 0;
  const perChannel = Object.fromEntries(
    CHANNELS.map((c) => [
      c,
      { reachable: cov[`reachable_${c}`] ?? 0, rate: ratio(cov[`reachable_${c}`] ?? 0, customers) },
    ]),
  ) as Analytics['coverage']['perChannel'];

  const spent = input.currentMonth.counters?.cost_eur_total ?? 0;
  const status = budgetStatus(spent, input.budget);

  const inbound = (totals.sms_inbound ?? 0) + (totals.whatsapp_inbound ?? 0);
  const deliveredMessaging = channels.sms.delivered + channels.whatsapp.delivered;

  const optIn = Object.fromEntries(
    CHANNELS.map((c) => [
      c,
      {
        granted: totals[`consent_${c}_granted`] ?? 0,
        withdrawn: totals[`consent_${c}_withdrawn`] ?? 0,
      },
    ]),
  ) as Analytics['optIn']['perChannel'];
  const granted = CHANNELS.reduce((s, c) => s + optIn[c].granted, 0);
  const decisions = granted + CHANNELS.reduce((s, c) => s + optIn[c].withdrawn, 0);

  return {
    range: {
      from: input.from,
      to: input.to,
      days: rangeDays(input.from, input.to),
      daysWithData: input.days.length,
      granularity: input.granularity ?? 'day',
    },
    reads: input.reads,
    coverage: {
      customers,
      reachableAny: cov.reachable_any ?? 0,
      rate: ratio(cov.reachable_any ?? 0, customers),
      perChannel,
    },
    channels,
    errors,
    notSent: [...notSent.entries()]
      .map(([reason, v]) => ({ reason, ...v }))
      .sort((a, b) => b.count - a.count),
    series,
    cost: {
      month: input.currentMonth.month,
      monthToDateEur: spent,
      budgetEur: input.budget.monthlyEur,
      ratio: ratio(spent, input.budget.monthlyEur),
      level: status.level,
      rangeEur: totals.cost_eur_total ?? 0,
      rangeActualEur: CHANNELS.reduce((s, c) => s + channels[c].costActualEur, 0),
    },
    response: { inbound, delivered: deliveredMessaging, rate: ratio(inbound, deliveredMessaging) },
    optIn: { perChannel: optIn, rate: ratio(granted, decisions) },
    satisfaction: summarizeSatisfaction(input.days.map((d) => d.counters)),
    scoreboard: computeScoreboard({
      totals,
      previous: input.previous ? sumCounters(input.previous.map((d) => d.counters)) : null,
      coverage: input.coverage,
    }),
  };
}
