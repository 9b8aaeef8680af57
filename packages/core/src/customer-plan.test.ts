import { describe, expect, it } from 'vitest';
import { SERVICE_KINDS } from './consent.ts';
import {
  type CustomerPlanFacts,
  customerPlanCheck,
  DEFAULT_QUOTE_CHASERS,
  decideQuoteChaser,
  PICKUP_REMINDER_KINDS,
  pickupPauseUntil,
  QUOTE_CHASER_KINDS,
  type QuoteChaserInput,
  quoteChaserDelaysProblem,
} from './customer-plan.ts';
import { PRIORITY_BY_KIND } from './priorities.ts';
import { decideSend, type GateState } from './send-gate.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import { NOTIFICATION_KINDS, type NotificationKind, TICKET_STATUSES } from './types.ts';

const H = 3_600_000;
// Thursday 3 December 2026 in Paris (UTC+1): midnight is 23:00 UTC the day before.
const THU_1000 = new Date('2026-12-03T09:00:00.000Z');
const THU_2359 = new Date('2026-12-03T22:59:00.000Z');
const FRI_0000 = new Date('2026-12-03T23:00:00.000Z');

describe('pickupPauseUntil', () => {
  it.each([
    ['nothing planned', null, THU_1000, null],
    ['coming today, morning', '2026-12-03', THU_1000, FRI_0000],
    ['coming today, last minute of the day', '2026-12-03', THU_2359, FRI_0000],
    ['coming today, the day after: the ladder resumes', '2026-12-03', FRI_0000, null],
    [
      'coming tomorrow (said on Wednesday): paused through Thursday',
      '2026-12-03',
      new Date('2026-12-02T17:00:00Z'),
      FRI_0000,
    ],
    ['a pickup planned last week', '2026-11-26', THU_1000, null],
    // Summer time: Paris is UTC+2, midnight is 22:00 UTC.
    [
      'summer time',
      '2026-07-14',
      new Date('2026-07-14T12:00:00Z'),
      new Date('2026-07-14T22:00:00Z'),
    ],
    // The last Sunday of October: the day after starts at 22:00 UTC on the Sunday (UTC+1 again).
    [
      'across the change to winter time',
      '2026-10-25',
      new Date('2026-10-25T08:00:00Z'),
      new Date('2026-10-25T23:00:00Z'),
    ],
  ] as const)('%s', (_name, planned, now, until) => {
    expect(pickupPauseUntil(planned, now)).toEqual(until);
  });
});

describe('customerPlanCheck', () => {
  const none: CustomerPlanFacts = { quoteDecision: null, pickupPlannedFor: null };
  const today: CustomerPlanFacts = { quoteDecision: null, pickupPlannedFor: '2026-12-03' };
  const accepted: CustomerPlanFacts = { quoteDecision: 'accepted', pickupPlannedFor: null };
  const declined: CustomerPlanFacts = { quoteDecision: 'declined', pickupPlannedFor: null };

  it.each(PICKUP_REMINDER_KINDS)('%s waits until the day after the announced pickup', (kind) => {
    expect(customerPlanCheck(kind, today, THU_1000)).toEqual({
      action: 'wait',
      until: FRI_0000,
      reason: 'pickup_planned',
    });
    expect(customerPlanCheck(kind, today, FRI_0000)).toEqual({ action: 'go' });
    expect(customerPlanCheck(kind, none, THU_1000)).toEqual({ action: 'go' });
  });

  it.each(QUOTE_CHASER_KINDS)('%s stops on any decision, goes without one', (kind) => {
    expect(customerPlanCheck(kind, accepted, THU_1000)).toEqual({
      action: 'stop',
      reason: 'quote_decided',
    });
    expect(customerPlanCheck(kind, declined, THU_1000)).toEqual({
      action: 'stop',
      reason: 'quote_decided',
    });
    expect(customerPlanCheck(kind, today, THU_1000)).toEqual({ action: 'go' });
  });

  const others = NOTIFICATION_KINDS.filter(
    (k) => !PICKUP_REMINDER_KINDS.includes(k) && !QUOTE_CHASER_KINDS.includes(k),
  );
  it.each(others)('%s is not touched by the customer plan', (kind) => {
    const both: CustomerPlanFacts = { quoteDecision: 'declined', pickupPlannedFor: '2026-12-03' };
    expect(customerPlanCheck(kind, both, THU_1000)).toEqual({ action: 'go' });
  });

  it('the chasers are service messages about the repair, normal priority', () => {
    for (const kind of QUOTE_CHASER_KINDS) {
      expect(SERVICE_KINDS.has(kind)).toBe(true);
      expect(PRIORITY_BY_KIND[kind]).toBe('normal');
    }
  });
});

describe('decideSend with the customer plan', () => {
  const state = (over: Partial<GateState>): GateState => ({
    now: THU_1000,
    settings: DEFAULT_SETTINGS,
    recipient: { clientId: 'client-1', client: { phone: '06 12 34 56 78', email: null } },
    ticketStatus: 'completed',
    budgetSpentEur: 0,
    recentSendCounts: { lastDay: 0, lastWeek: 0 },
    lastInboundWhatsAppAt: null,
    timeZone: 'Europe/Paris',
    ...over,
  });
  const msg = (kind: NotificationKind, ticketStatus: 'completed' | 'quote_pending') => ({
    origin: 'reminder' as const,
    kind,
    channel: 'sms' as const,
    priority: PRIORITY_BY_KIND[kind],
    ticketStatus,
    e164: '+33612345678',
  });

  it('a pickup reminder of the announced day is deferred to the send window of the day after', () => {
    const decision = decideSend(
      msg('pickup_reminder_1', 'completed'),
      state({ customerPlan: { quoteDecision: null, pickupPlannedFor: '2026-12-03' } }),
    );
    // Friday 4 December 08:00 in Paris: the window's opening.
    expect(decision).toEqual({
      action: 'defer',
      until: new Date('2026-12-04T07:00:00.000Z'),
      reason: 'pickup_planned',
    });
  });

  it('the day after, the same reminder goes', () => {
    const decision = decideSend(
      msg('pickup_reminder_1', 'completed'),
      state({
        now: new Date('2026-12-04T07:00:00.000Z'),
        customerPlan: { quoteDecision: null, pickupPlannedFor: '2026-12-03' },
      }),
    );
    expect(decision.action).toBe('send');
  });

  it('a superseded reminder stays superseded (picked up meanwhile)', () => {
    const decision = decideSend(
      msg('pickup_reminder_1', 'completed'),
      state({
        ticketStatus: 'picked_up',
        customerPlan: { quoteDecision: null, pickupPlannedFor: '2026-12-03' },
      }),
    );
    expect(decision).toEqual({ action: 'skip', reason: 'superseded' });
  });

  it.each([
    ['accepted', 'quote_pending', { action: 'skip', reason: 'quote_decided' }],
    ['declined', 'quote_pending', { action: 'skip', reason: 'quote_decided' }],
    [null, 'in_repair', { action: 'skip', reason: 'superseded' }],
  ] as const)('a quote chaser with decision %s, ticket %s', (decision, status, expected) => {
    const out = decideSend(
      msg('quote_reminder_1', 'quote_pending'),
      state({
        ticketStatus: status,
        customerPlan: { quoteDecision: decision, pickupPlannedFor: null },
      }),
    );
    expect(out).toEqual(expected);
  });

  it('an undecided quote chaser goes, by SMS on the service basis for a walk-in', () => {
    const out = decideSend(
      msg('quote_reminder_2', 'quote_pending'),
      state({
        ticketStatus: 'quote_pending',
        customerPlan: { quoteDecision: null, pickupPlannedFor: null },
      }),
    );
    expect(out).toEqual({ action: 'send', basis: 'service', whatsappMode: null });
  });

  it('a quote chaser at night waits for the send window (normal priority)', () => {
    const out = decideSend(
      msg('quote_reminder_1', 'quote_pending'),
      state({
        now: new Date('2026-12-03T21:30:00.000Z'),
        ticketStatus: 'quote_pending',
        customerPlan: { quoteDecision: null, pickupPlannedFor: null },
      }),
    );
    expect(out).toEqual({
      action: 'defer',
      until: new Date('2026-12-04T07:00:00.000Z'),
      reason: 'quiet_hours',
    });
  });
});

describe('decideQuoteChaser', () => {
  const SENT = new Date('2026-12-01T09:00:00.000Z');
  const input = (over: Partial<QuoteChaserInput>): QuoteChaserInput => ({
    ticketStatus: 'quote_pending',
    quoteDecision: null,
    quoteSentAt: SENT,
    now: new Date(SENT.getTime() + 25 * H),
    settings: DEFAULT_QUOTE_CHASERS,
    ...over,
  });

  it.each([
    ['23 h 59 after the quote', 24 * H - 60_000, { action: 'none', why: 'not_yet' }],
    ['24 h after: the first chaser', 24 * H, { action: 'plan', kind: 'quote_reminder_1', step: 0 }],
    ['71 h after: still the first', 71 * H, { action: 'plan', kind: 'quote_reminder_1', step: 0 }],
    ['72 h after: the second', 72 * H, { action: 'plan', kind: 'quote_reminder_2', step: 1 }],
    [
      'ten days after: the second, never a third',
      240 * H,
      { action: 'plan', kind: 'quote_reminder_2', step: 1 },
    ],
  ] as const)('%s', (_name, elapsed, expected) => {
    expect(decideQuoteChaser(input({ now: new Date(SENT.getTime() + elapsed) }))).toEqual(expected);
  });

  it.each([
    ['disabled', { settings: { enabled: false, delaysHours: [24, 72] } }, 'disabled'],
    ['accepted', { quoteDecision: 'accepted' }, 'decided'],
    ['declined', { quoteDecision: 'declined' }, 'decided'],
    ['quote not sent yet', { quoteSentAt: null }, 'quote_not_sent'],
  ] as const)('nothing when %s', (_name, over, why) => {
    expect(decideQuoteChaser(input(over as Partial<QuoteChaserInput>))).toEqual({
      action: 'none',
      why,
    });
  });

  it.each(TICKET_STATUSES.filter((s) => s !== 'quote_pending'))(
    'nothing for a ticket %s',
    (ticketStatus) => {
      expect(decideQuoteChaser(input({ ticketStatus }))).toEqual({
        action: 'none',
        why: 'not_quote_pending',
      });
    },
  );

  it('one configured chaser: only quote_reminder_1', () => {
    const settings = { enabled: true, delaysHours: [48] };
    expect(decideQuoteChaser(input({ settings, now: new Date(SENT.getTime() + 47 * H) }))).toEqual({
      action: 'none',
      why: 'not_yet',
    });
    expect(decideQuoteChaser(input({ settings, now: new Date(SENT.getTime() + 500 * H) }))).toEqual(
      { action: 'plan', kind: 'quote_reminder_1', step: 0 },
    );
  });
});

describe('quoteChaserDelaysProblem', () => {
  it.each([
    [[24, 72], null],
    [[24], null],
    [[1, 336], null],
    [[], 'Une ou 2 relances au plus.'],
    [[24, 48, 72], 'Une ou 2 relances au plus.'],
    [[72, 24], 'Les délais des relances doivent être croissants.'],
    [[24, 24], 'Les délais des relances doivent être croissants.'],
    [[0, 24], "Chaque délai est un nombre entier d'heures entre 1 et 336."],
    [[24, 337], "Chaque délai est un nombre entier d'heures entre 1 et 336."],
    [[24.5, 72], "Chaque délai est un nombre entier d'heures entre 1 et 336."],
    [[Number.NaN], "Chaque délai est un nombre entier d'heures entre 1 et 336."],
  ] as const)('%j → %s', (delays, problem) => {
    expect(quoteChaserDelaysProblem(delays)).toBe(problem);
  });
});
