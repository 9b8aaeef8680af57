import {
  type Channel,
  DEFAULT_SETTINGS,
  decideSurvey,
  type LastSurvey,
  type PriceZone,
  type SatisfactionScore,
  type SeededRandom,
  type SendWindowSettings,
  SURVEY_CHANNEL_ORDER,
  surveyCustomerKey,
  surveySendTime,
} from '@omega/core';

/** A picked-up ticket of the demo shop, with the channels its customer consented to. */
export interface PickedUpTicket {
  ticketId: string;
  clientId: string;
  customerId: string | null;
  e164: string | null;
  email: string | null;
  zone: PriceZone;
  pickedUpAt: Date;
  /** Channels with consent (a survey is not a service message: never the walk-in basis). */
  consented: readonly Channel[];
}

/** What the survey of a picked-up ticket became in the demo's past. */
export type SeededSurvey =
  | { ticketId: string; outcome: 'recent_survey' }
  | { ticketId: string; outcome: 'no_basis'; plannedAt: Date }
  | {
      ticketId: string;
      outcome: 'deferred' | 'sent';
      channel: Channel;
      plannedAt: Date;
      sendAt: Date;
    };

/** An answer the seeder records through the production writer (`recordSatisfactionAnswer`). */
export interface SeededAnswer {
  ticketId: string;
  score: SatisfactionScore;
  channel: Channel;
  customerId: string | null;
  clientId: string;
  e164: string | null;
  at: Date;
}

/** Options of {@link planSeededSurveys}. */
export interface SeededSurveysOptions {
  now: Date;
  /** The shop's send window (the demo's is open around the clock). */
  sendWindow: Partial<SendWindowSettings>;
  /** A PRNG of its own, so the rest of the shop stays the same for a given seed. */
  random: SeededRandom;
  /** Share of the surveys that went out which were answered (default 0.45). */
  answerRate?: number;
}

const SCORES: ReadonlyArray<readonly [SatisfactionScore, number]> = [
  [5, 48],
  [4, 30],
  [3, 10],
  [2, 7],
  [1, 5],
];

/**
 * The satisfaction surveys of the demo shop's picked-up tickets, decided by the rules the
 * pipeline applies (pure): oldest pickup first, core's `decideSurvey` (once per customer per 90
 * days), the first consented channel of core's `SURVEY_CHANNEL_ORDER` (none: recorded skipped
 * `no_basis`), sent at core's `surveySendTime` (the next morning; later than `now`: still
 * deferred). Some that went out were answered, within a day, never after `now`.
 */
export function planSeededSurveys(
  tickets: readonly PickedUpTicket[],
  options: SeededSurveysOptions,
): { surveys: SeededSurvey[]; answers: SeededAnswer[]; contacts: Map<string, LastSurvey> } {
  const r = options.random;
  const window = { ...DEFAULT_SETTINGS.sendWindow, ...options.sendWindow };
  const contacts = new Map<string, LastSurvey>();
  const surveys: SeededSurvey[] = [];
  const answers: SeededAnswer[] = [];
  const ordered = [...tickets].sort((a, b) => a.pickedUpAt.getTime() - b.pickedUpAt.getTime());
  for (const t of ordered) {
    const key = surveyCustomerKey({ customerId: t.customerId, clientId: t.clientId });
    const decision = decideSurvey({
      ticketId: t.ticketId,
      last: contacts.get(key) ?? null,
      now: t.pickedUpAt,
    });
    if (decision.action !== 'plan') {
      surveys.push({ ticketId: t.ticketId, outcome: 'recent_survey' });
      continue;
    }
    const channel = SURVEY_CHANNEL_ORDER.find((c) => t.consented.includes(c));
    if (!channel) {
      surveys.push({ ticketId: t.ticketId, outcome: 'no_basis', plannedAt: t.pickedUpAt });
      continue;
    }
    contacts.set(key, { at: t.pickedUpAt, ticketId: t.ticketId });
    const sendAt = surveySendTime(t.pickedUpAt, 'Europe/Paris', window);
    const sent = sendAt.getTime() < options.now.getTime();
    surveys.push({
      ticketId: t.ticketId,
      outcome: sent ? 'sent' : 'deferred',
      channel,
      plannedAt: t.pickedUpAt,
      sendAt,
    });
    if (!sent || !r.chance(options.answerRate ?? 0.45)) continue;
    const at = new Date(sendAt.getTime() + r.int(3, 24 * 60) * 60_000);
    if (at.getTime() >= options.now.getTime()) continue;
    answers.push({
      ticketId: t.ticketId,
      score: r.weighted(SCORES),
      channel,
      customerId: t.customerId,
      clientId: t.clientId,
      e164: t.e164,
      at,
    });
  }
  return { surveys, answers, contacts };
}
