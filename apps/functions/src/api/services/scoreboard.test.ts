import { describe, expect, it } from 'vitest';
import { computeScoreboard, METRIC_IDS, type ScoreboardMetric } from './scoreboard.ts';

// A period worked out by hand: every line of the scoreboard below is computed from these.
const totals = {
  sms_sent: 100,
  sms_delivered: 90,
  sms_failed: 4,
  sms_undelivered: 6,
  whatsapp_sent: 50,
  whatsapp_delivered: 49,
  whatsapp_failed: 1,
  whatsapp_read: 30,
  whatsapp_inbound: 10,
  email_sent: 40,
  push_sent: 10,
  sms_cost_eur: 8,
  cost_eur_total: 10,
  consent_sms_granted: 6,
  consent_whatsapp_granted: 3,
  consent_sms_withdrawn: 1,
  consent_email_withdrawn: 2,
  sms_delivered_lt5s: 60,
  sms_delivered_lt10s: 20,
  whatsapp_delivered_lt5s: 40,
  whatsapp_delivered_lt60s: 19,
  whatsapp_delivered_ge600s: 1,
  sms_inbound_hours: 3,
  whatsapp_inbound_status: 2,
  sms_inbound_escalate: 5,
  link_views: 7,
  sms_inbound: 8,
  conversation_replies_auto: 3,
  conversation_replies_staff: 2,
  conversations_started: 4,
};
const coverage = {
  customers_total: 260,
  reachable_any: 182,
  reachable_sms: 120,
  reachable_whatsapp: 40,
  reachable_email: 100,
};

describe('computeScoreboard', () => {
  const board = computeScoreboard({
    totals,
    previous: { sms_sent: 10, sms_delivered: 10 },
    coverage,
  });
  const line = (id: ScoreboardMetric['id']) => board.find((m) => m.id === id);

  it('lists every success metric of the plan once, in order', () => {
    expect(board.map((m) => m.id)).toEqual([...METRIC_IDS]);
  });

  it.each([
    // id, value, met
    ['delivery_rate', 139 / 150, false], // (90 + 49) ÷ (100 + 50)
    ['delivery_rate_whatsapp', 49 / 50, false], // target 99 %
    ['cost_per_sms', 0.08, true], // 8 € ÷ 100 SMS
    ['cost_per_notification', 0.05, true], // 10 € ÷ (100 + 50 + 40 + 10)
    ['opt_in_rate', 9 / 12, true], // (6 + 3) accords ÷ 12 decisions
    ['latency_median', 5_000, true], // 100 of 140 within 5 s
    ['latency_p95', 60_000, false], // the 133rd falls in 10–60 s
    ['response_rate_whatsapp', 10 / 49, true], // target 15 %
    ['read_rate_whatsapp', 30 / 49, false], // target 98 %
    ['coverage', 0.7, true], // 182 ÷ 260
    ['coverage_sms', 120 / 260, null],
    ['coverage_whatsapp', 40 / 260, null],
    ['coverage_email', 100 / 260, null],
    ['coverage_push', 0, null], // measured: nobody reachable by push is a real 0 %
    ['call_deflection', 12, null], // 3 HORAIRES + 2 status answers + 7 page views
    ['engagement', 23 / 4, null], // (8 SMS + 10 WhatsApp inbound + 3 auto + 2 staff) ÷ 4 opened
  ] as const)('%s = %s', (id, value, met) => {
    const m = line(id);
    expect(m?.tracked).toBe(true);
    expect(m?.value).toBeCloseTo(value, 10);
    expect(m?.met).toBe(met);
  });

  it('says what is not measured instead of 0 %: email and push delivery', () => {
    for (const id of ['delivery_rate_email', 'delivery_rate_push'] as const)
      expect(line(id)).toMatchObject({ tracked: false, value: null, previous: null, met: null });
  });

  it('gives the previous period for the trend, none for coverage (a current state)', () => {
    expect(line('delivery_rate')?.previous).toBe(1);
    expect(line('response_rate_whatsapp')?.previous).toBeNull(); // no WhatsApp message then
    expect(line('coverage')?.previous).toBeNull();
    expect(line('call_deflection')).toMatchObject({
      previous: 0,
      parts: { keywordAnswers: 5, linkViews: 7 },
    });
  });

  it('gives the messages and conversations engagement comes from, and its trend', () => {
    expect(line('engagement')).toMatchObject({
      previous: null, // no conversation opened in the previous period: no length, not 0
      parts: { messages: 23, inbound: 18, autoReplies: 3, staffReplies: 2, conversations: 4 },
    });
    const trend = computeScoreboard({
      totals,
      previous: { sms_inbound: 3, conversation_replies_auto: 1, conversations_started: 2 },
      coverage,
    });
    expect(trend.find((m) => m.id === 'engagement')?.previous).toBe(2);
  });

  it('has no value (not 0 %) where nothing happened', () => {
    const empty = computeScoreboard({ totals: {}, previous: null, coverage: null });
    expect(empty.find((m) => m.id === 'delivery_rate')).toMatchObject({ value: null, met: null });
    expect(empty.find((m) => m.id === 'coverage')?.value).toBeNull();
  });
});
