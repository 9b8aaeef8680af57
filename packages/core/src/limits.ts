import type { Priority } from './types.ts';

/** The most messages one recipient gets, all channels together, except critical ones. */
export type FrequencyCapSettings = {
  /** Messages in the last 24 hours. */
  maxPerDay: number;
  /** Messages in the last 7 days. */
  maxPerWeek: number;
};

/** Enough for a repair's normal course (received, diagnosis, parts, repair, ready). */
export const DEFAULT_FREQUENCY_CAP: FrequencyCapSettings = { maxPerDay: 4, maxPerWeek: 12 };

/**
 * Whether one more message would exceed a recipient's cap, given what was already sent
 * in the last 24 hours and 7 days. Critical messages are never capped.
 *
 * @example isOverFrequencyCap({ lastDay: 4, lastWeek: 5 }, 'low', DEFAULT_FREQUENCY_CAP) // true
 */
export function isOverFrequencyCap(
  counts: { lastDay: number; lastWeek: number },
  priority: Priority,
  cap: FrequencyCapSettings,
): boolean {
  if (priority === 'critical') return false;
  return counts.lastDay >= cap.maxPerDay || counts.lastWeek >= cap.maxPerWeek;
}

/** The monthly spending limit for paid channels (SMS, WhatsApp). */
export type BudgetSettings = {
  /** Euros per calendar month; 0 or less means nothing may be spent. */
  monthlyEur: number;
  /** Share of the budget at which staff are warned (0.8 = 80 %). */
  warnRatio: number;
  /** How long a message held for budget waits before it is dropped. */
  holdExpiryHours: number;
};

/** €50 a month, warning at 80 %, held messages dropped after 48 hours. */
export const DEFAULT_BUDGET: BudgetSettings = {
  monthlyEur: 50,
  warnRatio: 0.8,
  holdExpiryHours: 48,
};

/** Where the month's spending stands. */
export type BudgetLevel = 'ok' | 'warning' | 'exhausted';

/** The month's spending against the budget. */
export type BudgetStatus = {
  /** `warning` from `warnRatio` (inclusive), `exhausted` from 100 % (inclusive). */
  level: BudgetLevel;
  /** Spent / budget (1 when the budget is 0 or less). */
  ratio: number;
  /** Euros left this month, never negative. */
  remainingEur: number;
};

const LEVELS: readonly BudgetLevel[] = ['ok', 'warning', 'exhausted'];

/**
 * The month's budget status from what was spent so far. Throws on a negative or
 * non-finite amount spent (a bug).
 *
 * @example budgetStatus(40, DEFAULT_BUDGET) // { level: 'warning', ratio: 0.8, remainingEur: 10 }
 */
export function budgetStatus(spentEur: number, budget: BudgetSettings): BudgetStatus {
  if (!Number.isFinite(spentEur) || spentEur < 0) {
    throw new RangeError(`spentEur must be a finite amount >= 0, got ${spentEur}`);
  }
  if (!(budget.monthlyEur > 0)) return { level: 'exhausted', ratio: 1, remainingEur: 0 };
  const ratio = spentEur / budget.monthlyEur;
  const level: BudgetLevel =
    ratio >= 1 ? 'exhausted' : ratio >= budget.warnRatio ? 'warning' : 'ok';
  const remainingEur = Math.max(0, Math.round((budget.monthlyEur - spentEur) * 1e6) / 1e6);
  return { level, ratio, remainingEur };
}

/**
 * Whether a paid message waits for budget: once the budget is exhausted, `low` and
 * `normal` messages are held; `high` (ready for pickup, quote, appointment) and `critical`
 * go through, so a customer is never left without an essential message.
 */
export function shouldHoldForBudget(status: BudgetStatus, priority: Priority): boolean {
  return status.level === 'exhausted' && (priority === 'low' || priority === 'normal');
}

/**
 * The alerts to raise when the month's spending moves from `beforeEur` to `afterEur`:
 * each threshold crossed upwards, in order (both when one message crosses 80 % and
 * 100 % at once); none when spending stays at the same level or goes down.
 *
 * @example budgetAlertsCrossed(39, 41, DEFAULT_BUDGET) // ['warning']
 */
export function budgetAlertsCrossed(
  beforeEur: number,
  afterEur: number,
  budget: BudgetSettings,
): Array<'warning' | 'exhausted'> {
  const before = LEVELS.indexOf(budgetStatus(beforeEur, budget).level);
  const after = LEVELS.indexOf(budgetStatus(afterEur, budget).level);
  const alerts: Array<'warning' | 'exhausted'> = [];
  if (before < 1 && after >= 1) alerts.push('warning');
  if (before < 2 && after >= 2) alerts.push('exhausted');
  return alerts;
}
