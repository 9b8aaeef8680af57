import { SHOP_TIME_ZONE } from '@omega/core';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { REGION } from './options.ts';
import { type FunctionName, secretsOf } from './secrets.ts';

const common = { region: REGION, timeZone: SHOP_TIME_ZONE } as const;
/** A schedule's options: the shared ones, its cron and the secrets its row declares. */
const options = (name: FunctionName, schedule: string) => ({
  ...common,
  schedule,
  secrets: secretsOf(name),
});
const deps = async (name: FunctionName) => (await import('./runtime.ts')).runtime(name);

/** Pickup reminders, every morning and early afternoon (the send window decides the rest). */
export const pickupReminders = onSchedule(options('pickupReminders', '0 9,14 * * *'), async () => {
  const { runPickupReminders } = await import('../schedules/pickup-reminders.ts');
  await runPickupReminders(await deps('pickupReminders'));
});

/**
 * Chasers of undecided quotes, every hour at :20 (24 h and 72 h after the quote by default;
 * the send window decides when they leave).
 */
export const quoteChasers = onSchedule(options('quoteChasers', '20 * * * *'), async () => {
  const { runQuoteChasers } = await import('../schedules/quote-chasers.ts');
  await runQuoteChasers(await deps('quoteChasers'));
});

/** Messages stuck in a non-final status: fetched from Twilio every 30 minutes. */
export const reconcileStuck = onSchedule(
  options('reconcileStuck', 'every 30 minutes'),
  async () => {
    const { reconcileStuckMessages } = await import('../schedules/reconcile.ts');
    await reconcileStuckMessages(await deps('reconcileStuck'));
  },
);

/** Actual prices, once an hour (Twilio prices messages some time after delivery). */
export const reconcileActualPrices = onSchedule(
  options('reconcileActualPrices', 'every 60 minutes'),
  async () => {
    const { reconcilePrices } = await import('../schedules/reconcile.ts');
    await reconcilePrices(await deps('reconcileActualPrices'));
  },
);

/** Budget alerts (80 %, 100 %) and held sends (released or expired), every 15 minutes. */
export const budgetCheck = onSchedule(options('budgetCheck', 'every 15 minutes'), async () => {
  const { runBudgetCheck } = await import('../schedules/budget.ts');
  await runBudgetCheck(await deps('budgetCheck'));
});

/**
 * The sweeper: every notification left non-terminal past its due time is re-driven through the
 * send task or closed with a reason and an alert, every 10 minutes.
 */
export const sweepStuck = onSchedule(options('sweepStuck', 'every 10 minutes'), async () => {
  const [{ sweepStuckNotifications }, { sweepShopEmails }] = await Promise.all([
    import('../schedules/sweep.ts'),
    import('../actions/shop-email.ts'),
  ]);
  const d = await deps('sweepStuck');
  await sweepStuckNotifications(d);
  // The shop's emails about quote decisions that their trigger never finished.
  await sweepShopEmails(d);
});

/**
 * The WhatsApp sender's health (Senders API), the templates' approvals and the error spikes,
 * every 15 minutes: an offline or flagged sender sends WhatsApp notifications by SMS until it
 * recovers (the send gate reads the stored reading).
 */
export const whatsappHealth = onSchedule(
  options('whatsappHealth', 'every 15 minutes'),
  async () => {
    const { runWhatsAppHealth } = await import('../schedules/whatsapp-health.ts');
    await runWhatsAppHealth(await deps('whatsappHealth'));
  },
);
