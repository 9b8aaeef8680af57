import { MESSAGING_CHANNELS } from '@omega/core';

/** A statistics document's counters. */
type Counters = Record<string, number>;

/** What a scoreboard value is measured in. */
export type MetricUnit = 'ratio' | 'eur' | 'ms' | 'count';

/** The plan's success metrics (seed "SUCCESS METRICS", WhatsApp success criteria and 2B.6). */
export const METRIC_IDS = [
  'delivery_rate',
  'delivery_rate_whatsapp',
  'delivery_rate_email',
  'delivery_rate_push',
  'cost_per_sms',
  'cost_per_notification',
  'opt_in_rate',
  'latency_median',
  'latency_p95',
  'response_rate_whatsapp',
  'read_rate_whatsapp',
  'coverage',
  'coverage_email',
  'coverage_sms',
  'coverage_whatsapp',
  'coverage_push',
  'engagement',
  'call_deflection',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

/** One line of the scoreboard. */
export interface ScoreboardMetric {
  id: MetricId;
  unit: MetricUnit;
  /** The plan's target (`atLeast` / `atMost`), or null when the plan names none. */
  target: { atLeast: number } | { atMost: number } | null;
  /** False: nothing measures it (the dashboard shows "non suivi", never 0 %). */
  tracked: boolean;
  /** The period's value; null when tracked but nothing happened (no message, no customer). */
  value: number | null;
  /** The same over the previous period of the same length (null: no data, or a current state). */
  previous: number | null;
  /** Whether `value` meets `target` (null without a target or a value). */
  met: boolean | null;
  /** The numbers the value comes from, for the line's explanation. */
  parts: Record<string, number>;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const sumOf = (t: Counters, names: readonly string[]) => names.reduce((s, n) => s + (t[n] ?? 0), 0);

// Trigger → delivered buckets (SMS and WhatsApp, `<ch>_delivered_<bucket>`), upper bounds in ms.
const DELIVERED: ReadonlyArray<[string, number | null]> = [
  ['lt5s', 5_000],
  ['lt10s', 10_000],
  ['lt60s', 60_000],
  ['lt600s', 600_000],
  ['ge600s', null],
];

/** Keyword intents the shop answers automatically (a call the customer did not need to make). */
const ANSWERED_INTENTS = ['hours', 'status', 'address', 'help'] as const;

function deliveredQuantile(t: Counters, q: number): number | null {
  const counts = DELIVERED.map(([b, upper]) => ({
    upper,
    n: sumOf(
      t,
      MESSAGING_CHANNELS.map((c) => `${c}_delivered_${b}`),
    ),
  }));
  const total = counts.reduce((s, c) => s + c.n, 0);
  if (total === 0) return null;
  let cumulative = 0;
  for (const c of counts) {
    cumulative += c.n;
    // The open last bucket has no upper bound: reported as its lower bound (10 min).
    if (cumulative >= q * total && c.n > 0) return c.upper ?? 600_000;
  }
  return null;
}

/**
 * Messages exchanged in conversations: the customers' (every inbound message is stored in its
 * conversation) and the answers stored in the threads, automatic and staff (store/stats.ts).
 */
function conversationMessages(t: Counters): number {
  return sumOf(t, [
    ...MESSAGING_CHANNELS.map((c) => `${c}_inbound`),
    'conversation_replies_auto',
    'conversation_replies_staff',
  ]);
}

/** The value of each period-measured metric from one period's summed counters. */
function periodValues(t: Counters): Partial<Record<MetricId, number | null>> {
  const v = (n: string) => t[n] ?? 0;
  const base = (c: string) =>
    Math.max(v(`${c}_sent`), v(`${c}_delivered`) + v(`${c}_failed`) + v(`${c}_undelivered`));
  const sent = MESSAGING_CHANNELS.reduce((s, c) => s + base(c), 0);
  const delivered = MESSAGING_CHANNELS.reduce((s, c) => s + v(`${c}_delivered`), 0);
  const smsCost = v('sms_cost_actual_eur') || v('sms_cost_eur');
  const allSent = ['email', 'sms', 'whatsapp', 'push'].reduce((s, c) => s + v(`${c}_sent`), 0);
  const granted = ['email', 'sms', 'whatsapp', 'push'].reduce(
    (s, c) => s + v(`consent_${c}_granted`),
    0,
  );
  const decided =
    granted +
    ['email', 'sms', 'whatsapp', 'push'].reduce((s, c) => s + v(`consent_${c}_withdrawn`), 0);
  return {
    delivery_rate: ratio(delivered, sent),
    delivery_rate_whatsapp: ratio(v('whatsapp_delivered'), base('whatsapp')),
    cost_per_sms: ratio(smsCost, v('sms_sent')),
    cost_per_notification: ratio(v('cost_eur_total'), allSent),
    opt_in_rate: ratio(granted, decided),
    latency_median: deliveredQuantile(t, 0.5),
    latency_p95: deliveredQuantile(t, 0.95),
    response_rate_whatsapp: ratio(v('whatsapp_inbound'), v('whatsapp_delivered')),
    read_rate_whatsapp: ratio(
      v('whatsapp_read'),
      Math.max(v('whatsapp_delivered'), v('whatsapp_read')),
    ),
    engagement: ratio(conversationMessages(t), v('conversations_started')),
    call_deflection:
      MESSAGING_CHANNELS.reduce(
        (s, c) =>
          s +
          sumOf(
            t,
            ANSWERED_INTENTS.map((i) => `${c}_inbound_${i}`),
          ),
        0,
      ) + v('link_views'),
  };
}

const TARGETS: Record<MetricId, ScoreboardMetric['target']> = {
  delivery_rate: { atLeast: 0.95 },
  delivery_rate_whatsapp: { atLeast: 0.99 },
  delivery_rate_email: { atLeast: 0.95 },
  delivery_rate_push: { atLeast: 0.95 },
  cost_per_sms: { atMost: 0.1 },
  cost_per_notification: { atMost: 0.15 },
  opt_in_rate: { atLeast: 0.3 },
  latency_median: { atMost: 5_000 },
  latency_p95: { atMost: 5_000 },
  response_rate_whatsapp: { atLeast: 0.15 },
  read_rate_whatsapp: { atLeast: 0.98 },
  coverage: { atLeast: 0.6 },
  coverage_email: null,
  coverage_sms: null,
  coverage_whatsapp: null,
  coverage_push: null,
  engagement: null,
  call_deflection: null,
};

const UNITS: Record<MetricId, MetricUnit> = {
  delivery_rate: 'ratio',
  delivery_rate_whatsapp: 'ratio',
  delivery_rate_email: 'ratio',
  delivery_rate_push: 'ratio',
  cost_per_sms: 'eur',
  cost_per_notification: 'eur',
  opt_in_rate: 'ratio',
  latency_median: 'ms',
  latency_p95: 'ms',
  response_rate_whatsapp: 'ratio',
  read_rate_whatsapp: 'ratio',
  coverage: 'ratio',
  coverage_email: 'ratio',
  coverage_sms: 'ratio',
  coverage_whatsapp: 'ratio',
  coverage_push: 'ratio',
  engagement: 'count',
  call_deflection: 'count',
};

/** Not measured: email and push have no delivery receipt (accepted is their last status). */
const UNTRACKED: ReadonlySet<MetricId> = new Set(['delivery_rate_email', 'delivery_rate_push']);

/**
 * The plan's scoreboard from the counters only (pure): each success metric with its target, the
 * period's value, the previous period's value (the trend) and whether the target is met.
 * Coverage is a current state (`stats_coverage/current`): it has no previous value.
 */
export function computeScoreboard(input: {
  totals: Counters;
  previous: Counters | null;
  coverage: Counters | null;
}): ScoreboardMetric[] {
  const now = periodValues(input.totals);
  const before = input.previous ? periodValues(input.previous) : {};
  const cov = input.coverage ?? {};
  const customers = cov.customers_total ?? 0;
  const coverageValue: Partial<Record<MetricId, number | null>> = {
    coverage: ratio(cov.reachable_any ?? 0, customers),
    coverage_email: ratio(cov.reachable_email ?? 0, customers),
    coverage_sms: ratio(cov.reachable_sms ?? 0, customers),
    coverage_whatsapp: ratio(cov.reachable_whatsapp ?? 0, customers),
    coverage_push: ratio(cov.reachable_push ?? 0, customers),
  };
  const t = input.totals;
  const v = (n: string) => t[n] ?? 0;
  const parts: Partial<Record<MetricId, Record<string, number>>> = {
    delivery_rate: {
      delivered: v('sms_delivered') + v('whatsapp_delivered'),
      sent: v('sms_sent') + v('whatsapp_sent'),
    },
    delivery_rate_whatsapp: { delivered: v('whatsapp_delivered'), sent: v('whatsapp_sent') },
    cost_per_sms: {
      eur: v('sms_cost_actual_eur') || v('sms_cost_eur'),
      sent: v('sms_sent'),
    },
    cost_per_notification: {
      eur: v('cost_eur_total'),
      sent: ['email', 'sms', 'whatsapp', 'push'].reduce((s, c) => s + v(`${c}_sent`), 0),
    },
    response_rate_whatsapp: { inbound: v('whatsapp_inbound'), delivered: v('whatsapp_delivered') },
    read_rate_whatsapp: { read: v('whatsapp_read'), delivered: v('whatsapp_delivered') },
    coverage: { reachable: cov.reachable_any ?? 0, customers },
    engagement: {
      messages: conversationMessages(t),
      inbound: MESSAGING_CHANNELS.reduce((s, c) => s + v(`${c}_inbound`), 0),
      autoReplies: v('conversation_replies_auto'),
      staffReplies: v('conversation_replies_staff'),
      conversations: v('conversations_started'),
    },
    call_deflection: {
      keywordAnswers: MESSAGING_CHANNELS.reduce(
        (s, c) =>
          s +
          sumOf(
            t,
            ANSWERED_INTENTS.map((i) => `${c}_inbound_${i}`),
          ),
        0,
      ),
      linkViews: v('link_views'),
    },
  };
  return METRIC_IDS.map((id) => {
    const tracked = !UNTRACKED.has(id);
    const isCoverage = id.startsWith('coverage');
    const value = tracked ? ((isCoverage ? coverageValue[id] : now[id]) ?? null) : null;
    const previous = tracked && !isCoverage ? (before[id] ?? null) : null;
    const target = TARGETS[id];
    const met =
      target === null || value === null
        ? null
        : 'atLeast' in target
          ? value >= target.atLeast
          : value <= target.atMost;
    return { id, unit: UNITS[id], target, tracked, value, previous, met, parts: parts[id] ?? {} };
  });
}
