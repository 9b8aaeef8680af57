/**
 * What the customer's own answers do to the messages planned for them (issue 16 item 3): a
 * planned pickup ("Je passe aujourd'hui", "Je passe demain") pauses the pickup-reminder ladder
 * until the day after; a decision on the quote stops its chasers; an undecided quote is chased
 * 24 h and 72 h (by default) after it was sent. Pure: the schedules and the send gate read the
 * ticket's fields (`pickupPlannedFor`, `quoteDecision`) and ask here.
 */

import type { NotificationKind, TicketStatus } from './types.ts';
import { addCalendarDays, SHOP_TIME_ZONE, startOfZonedDay, zonedDayKey } from './zoned-time.ts';

/** What the customer said that changes the plan, as the ticket holds it. */
export interface CustomerPlanFacts {
  /** The customer's decision on the current quote; `null`: none yet. */
  quoteDecision: 'accepted' | 'declined' | null;
  /** The day (`YYYY-MM-DD`, shop calendar) the customer said they will come; `null`: none. */
  pickupPlannedFor: string | null;
}

/** The pickup-reminder kinds (the ladder). */
export const PICKUP_REMINDER_KINDS: readonly NotificationKind[] = [
  'pickup_reminder_1',
  'pickup_reminder_2',
  'pickup_reminder_final',
];

/** The quote chasers, in order: the first after `delaysHours[0]`, the second after `[1]`. */
export const QUOTE_CHASER_KINDS: readonly NotificationKind[] = [
  'quote_reminder_1',
  'quote_reminder_2',
];

/**
 * When a paused pickup reminder may go (pure): the first instant of the day after
 * `pickupPlannedFor` on the shop's calendar, when `now` falls on or before that day; `null`
 * when nothing is planned or the day has passed (the ladder goes on as configured).
 *
 * @example pickupPauseUntil('2026-12-03', new Date('2026-12-03T10:00:00Z')) // 2026-12-03T23:00:00.000Z
 * @example pickupPauseUntil('2026-12-03', new Date('2026-12-04T08:00:00Z')) // null
 */
export function pickupPauseUntil(
  pickupPlannedFor: string | null,
  now: Date,
  timeZone: string = SHOP_TIME_ZONE,
): Date | null {
  if (pickupPlannedFor === null) return null;
  const today = zonedDayKey(now, timeZone);
  // `YYYY-MM-DD` keys compare as strings in calendar order.
  if (today > pickupPlannedFor) return null;
  return startOfZonedDay(addCalendarDays(pickupPlannedFor, 1), timeZone);
}

/** The answer of {@link customerPlanCheck}. */
export type CustomerPlanVerdict =
  | { action: 'go' }
  /** A pickup reminder while the customer said they will come: not before `until`. */
  | { action: 'wait'; until: Date; reason: 'pickup_planned' }
  /** A quote chaser after the customer decided: never. */
  | { action: 'stop'; reason: 'quote_decided' };

/**
 * The customer's plan, checked right before a message leaves (pure; the send gate asks it
 * after the superseded check): a pickup reminder waits until the day after the pickup the
 * customer announced (it falls on or before that day), a quote chaser stops once the quote is
 * decided (accepted or declined: a decline moves nothing else, staff decide). Any other kind
 * goes.
 */
export function customerPlanCheck(
  kind: NotificationKind,
  facts: CustomerPlanFacts,
  now: Date,
): CustomerPlanVerdict {
  if (PICKUP_REMINDER_KINDS.includes(kind)) {
    const until = pickupPauseUntil(facts.pickupPlannedFor, now);
    if (until) return { action: 'wait', until, reason: 'pickup_planned' };
  }
  if (QUOTE_CHASER_KINDS.includes(kind) && facts.quoteDecision !== null) {
    return { action: 'stop', reason: 'quote_decided' };
  }
  return { action: 'go' };
}

/** The quote chasers' settings (`settings/notifications.quoteChasers`). */
export interface QuoteChaserSettings {
  enabled: boolean;
  /** Hours after the quote was sent, one per chaser, ascending (at most two). */
  delaysHours: readonly number[];
}

/** Chasers at 24 h and 72 h after the quote was sent. */
export const DEFAULT_QUOTE_CHASERS: QuoteChaserSettings = { enabled: true, delaysHours: [24, 72] };

/** The bounds of a chaser delay: at least 1 hour, at most 14 days after the quote. */
export const QUOTE_CHASER_DELAY_BOUNDS = { minHours: 1, maxHours: 336 } as const;

/**
 * Checks the chasers' delays (pure): one or two whole hours between 1 and 336 (14 days),
 * strictly ascending. The error's message is French, for the settings page.
 *
 * @example quoteChaserDelaysProblem([24, 72]) // null
 * @example quoteChaserDelaysProblem([72, 24]) // 'Les délais des relances doivent être croissants.'
 */
export function quoteChaserDelaysProblem(delaysHours: readonly number[]): string | null {
  const { minHours, maxHours } = QUOTE_CHASER_DELAY_BOUNDS;
  if (delaysHours.length < 1 || delaysHours.length > QUOTE_CHASER_KINDS.length)
    return `Une ou ${QUOTE_CHASER_KINDS.length} relances au plus.`;
  for (const h of delaysHours) {
    if (!Number.isInteger(h) || h < minHours || h > maxHours)
      return `Chaque délai est un nombre entier d'heures entre ${minHours} et ${maxHours}.`;
  }
  for (let i = 1; i < delaysHours.length; i++) {
    if ((delaysHours[i] as number) <= (delaysHours[i - 1] as number))
      return 'Les délais des relances doivent être croissants.';
  }
  return null;
}

/** The ticket as the chaser schedule reads it. */
export interface QuoteChaserInput {
  ticketStatus: TicketStatus;
  quoteDecision: 'accepted' | 'declined' | null;
  /** When the customer got the quote (the provider accepted its message); `null`: not yet. */
  quoteSentAt: Date | null;
  now: Date;
  settings: QuoteChaserSettings;
}

/** Why no chaser is due. */
export type QuoteChaserWait =
  | 'disabled'
  | 'not_quote_pending'
  | 'decided'
  | 'quote_not_sent'
  | 'not_yet';

/** The answer of {@link decideQuoteChaser}. */
export type QuoteChaserDecision =
  | { action: 'plan'; kind: NotificationKind; step: number }
  | { action: 'none'; why: QuoteChaserWait };

/**
 * The chaser due for a ticket now (pure): for a ticket `quote_pending` whose quote was sent and
 * is not decided, the highest step whose delay has passed since the quote was sent; a step
 * missed while another was due is not sent late (the schedule plans each step once, so at most
 * two chasers per quote). The send window, the budget and the gate apply when it is sent.
 */
export function decideQuoteChaser(input: QuoteChaserInput): QuoteChaserDecision {
  const none = (why: QuoteChaserWait): QuoteChaserDecision => ({ action: 'none', why });
  if (!input.settings.enabled) return none('disabled');
  if (input.ticketStatus !== 'quote_pending') return none('not_quote_pending');
  if (input.quoteDecision !== null) return none('decided');
  if (input.quoteSentAt === null) return none('quote_not_sent');
  const elapsedHours = (input.now.getTime() - input.quoteSentAt.getTime()) / 3_600_000;
  let step = -1;
  input.settings.delaysHours.slice(0, QUOTE_CHASER_KINDS.length).forEach((hours, i) => {
    if (elapsedHours >= hours) step = i;
  });
  const kind = QUOTE_CHASER_KINDS[step];
  return kind ? { action: 'plan', kind, step } : none('not_yet');
}
