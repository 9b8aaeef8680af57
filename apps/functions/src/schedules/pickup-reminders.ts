import type { NotificationKind } from '@omega/core';
import { logs } from '../logs.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { planNotifications } from '../pipeline/plan/ticket-event.ts';
import { isAlreadyExists } from '../store/claims.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { parseDoc, ticketSchema } from '../store/documents.ts';
import { ts } from '../store/timestamps.ts';

/** The reminder kinds, in ladder order. */
export const PICKUP_LADDER: readonly NotificationKind[] = [
  'pickup_reminder_1',
  'pickup_reminder_2',
  'pickup_reminder_final',
];

/** The ladder step due `elapsedHours` after completion (0-based), or -1 before the first. */
export function dueStep(elapsedHours: number, ladderHours: readonly number[]): number {
  let step = -1;
  ladderHours.slice(0, PICKUP_LADDER.length).forEach((hours, i) => {
    if (elapsedHours >= hours) step = i;
  });
  return step;
}

/** What one run did. */
export interface PickupReminderRun {
  examined: number;
  planned: Array<{ ticketId: string; kind: NotificationKind }>;
}

/**
 * Pickup-reminder ladder (schedule handler, callable directly): for every ticket `completed`
 * and not picked up, the highest step of the ladder that is due (default 48 h, 7 d, 14 d after
 * completion) is planned once — a `create()`d marker `pickup_reminders/{ticket}~{completedAt}~{step}`
 * makes each step happen at most once even if runs overlap, and skipped steps are not sent late
 * (capped at three reminders). The cascade, consent, quiet hours and budget apply as usual.
 */
export async function runPickupReminders(deps: PipelineDeps): Promise<PickupReminderRun> {
  const now = deps.clock();
  const settings = await deps.settings.get();
  const snap = await deps.db
    .collection(COLLECTIONS.tickets)
    .where('status', '==', 'completed')
    .get();
  const planned: PickupReminderRun['planned'] = [];
  for (const doc of snap.docs) {
    const parsed = parseDoc(ticketSchema, doc.data());
    if (!parsed.ok || !parsed.value.completedAt) continue;
    const completedAt = parsed.value.completedAt;
    const step = dueStep(
      (now.getTime() - completedAt.getTime()) / 3_600_000,
      settings.pickupReminderHours,
    );
    const kind = PICKUP_LADDER[step];
    if (!kind) continue;
    const occurrence = `${kind}~${completedAt.getTime()}`;
    try {
      await deps.db
        .collection(COLLECTIONS.pickupReminders)
        .doc(`${doc.id}~${occurrence}`)
        .create({ ticketId: doc.id, kind, completedAt: ts(completedAt), plannedAt: ts(now) });
    } catch (error) {
      if (isAlreadyExists(error)) continue;
      throw error;
    }
    await planNotifications(deps, {
      ticketId: doc.id,
      ticket: parsed.value,
      requests: [{ kind, changeId: occurrence }],
      origin: 'reminder',
    });
    planned.push({ ticketId: doc.id, kind });
  }
  logs.scheduleRan('pickup_reminders', { examined: snap.size, planned: planned.length });
  return { examined: snap.size, planned };
}
