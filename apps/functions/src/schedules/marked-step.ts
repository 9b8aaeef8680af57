import type { NotificationKind } from '@omega/core';
import type { DocumentReference, DocumentSnapshot } from 'firebase-admin/firestore';
import { logs } from '../logs.ts';
import type { FaultPoint, PipelineDeps } from '../pipeline/deps.ts';
import {
  enqueuePlanned,
  planNotifications,
  recordUnreadableTicket,
} from '../pipeline/plan/ticket-event.ts';
import { parseDoc, ticketSchema } from '../store/documents.ts';
import { ts } from '../store/timestamps.ts';

/** One due step of a schedule with markers (a pickup reminder, a quote chaser). */
export interface MarkedStep {
  ticketId: string;
  kind: NotificationKind;
  /** The occurrence's stable name: the notifications' change id. */
  occurrence: string;
  /** `<collection>/{ticket}~{kind}~{occurrence millis}`. */
  marker: DocumentReference;
  /** The ticket document's data as read. */
  data: Record<string, unknown>;
}

/**
 * Plans one due step of a marked schedule, exactly once (docs/delivery.md, "Schedule markers"):
 * - its marker already there: done, unless it says `enqueuedAt: null` (a run died after its
 *   batch) — then the step's sends are enqueued now (`resumed`);
 * - a ticket that does not parse: recorded `invalid_data` on every channel with the marker;
 * - otherwise planned through the pipeline with the marker `create()`d in the same batch, then
 *   enqueued and the marker stamped `enqueuedAt` (a fault point between the two).
 * `planned` is false when an overlapping run's batch found the marker first.
 */
export async function planMarkedStep(
  deps: PipelineDeps,
  step: MarkedStep,
  existing: DocumentSnapshot | undefined,
  options: { markerData: Record<string, unknown>; faultPoint: FaultPoint; now: Date },
): Promise<'resumed' | 'planned' | 'done'> {
  const { ticketId, kind, occurrence, marker } = step;
  const now = ts(options.now);
  if (existing?.exists) {
    // Created before this field existed (`undefined`), or enqueued: done.
    if (existing.get('enqueuedAt') !== null) return 'done';
    await enqueuePlanned(deps, ticketId, occurrence);
    await marker.update({ enqueuedAt: now });
    return 'resumed';
  }
  const request = { kind, changeId: occurrence };
  const parsed = parseDoc(ticketSchema, step.data);
  if (!parsed.ok) {
    logs.ticketDataMissing(ticketId, parsed.error.message);
    const outcome = await recordUnreadableTicket(deps, {
      ticketId,
      data: step.data,
      problem: parsed.error.message,
      requests: [request],
      origin: 'reminder',
      marker: { ref: marker, data: { ...options.markerData, enqueuedAt: now } },
    });
    return outcome.redelivered ? 'done' : 'planned';
  }
  const outcome = await planNotifications(deps, {
    ticketId,
    ticket: parsed.value,
    requests: [request],
    origin: 'reminder',
    marker: { ref: marker, data: { ...options.markerData, enqueuedAt: null } },
  });
  await deps.faults?.hit(options.faultPoint, marker.id);
  await marker.update({ enqueuedAt: now });
  // An overlapping run's batch found the marker: that run planned the step.
  return outcome.redelivered ? 'done' : 'planned';
}
