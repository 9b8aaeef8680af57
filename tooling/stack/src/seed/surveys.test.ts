import { seededRandom } from '@omega/core';
import { describe, expect, it } from 'vitest';
import { buildDemoShop } from './demo-shop.ts';
import { type PickedUpTicket, planSeededSurveys } from './surveys.ts';

const OPEN = { startHour: 0, endHour: 24, closedWeekdays: [], closedOnPublicHolidays: false };
const ticket = (id: string, clientId: string, at: string, consented: PickedUpTicket['consented']) =>
  ({
    ticketId: id,
    clientId,
    customerId: null,
    e164: '+33612345678',
    email: null,
    zone: 'fr_metro',
    pickedUpAt: new Date(at),
    consented,
  }) satisfies PickedUpTicket;

describe('planSeededSurveys', () => {
  const now = new Date('2026-03-02T12:00:00Z');
  const { surveys, answers } = planSeededSurveys(
    [
      ticket('t2', 'c1', '2026-02-10T15:00:00Z', ['sms']), // within 90 days of t1
      ticket('t1', 'c1', '2026-01-05T15:00:00Z', ['whatsapp', 'sms']),
      ticket('t3', 'c2', '2026-02-01T15:00:00Z', []), // a walk-in without consent
      ticket('t4', 'c3', '2026-03-02T11:00:00Z', ['sms']), // picked up today: tomorrow 10:00
    ],
    { now, sendWindow: OPEN, random: seededRandom(1), answerRate: 1 },
  );

  it('applies the pipeline rules: once per customer per 90 days, consent only, the next morning', () => {
    expect(surveys).toEqual([
      {
        ticketId: 't1',
        outcome: 'sent',
        channel: 'whatsapp', // WhatsApp first among the consented channels
        plannedAt: new Date('2026-01-05T15:00:00Z'),
        sendAt: new Date('2026-01-06T09:00:00Z'), // 10:00 in Paris
      },
      { ticketId: 't3', outcome: 'no_basis', plannedAt: new Date('2026-02-01T15:00:00Z') },
      { ticketId: 't2', outcome: 'recent_survey' },
      {
        ticketId: 't4',
        outcome: 'deferred',
        channel: 'sms',
        plannedAt: new Date('2026-03-02T11:00:00Z'),
        sendAt: new Date('2026-03-03T09:00:00Z'),
      },
    ]);
  });

  it('answers only surveys that went out, after they did and before now', () => {
    expect(answers.map((a) => a.ticketId)).toEqual(['t1']);
    const at = answers[0]?.at.getTime() ?? 0;
    expect(at).toBeGreaterThan(new Date('2026-01-06T09:00:00Z').getTime());
    expect(at).toBeLessThan(now.getTime());
  });
});

describe('the demo shop surveys its picked-up tickets', () => {
  const shop = buildDemoShop({ now: new Date('2026-03-02T09:00:00Z') });
  const surveys = shop.docs.filter(
    (d) => d.path.startsWith('notification_history/') && d.data.kind === 'satisfaction_survey',
  );

  it('as history documents the pipeline would have written, some answered', () => {
    const sent = surveys.filter((d) => d.data.sentAt);
    expect(sent.length).toBe(shop.counts.surveysSent);
    expect(sent.length).toBeGreaterThan(15);
    expect(new Set(sent.map((d) => d.data.channel))).toEqual(new Set(['sms', 'whatsapp', 'email']));
    for (const d of sent) {
      const timeline = d.data.timeline as Array<{ status: string; at: Date }>;
      expect(timeline[0]?.status).toBe('deferred');
      expect((d.data.sentAt as Date).getTime()).toBeGreaterThan(
        (d.data.createdAt as Date).getTime(),
      );
      expect(d.data.changeId).toBe(`satisfaction~${d.data.ticketId}`);
    }
    expect(surveys.some((d) => d.data.skipReason === 'no_basis')).toBe(true);
    expect(shop.surveyAnswers.length).toBeGreaterThan(5);
    expect(shop.surveyAnswers.length).toBeLessThan(sent.length);
    const contacts = shop.docs.filter((d) => d.path.startsWith('satisfaction_contacts/'));
    expect(contacts.length).toBeGreaterThan(0);
  });
});
