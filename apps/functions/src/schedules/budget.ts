import { budgetAlertsCrossed, budgetStatus, shouldHoldForBudget } from '@omega/core';
import { logs } from '../logs.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { isAlreadyExists } from '../store/claims.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { addSkip, addTransition, readHistory } from '../store/history.ts';
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
    if (!shouldHoldForBudget(status, h.priority)) {
      // Released to the send task, which passes the send gate again (send window, consent,
      // cap): a message held at 18:00 on the 31st and released at 00:05 waits for the morning.
      // Enqueued first: a release that dies after the enqueue is sent by it; one that dies
      // before leaves the message held for the next run.
      await deps.queue.enqueue(
        { notificationId: doc.id },
        { id: `${doc.id}-released-${now.getTime()}` },
      );
      const batch = deps.db.batch();
      addTransition(batch, deps.db, {
        notificationId: doc.id,
        from: h.status,
        to: 'planned',
        at: now,
        source: 'pipeline',
        detail: 'budget_released',
        fields: { holdExpiresAt: null },
      });
      await batch.commit();
      released.push(doc.id);
    } else if (h.holdExpiresAt && h.holdExpiresAt.getTime() <= now.getTime()) {
      const batch = deps.db.batch();
      addSkip(batch, deps.db, {
        notificationId: doc.id,
        from: h.status,
        reason: 'hold_expired',
        reasonText: 'Budget mensuel épuisé : message retenu puis abandonné à expiration.',
        at: now,
        asErrorCode: true,
      });
      await batch.commit();
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
