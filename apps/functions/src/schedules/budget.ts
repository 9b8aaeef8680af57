import { budgetAlertsCrossed, budgetStatus, shouldHoldForBudget } from '@omega/core';
import { logs } from '../logs.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { isAlreadyExists } from '../store/claims.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { appendTimeline, readHistory, timelineEntry } from '../store/history.ts';
import { bump, type Counters, incrementStats } from '../store/stats.ts';
import { parisDayAndMonth, ts } from '../store/timestamps.ts';

/** What one budget run did. */
export interface BudgetRun {
  month: string;
  spentEur: number;
  level: 'ok' | 'warning' | 'exhausted';
  alertsRaised: Array<'warning' | 'exhausted'>;
  released: string[];
  expired: string[];
}

/**
 * Budget schedule (callable directly): reads the month's spend, raises the 80 % and 100 %
 * alerts once each (`alerts/budget_{month}_{level}` created once), then looks at held sends:
 * released to the send queue when core no longer holds their priority at the current level,
 * expired (recorded, not sent) once past `holdExpiresAt`.
 */
export async function runBudgetCheck(deps: PipelineDeps): Promise<BudgetRun> {
  const now = deps.clock();
  const settings = await deps.settings.get();
  const { month } = parisDayAndMonth(now);
  const monthly = await deps.db.collection(COLLECTIONS.statsMonthly).doc(month).get();
  const spentEur = Number(monthly.get('cost_eur_total') ?? 0);
  const status = budgetStatus(spentEur, settings.core.budget);

  const alertsRaised: BudgetRun['alertsRaised'] = [];
  for (const level of budgetAlertsCrossed(0, spentEur, settings.core.budget)) {
    try {
      await deps.db
        .collection(COLLECTIONS.alerts)
        .doc(`budget_${month}_${level}`)
        .create({
          kind: 'budget',
          level,
          month,
          spentEur,
          budgetEur: settings.core.budget.monthlyEur,
          at: ts(now),
          acknowledgedAt: null,
        });
      alertsRaised.push(level);
      logs.budgetAlert(month, level, spentEur, settings.core.budget.monthlyEur);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
  }

  const held = await deps.db.collection(COLLECTIONS.history).where('status', '==', 'held').get();
  const released: string[] = [];
  const expired: string[] = [];
  const counters: Counters = {};
  for (const doc of held.docs) {
    const h = readHistory(doc.data());
    if (!h) continue;
    const at = ts(now);
    if (!shouldHoldForBudget(status, h.priority)) {
      await doc.ref.update({
        status: 'planned',
        holdExpiresAt: null,
        updatedAt: at,
        timeline: appendTimeline(timelineEntry('planned', at, 'pipeline', 'budget_released')),
      });
      await deps.queue.enqueue(
        { notificationId: doc.id },
        { id: `${doc.id}-released-${now.getTime()}` },
      );
      released.push(doc.id);
    } else if (h.holdExpiresAt && h.holdExpiresAt.getTime() <= now.getTime()) {
      await doc.ref.update({
        status: 'skipped',
        errorCode: 'hold_expired',
        reasonText: 'Budget mensuel épuisé : message retenu puis abandonné à expiration.',
        updatedAt: at,
        timeline: appendTimeline(timelineEntry('skipped', at, 'pipeline', 'hold_expired')),
      });
      bump(counters, `${h.channel}_skipped`);
      bump(counters, `${h.channel}_hold_expired`);
      expired.push(doc.id);
    }
  }
  await incrementStats(deps.db, now, counters);
  logs.scheduleRan('budget', {
    month,
    spentEur,
    level: status.level,
    released: released.length,
    expired: expired.length,
  });
  return { month, spentEur, level: status.level, alertsRaised, released, expired };
}
