import { describe, expect, it } from 'vitest';
import { planNotification, type Recipient } from './cascade.ts';
import { SERVICE_KINDS } from './consent.ts';
import {
  decideSurvey,
  isLowScore,
  parseScoreText,
  SATISFACTION_SCORES,
  summarizeSatisfaction,
  surveyCustomerKey,
  surveyPlan,
  surveySendTime,
} from './satisfaction.ts';
import { decideSend } from './send-gate.ts';
import { DEFAULT_SEND_WINDOW } from './send-window.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import { CHANNELS, type Channel } from './types.ts';

const DAY_MS = 86_400_000;
// Tuesday 3 March 2026, 15:00 in Paris.
const PICKED_UP = new Date('2026-03-03T14:00:00.000Z');

const walkIn = (extra: Partial<Recipient> = {}): Recipient => ({
  clientId: 'client-1',
  client: { phone: '06 12 34 56 78', email: 'a@example.fr' },
  ...extra,
});
const registered = (prefs: Record<string, boolean>, extra: Partial<Recipient> = {}): Recipient => ({
  customerId: 'cust-1',
  clientId: 'client-1',
  profile: { email: 'a@example.fr', phoneNumber: '06 12 34 56 78', notificationPreferences: prefs },
  client: { phone: null, email: null },
  ...extra,
});
const counterConsent = (channel: Channel) => ({
  channel,
  granted: true,
  at: new Date('2026-03-01T10:00:00Z'),
  source: 'counter' as const,
  actor: 'staff-1',
  wordingVersion: 'v1',
});

function plan(recipient: Recipient) {
  const p = planNotification(
    { kind: 'satisfaction_survey', ticketId: 't1', ticketStatus: 'picked_up', changeId: 's' },
    recipient,
    {
      now: PICKED_UP,
      settings: DEFAULT_SETTINGS,
      budgetSpentEur: 0,
      recentSendCounts: { lastDay: 0, lastWeek: 0 },
    },
  );
  return surveyPlan(p, surveySendTime(PICKED_UP, 'Europe/Paris', DEFAULT_SEND_WINDOW));
}

const active = (p: ReturnType<typeof plan>) =>
  CHANNELS.filter((c) => p.channels[c].outcome.action !== 'skip');

describe('the survey and consent', () => {
  it('is not a service kind: the walk-in service basis never carries it', () => {
    expect(SERVICE_KINDS.has('satisfaction_survey')).toBe(false);
  });

  it.each([
    ['walk-in without consent', walkIn(), [], { sms: 'no_basis', email: 'no_basis' }],
    [
      'walk-in who agreed to SMS at the counter',
      walkIn({ consentLog: [counterConsent('sms')] }),
      ['sms'],
      {},
    ],
    [
      'registered, email on by default',
      registered({}),
      ['email'],
      { sms: 'no_consent', whatsapp: 'no_consent' },
    ],
    [
      'registered with WhatsApp and email: WhatsApp only (buttons)',
      registered({ whatsappEnabled: true }),
      ['whatsapp'],
      { email: 'covered_by_other_channel', push: 'no_push_token' },
    ],
    [
      'registered who turned everything off',
      registered({ emailEnabled: false, pushEnabled: false }),
      [],
      { email: 'no_consent', sms: 'no_consent' },
    ],
  ] as const)('%s', (_name, recipient, channels, reasons) => {
    const p = plan(recipient);
    expect(active(p)).toEqual(channels);
    for (const [channel, reason] of Object.entries(reasons)) {
      expect(p.channels[channel as Channel].outcome).toEqual({ action: 'skip', reason });
    }
  });

  it('the send gate refuses it to a walk-in without consent, even planned by mistake', () => {
    const decision = decideSend(
      {
        origin: 'ticket',
        kind: 'satisfaction_survey',
        channel: 'sms',
        priority: 'low',
        ticketStatus: 'picked_up',
        e164: '+33612345678',
      },
      {
        now: new Date('2026-03-04T09:00:00Z'),
        settings: DEFAULT_SETTINGS,
        recipient: walkIn(),
        ticketStatus: 'picked_up',
        budgetSpentEur: 0,
        recentSendCounts: { lastDay: 0, lastWeek: 0 },
        lastInboundWhatsAppAt: null,
        timeZone: 'Europe/Paris',
      },
    );
    expect(decision).toEqual({ action: 'skip', reason: 'no_basis' });
  });

  it('waits for the next morning: the chosen channel is deferred to 10:00 Paris', () => {
    const p = plan(walkIn({ consentLog: [counterConsent('sms')] }));
    expect(p.channels.sms.outcome).toEqual({
      action: 'defer',
      until: new Date('2026-03-04T09:00:00.000Z'),
      reason: 'not_before',
    });
  });
});

describe('decideSurvey: once per customer per 90 days', () => {
  const now = new Date('2026-06-01T10:00:00Z');
  const daysAgo = (n: number) => new Date(now.getTime() - n * DAY_MS);
  it.each([
    ['never surveyed', null, { action: 'plan' }],
    ['surveyed 89 days ago', { at: daysAgo(89), ticketId: 't0' }, 'skip'],
    ['surveyed 1 hour ago', { at: new Date(now.getTime() - 3_600_000), ticketId: 't0' }, 'skip'],
    ['surveyed exactly 90 days ago', { at: daysAgo(90), ticketId: 't0' }, { action: 'plan' }],
    ['surveyed 200 days ago', { at: daysAgo(200), ticketId: 't0' }, { action: 'plan' }],
    ['this very ticket (redelivery)', { at: daysAgo(0), ticketId: 't1' }, { action: 'resume' }],
  ] as const)('%s', (_name, last, expected) => {
    const decision = decideSurvey({ ticketId: 't1', last, now });
    if (expected === 'skip') {
      expect(decision).toEqual({
        action: 'skip',
        reason: 'recent_survey',
        nextAllowedAt: new Date((last?.at.getTime() ?? 0) + 90 * DAY_MS),
      });
    } else expect(decision).toEqual(expected);
  });

  it('keys on the profile, else the counter client', () => {
    expect(surveyCustomerKey({ customerId: 'u1', clientId: 'c1' })).toBe('customer_u1');
    expect(surveyCustomerKey({ customerId: null, clientId: 'c1' })).toBe('client_c1');
  });
});

describe('surveySendTime', () => {
  it.each([
    ['Tuesday afternoon → Wednesday 10:00', '2026-03-03T14:00:00Z', '2026-03-04T09:00:00.000Z'],
    ['Tuesday 00:30 → Wednesday 10:00', '2026-03-02T23:30:00Z', '2026-03-04T09:00:00.000Z'],
    ['Saturday → Monday 08:00 (Sunday closed)', '2026-06-13T15:00:00Z', '2026-06-15T06:00:00.000Z'],
    [
      'Wednesday 13 May → Friday (Ascension closed)',
      '2026-05-13T15:00:00Z',
      '2026-05-15T06:00:00.000Z',
    ],
    ['the day before summer time → 10:00 CEST', '2026-03-28T10:00:00Z', '2026-03-30T06:00:00.000Z'],
  ])('%s', (_name, pickedUp, expected) => {
    expect(
      surveySendTime(new Date(pickedUp), 'Europe/Paris', DEFAULT_SEND_WINDOW).toISOString(),
    ).toBe(expected);
  });
});

describe('answers', () => {
  it.each([
    ['4', 4],
    [' 5 ', 5],
    ['1/5', 1],
    ['3 sur 5', 3],
    ['5 ⭐', 5],
    ['2.', 2],
    ['0', null],
    ['6', null],
    ['45', null],
    ['4 mais trop cher', null],
    ['', null],
  ] as const)('%j → %s', (body, score) => {
    expect(parseScoreText(body)).toBe(score);
  });

  it('1 and 2 are low scores, 3 to 5 are not', () => {
    expect(SATISFACTION_SCORES.filter(isLowScore)).toEqual([1, 2]);
  });

  it('summarises the counters: count, average, distribution, low, response rate', () => {
    const summary = summarizeSatisfaction([
      { satisfaction_planned: 5, satisfaction_score_5: 2, satisfaction_score_1: 1 },
      { satisfaction_planned: 3, satisfaction_score_4: 1, other: 'x' },
      {},
    ]);
    expect(summary).toEqual({
      surveys: 8,
      responses: 4,
      average: 3.75,
      distribution: { 1: 1, 2: 0, 3: 0, 4: 1, 5: 2 },
      low: 1,
      responseRate: 0.5,
    });
    expect(summarizeSatisfaction([]).average).toBeNull();
    expect(summarizeSatisfaction([]).responseRate).toBeNull();
  });
});
