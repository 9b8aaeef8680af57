import { budgetAlertsCrossed, budgetStatus, shouldHoldForBudget } from '@omega/core';
import { logs } from '../logs.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { isAlreadyExists } from '../store/claims.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { addSkip, addTransition, readHistory } from '../store/history.ts';
import { bump, type Counters, incrementStats } from '../store/stats.ts';
import { parisDayAndMonth, ts, zTimestamp } from '../store/timestamps.ts';

/** What one budget run did. */
export interface BudgetRun {
  month: string;
  spentEur: number;
  level: 'ok' | 'warning' | 'exhausted';
  alertsRaised: Array<'warning' | 'exhausted'>;
  released: string[];
  /** Released by an earlier run that stopped before enqueueing them: enqueued now. */
  reenqueued: string[];
  expired: string[];
}

/**
 * Budget schedule (callable directly): reads the month's spend, raises the 80 % and 100 %
 * alerts once each (`alerts/budget_{month}_{level}` created once), then looks at held sends:
 * released to the send queue when core no longer holds their priority at the current level,
 * expired (recorded, not sent) once past `holdExpiresAt`. A release moves the message to
 * `planned` with `releasedAt` first, then enqueues its task; a run that died in between leaves
 * a `planned` message with `releasedAt`, which the next run enqueues (same task id).
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

  // Held sends, and released ones still `planned` (a release that died before its enqueue).
  const waiting = await deps.db
    .collection(COLLECTIONS.history)
    .where('status', 'in', ['held', 'planned'])
    .get();
  const released: string[] = [];
  const reenqueued: string[] = [];
  const expired: string[] = [];
  const counters: Counters = {};
  for (const doc of waiting.docs) {
    const h = readHistory(doc.data());
    if (!h) continue;
    if (h.status === 'planned') {
      // A release is recorded before its task is enqueued (a dispatch must never find the
      // message still `held`, which it would drop): one that died in between is enqueued now,
      // under the release's own task id — once, whichever run gets there.
      const releasedAt = zTimestamp.safeParse(doc.get('releasedAt'));
      if (!releasedAt.success) continue;
      if ((await enqueueRelease(deps, doc.id, releasedAt.data)) === 'enqueued')
        reenqueued.push(doc.id);
    } else if (!shouldHoldForBudget(status, h.priority)) {
      // Released to the send task, which passes the send gate again (send window, consent,
      // cap): a message held at 18:00 on the 31st and released at 00:05 waits for the morning.
      const batch = deps.db.batch();
      addTransition(batch, deps.db, {
        notificationId: doc.id,
        from: h.status,
        to: 'planned',
        at: now,
        source: 'pipeline',
        detail: 'budget_released',
        fields: { holdExpiresAt: null, releasedAt: ts(now) },
      });
      await batch.commit();
      await deps.faults?.hit('budget_after_release', doc.id);
      await enqueueRelease(deps, doc.id, now);
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
    reenqueued: reenqueued.length,
    expired: expired.length,
  });
  return { month, spentEur, level: status.level, alertsRaised, released, reenqueued, expired };
}

/**
 * The send task of a release, under a task id of the release (`<id>-released-<releasedAt ms>`):
 * a second enqueue of the same release is a duplicate, a later release of the same message (held
 * again at dispatch, released again) a new task.
 */
function enqueueRelease(deps: PipelineDeps, notificationId: string, releasedAt: Date) {
  return deps.queue.enqueue(
    { notificationId },
    { id: `${notificationId}-released-${releasedAt.getTime()}` },
  );
}
