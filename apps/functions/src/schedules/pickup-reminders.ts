import { type NotificationKind, pickupPauseUntil } from '@omega/core';
import type { DocumentReference } from 'firebase-admin/firestore';
import { logs } from '../logs.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { ticketSchema } from '../store/documents.ts';
import { ts, zTimestamp } from '../store/timestamps.ts';
import { planMarkedStep } from './marked-step.ts';

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
  /** Steps a run had planned and died before enqueueing: their sends enqueued now. */
  resumed: Array<{ ticketId: string; kind: NotificationKind }>;
  /** Due steps waiting for the day after the pickup the customer announced (not planned yet). */
  paused: Array<{ ticketId: string; kind: NotificationKind; until: Date }>;
}

/**
 * Pickup-reminder ladder (schedule handler, callable directly): for every ticket `completed`
 * and not picked up, the highest step of the ladder that is due (default 48 h, 7 d, 14 d after
 * completion) is planned once, and skipped steps are not sent late (capped at three reminders).
 * The cascade, consent, quiet hours and budget apply as usual.
 *
 * Each step's marker `pickup_reminders/{ticket}~{kind}~{completedAt}` is `create()`d in the
 * planner's batch, with the history documents and their statistics: it exists exactly when they
 * do, so overlapping runs plan a step once and a run that dies before its commit leaves nothing
 * behind. It says `enqueuedAt: null` until the sends are on the queue; a run that finds it so
 * (the previous one died between the commit and the enqueue) enqueues them (task id =
 * notification id: once). A completed ticket that does not parse gets its due step recorded
 * skipped `invalid_data` (and an alert) instead of nothing.
 *
 * A customer who said when they will come (`pickupPlannedFor`: "Je passe aujourd'hui" /
 * "demain") pauses the ladder: a step due on or before that day is not planned until the day
 * after (core's `pickupPauseUntil`), then the ladder resumes as configured. A step planned
 * before the customer answered is held back by the send gate the same way.
 */
export async function runPickupReminders(deps: PipelineDeps): Promise<PickupReminderRun> {
  const now = deps.clock();
  const settings = await deps.settings.get();
  const snap = await deps.db
    .collection(COLLECTIONS.tickets)
    .where('status', '==', 'completed')
    .get();
  const due: Array<{
    ticketId: string;
    data: Record<string, unknown>;
    kind: NotificationKind;
    occurrence: string;
    marker: DocumentReference;
  }> = [];
  const paused: PickupReminderRun['paused'] = [];
  for (const doc of snap.docs) {
    const completed = zTimestamp.safeParse(doc.get('completedAt'));
    if (!completed.success) continue;
    const completedAt = completed.data;
    const step = dueStep(
      (now.getTime() - completedAt.getTime()) / 3_600_000,
      settings.pickupReminderHours,
    );
    const kind = PICKUP_LADDER[step];
    if (!kind) continue;
    // A malformed day is not a pause: the ticket does not parse and its step is recorded below.
    const plannedFor = ticketSchema.shape.pickupPlannedFor.safeParse(doc.get('pickupPlannedFor'));
    const until = plannedFor.success ? pickupPauseUntil(plannedFor.data ?? null, now) : null;
    if (until) {
      paused.push({ ticketId: doc.id, kind, until });
      continue;
    }
    const occurrence = `${kind}~${completedAt.getTime()}`;
    const marker = deps.db.collection(COLLECTIONS.pickupReminders).doc(`${doc.id}~${occurrence}`);
    due.push({ ticketId: doc.id, data: doc.data(), kind, occurrence, marker });
  }
  // One read for every due step's marker (a run costs no write for steps already planned).
  const markers = due.length > 0 ? await deps.db.getAll(...due.map((d) => d.marker)) : [];

  const planned: PickupReminderRun['planned'] = [];
  const resumed: PickupReminderRun['resumed'] = [];
  for (const [i, step] of due.entries()) {
    const completedAt = zTimestamp.parse(step.data.completedAt);
    const { ticketId, kind } = step;
    const result = await planMarkedStep(deps, step, markers[i], {
      markerData: { ticketId, kind, completedAt: ts(completedAt), plannedAt: ts(now) },
      faultPoint: 'pickup_after_plan',
      now,
    });
    if (result === 'resumed') resumed.push({ ticketId, kind });
    if (result === 'planned') planned.push({ ticketId, kind });
  }
  logs.scheduleRan('pickup_reminders', {
    examined: snap.size,
    planned: planned.length,
    resumed: resumed.length,
    paused: paused.length,
  });
  return { examined: snap.size, planned, resumed, paused };
}
