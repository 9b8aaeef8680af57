import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BudgetSettings,
  budgetAlertsCrossed,
  budgetStatus,
  DEFAULT_BUDGET,
  DEFAULT_FREQUENCY_CAP,
  isOverFrequencyCap,
  shouldHoldForBudget,
} from './limits.ts';
import type { Priority } from './types.ts';

const CAP = { maxPerDay: 3, maxPerWeek: 10 };
const BUDGET: BudgetSettings = { monthlyEur: 100, warnRatio: 0.8, holdExpiryHours: 24 };

describe('isOverFrequencyCap', () => {
  it.each([
    [0, 0, 'low', false],
    [2, 9, 'low', false],
    [3, 3, 'low', true],
    [2, 10, 'normal', true],
    [3, 10, 'high', true],
    [4, 20, 'high', true],
    [2, 9, 'high', false],
    [3, 10, 'critical', false],
    [100, 100, 'critical', false],
  ] as const)('%i today, %i this week, %s → %s', (lastDay, lastWeek, priority, expected) => {
    expect(isOverFrequencyCap({ lastDay, lastWeek }, priority, CAP)).toBe(expected);
  });

  it('has a default that allows a whole repair in a day', () => {
    expect(DEFAULT_FREQUENCY_CAP).toEqual({ maxPerDay: 4, maxPerWeek: 12 });
    expect(isOverFrequencyCap({ lastDay: 3, lastWeek: 11 }, 'low', DEFAULT_FREQUENCY_CAP)).toBe(
      false,
    );
    expect(isOverFrequencyCap({ lastDay: 4, lastWeek: 4 }, 'low', DEFAULT_FREQUENCY_CAP)).toBe(
      true,
    );
    expect(isOverFrequencyCap({ lastDay: 0, lastWeek: 12 }, 'low', DEFAULT_FREQUENCY_CAP)).toBe(
      true,
    );
  });
});

describe('budgetStatus', () => {
  it.each([
    [0, 'ok', 0, 100],
    [79.99, 'ok', 0.7999, 20.01],
    [80, 'warning', 0.8, 20],
    [99.99, 'warning', 0.9999, 0.01],
    [100, 'exhausted', 1, 0],
    [150, 'exhausted', 1.5, 0],
  ] as const)('%f € spent of 100 € → %s', (spent, level, ratio, remainingEur) => {
    const status = budgetStatus(spent, BUDGET);
    expect(status.level).toBe(level);
    expect(status.ratio).toBeCloseTo(ratio, 12);
    expect(status.remainingEur).toBe(remainingEur);
  });

  it('takes the warning ratio from the settings', () => {
    expect(budgetStatus(50, { ...BUDGET, warnRatio: 0.5 }).level).toBe('warning');
    expect(budgetStatus(49.99, { ...BUDGET, warnRatio: 0.5 }).level).toBe('ok');
    expect(budgetStatus(40, DEFAULT_BUDGET)).toEqual({
      level: 'warning',
      ratio: 0.8,
      remainingEur: 10,
    });
  });

  it.each([0, -5])('treats a budget of %f € as exhausted', (monthlyEur) => {
    expect(budgetStatus(0, { ...BUDGET, monthlyEur })).toEqual({
      level: 'exhausted',
      ratio: 1,
      remainingEur: 0,
    });
  });

  it.each([-0.01, Number.NaN, Number.POSITIVE_INFINITY])('throws on %f € spent', (spent) => {
    expect(() => budgetStatus(spent, BUDGET)).toThrow(
      new RangeError(`spentEur must be a finite amount >= 0, got ${spent}`),
    );
  });

  it('has defaults of 50 € a month, warning at 80 %, holds kept 48 h', () => {
    expect(DEFAULT_BUDGET).toEqual({ monthlyEur: 50, warnRatio: 0.8, holdExpiryHours: 48 });
  });
});

describe('shouldHoldForBudget', () => {
  it.each([
    ['exhausted', 'low', true],
    ['exhausted', 'normal', true],
    ['exhausted', 'high', false],
    ['exhausted', 'critical', false],
    ['warning', 'low', false],
    ['warning', 'normal', false],
    ['ok', 'low', false],
  ] as const)('%s budget, %s priority → hold %s', (level, priority, expected) => {
    expect(shouldHoldForBudget({ level, ratio: 0, remainingEur: 0 }, priority)).toBe(expected);
  });
});

describe('budgetAlertsCrossed', () => {
  it.each([
    [0, 79.99, []],
    [79.99, 80, ['warning']],
    [70, 85, ['warning']],
    [80, 90, []],
    [90, 99.99, []],
    [99.99, 100, ['exhausted']],
    [90, 120, ['exhausted']],
    [79, 100, ['warning', 'exhausted']],
    [0, 500, ['warning', 'exhausted']],
    [100, 150, []],
    [85, 70, []],
    [120, 10, []],
  ] as const)('%f € → %f € of 100 € raises %j', (before, after, expected) => {
    expect(budgetAlertsCrossed(before, after, BUDGET)).toEqual(expected);
  });

  it('raises each alert once over any sequence of rising spend (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 30, noNaN: true }), { maxLength: 30 }),
        (steps) => {
          let spent = 0;
          const alerts: string[] = [];
          for (const step of steps) {
            alerts.push(...budgetAlertsCrossed(spent, spent + step, BUDGET));
            spent += step;
          }
          const expected = [spent >= 80 && 'warning', spent >= 100 && 'exhausted'].filter(Boolean);
          expect(alerts).toEqual(expected);
        },
      ),
      { seed: 80100, numRuns: 500 },
    );
  });

  it('never holds high or critical, whatever the spend (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.constantFrom<Priority>('high', 'critical'),
        (spent, priority) => {
          expect(shouldHoldForBudget(budgetStatus(spent, BUDGET), priority)).toBe(false);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});
