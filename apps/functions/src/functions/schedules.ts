import { onSchedule } from 'firebase-functions/v2/scheduler';
import { runBudgetCheck } from '../schedules/budget.ts';
import { runPickupReminders } from '../schedules/pickup-reminders.ts';
import { reconcilePrices, reconcileStuckMessages } from '../schedules/reconcile.ts';
import { REGION } from './options.ts';
import { runtime } from './runtime.ts';

const common = { region: REGION, timeZone: 'Europe/Paris' } as const;

/** Pickup reminders, every morning and early afternoon (the send window decides the rest). */
export const pickupReminders = onSchedule({ ...common, schedule: '0 9,14 * * *' }, async () => {
  await runPickupReminders(await runtime());
});

/** Messages stuck in a non-final status: fetched from Twilio every 30 minutes. */
export const reconcileStuck = onSchedule({ ...common, schedule: 'every 30 minutes' }, async () => {
  await reconcileStuckMessages(await runtime());
});

/** Actual prices, once an hour (Twilio prices messages some time after delivery). */
export const reconcileActualPrices = onSchedule(
  { ...common, schedule: 'every 60 minutes' },
  async () => {
    await reconcilePrices(await runtime());
  },
);

/** Budget alerts (80 %, 100 %) and held sends (released or expired), every 15 minutes. */
export const budgetCheck = onSchedule({ ...common, schedule: 'every 15 minutes' }, async () => {
  await runBudgetCheck(await runtime());
});
