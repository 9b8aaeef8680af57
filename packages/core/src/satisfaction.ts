import type { ChannelPlan, NotificationPlan } from './cascade.ts';
import { nextAllowedTime, type SendWindowSettings } from './send-window.ts';
import type { Channel } from './types.ts';
import { DAY_MS, instantsAtWallTime, zoneClock } from './zone-clock.ts';

/**
 * The satisfaction survey after pickup: one question (1–5) per picked-up ticket, at most once
 * per customer per {@link SURVEY_INTERVAL_DAYS}, on a consent basis only (`satisfaction_survey`
 * is not a service kind: a walk-in who only agreed to service messages never gets it). Every
 * respondent may get the shop's review link, whatever the score (Google's policy forbids asking
 * only happy customers for reviews).
 */

/** A satisfaction score: 1 (very disappointed) to 5 (excellent). */
export type SatisfactionScore = 1 | 2 | 3 | 4 | 5;

/** Every score, lowest first (the analytics' distribution). */
export const SATISFACTION_SCORES: readonly SatisfactionScore[] = [1, 2, 3, 4, 5];

/** At most one survey per customer in this many days. */
export const SURVEY_INTERVAL_DAYS = 90;

/** A score at or below this alerts staff (conversations inbox). */
export const LOW_SCORE_MAX = 2;

/** A free-text answer ("4") counts for a survey sent to the number within this many days. */
export const SURVEY_ANSWER_DAYS = 14;

/** The local hour the survey goes out the day after pickup (then the send window applies). */
export const SURVEY_HOUR = 10;

/**
 * The one channel a survey goes on, best first: WhatsApp (quick-reply buttons), then SMS and
 * email (the landing page's form behind the link), then push.
 */
export const SURVEY_CHANNEL_ORDER: readonly Channel[] = ['whatsapp', 'sms', 'email', 'push'];

/** Whether `score` alerts staff. */
export function isLowScore(score: SatisfactionScore): boolean {
  return score <= LOW_SCORE_MAX;
}

/** Whether `value` is a score (an integer from 1 to 5). */
export function isSatisfactionScore(value: unknown): value is SatisfactionScore {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

const SCORE_TEXT = /^\s*([1-5])\s*(?:\/\s*5|sur\s*5|[⭐★*]+|étoiles?|etoiles?)?\s*[.!]*\s*$/iu;

/**
 * A free-text answer read as a score: a lone digit 1–5, optionally "/5", "sur 5", stars or a
 * full stop ("4", "4/5", "5 ⭐", "3 sur 5"); anything else is `null` (a message for staff).
 *
 * @example parseScoreText('4/5') // 4
 * @example parseScoreText('4 mais trop cher') // null
 */
export function parseScoreText(body: string): SatisfactionScore | null {
  const match = SCORE_TEXT.exec(body);
  return match ? (Number(match[1]) as SatisfactionScore) : null;
}

/** The key of "one survey per customer": the profile when registered, else the counter's client. */
export function surveyCustomerKey(input: { customerId?: string | null; clientId: string }): string {
  return input.customerId ? `customer_${input.customerId}` : `client_${input.clientId}`;
}

/** The customer's last survey, as stored (`satisfaction_contacts/{key}`). */
export interface LastSurvey {
  at: Date;
  ticketId: string;
}

/** What to do about a picked-up ticket's survey. */
export type SurveyDecision =
  | { action: 'plan' }
  /** This ticket's survey was decided before (a redelivered trigger): resume its sends. */
  | { action: 'resume' }
  | { action: 'skip'; reason: 'recent_survey'; nextAllowedAt: Date };

/**
 * Whether a picked-up ticket gets a survey (pure): yes unless the customer was surveyed (for
 * another ticket) less than `intervalDays` ago; the same ticket seen again resumes.
 *
 * @example
 * decideSurvey({ ticketId: 't2', last: { at: new Date('2026-01-01'), ticketId: 't1' }, now: new Date('2026-02-01') });
 * // { action: 'skip', reason: 'recent_survey', nextAllowedAt: 2026-04-01T00:00:00.000Z }
 */
export function decideSurvey(input: {
  ticketId: string;
  last: LastSurvey | null;
  now: Date;
  intervalDays?: number;
}): SurveyDecision {
  const { last, now } = input;
  if (!last) return { action: 'plan' };
  if (last.ticketId === input.ticketId) return { action: 'resume' };
  const nextAllowedAt = new Date(
    last.at.getTime() + (input.intervalDays ?? SURVEY_INTERVAL_DAYS) * DAY_MS,
  );
  if (now.getTime() >= nextAllowedAt.getTime()) return { action: 'plan' };
  return { action: 'skip', reason: 'recent_survey', nextAllowedAt };
}

/**
 * When the survey goes out: the day after pickup at {@link SURVEY_HOUR} local time, then the
 * next opening of the send window (a Sunday or a holiday moves it on).
 *
 * @example surveySendTime(new Date('2026-06-12T15:00:00Z'), 'Europe/Paris', DEFAULT_SEND_WINDOW)
 * // Saturday 13 June 10:00 Paris → 2026-06-13T08:00:00.000Z
 */
export function surveySendTime(
  pickedUpAt: Date,
  timeZone: string,
  window: SendWindowSettings,
  hour: number = SURVEY_HOUR,
): Date {
  const clock = zoneClock(timeZone);
  const nextDay = clock(pickedUpAt.getTime()).day + 1;
  const at = instantsAtWallTime(clock, nextDay * DAY_MS + hour * 3_600_000)[0] as number;
  return nextAllowedTime(new Date(at), 'low', timeZone, window);
}

/**
 * The survey's plan from the cascade's (pure): a single channel — the first active one in
 * {@link SURVEY_CHANNEL_ORDER}, the other active ones skipped `covered_by_other_channel` — and
 * not before `sendAt` (a send or an earlier deferral becomes a deferral to `sendAt`). Holds and
 * skips are kept as the cascade decided them.
 */
export function surveyPlan(plan: NotificationPlan, sendAt: Date): NotificationPlan {
  const chosen = SURVEY_CHANNEL_ORDER.find((c) => plan.channels[c].outcome.action !== 'skip');
  const channels = { ...plan.channels };
  for (const channel of SURVEY_CHANNEL_ORDER) {
    const current = plan.channels[channel];
    const outcome = current.outcome;
    let next: ChannelPlan = current;
    if (outcome.action !== 'skip' && channel !== chosen) {
      next = { ...current, outcome: { action: 'skip', reason: 'covered_by_other_channel' } };
    } else if (outcome.action === 'send' || outcome.action === 'defer') {
      const until = outcome.action === 'defer' ? outcome.until : null;
      if (!until || until.getTime() < sendAt.getTime()) {
        next = { ...current, outcome: { action: 'defer', until: sendAt, reason: 'not_before' } };
      }
    }
    channels[channel] = next;
  }
  return { ...plan, channels };
}

/** Count, average and distribution of the scores over a period. */
export interface SatisfactionSummary {
  /** Surveys planned (sent or waiting). */
  surveys: number;
  responses: number;
  /** Mean score, `null` without any response. */
  average: number | null;
  /** Responses per score. */
  distribution: Record<SatisfactionScore, number>;
  /** Responses at or below {@link LOW_SCORE_MAX}. */
  low: number;
  /** Responses / surveys, `null` without any survey. */
  responseRate: number | null;
}

/** The statistics counter of a score: `satisfaction_score_<n>`. */
export function satisfactionScoreCounter(score: SatisfactionScore): string {
  return `satisfaction_score_${score}`;
}

/**
 * Sums the satisfaction counters of daily or monthly statistics documents
 * (`satisfaction_planned`, `satisfaction_score_<n>`) into a summary (pure).
 *
 * @example summarizeSatisfaction([{ satisfaction_planned: 4, satisfaction_score_5: 1, satisfaction_score_2: 1 }]).average // 3.5
 */
export function summarizeSatisfaction(
  counters: ReadonlyArray<Readonly<Record<string, unknown>>>,
): SatisfactionSummary {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const distribution = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } as Record<SatisfactionScore, number>;
  let surveys = 0;
  for (const doc of counters) {
    surveys += num(doc.satisfaction_planned);
    for (const score of SATISFACTION_SCORES) {
      distribution[score] += num(doc[satisfactionScoreCounter(score)]);
    }
  }
  const responses = SATISFACTION_SCORES.reduce((n, s) => n + distribution[s], 0);
  const sum = SATISFACTION_SCORES.reduce((n, s) => n + s * distribution[s], 0);
  return {
    surveys,
    responses,
    average: responses > 0 ? Math.round((sum / responses) * 100) / 100 : null,
    distribution,
    low: SATISFACTION_SCORES.filter(isLowScore).reduce((n, s) => n + distribution[s], 0),
    responseRate: surveys > 0 ? Math.min(1, responses / surveys) : null,
  };
}
