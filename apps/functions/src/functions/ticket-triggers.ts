import type { Timestamp } from 'firebase-admin/firestore';
import { onDocumentCreated, onDocumentUpdated } from 'firebase-functions/v2/firestore';
import { planTicketWrite } from '../pipeline/plan-ticket-event.ts';
import { REGION } from './options.ts';
import { runtime } from './runtime.ts';

/** A Firestore write time with its full (nanosecond) precision, as a stable string. */
export function writeTimeId(time: Timestamp | undefined, fallback: string): string {
  if (!time) return fallback;
  return `${time.seconds}.${String(time.nanoseconds).padStart(9, '0')}`;
}

/** Ticket created → walk-in welcome or "ticket received". Retried on failure (idempotent). */
export const onTicketCreated = onDocumentCreated(
  { document: 'tickets/{ticketId}', region: REGION, retry: true },
  async (event) => {
    const snap = event.data;
    if (!snap) return;
    await planTicketWrite(await runtime(), {
      ticketId: event.params.ticketId,
      before: null,
      after: snap.data(),
      writeTime: writeTimeId(snap.createTime, event.id),
    });
  },
);

/** Ticket updated → a notification when the status or the appointment changed. */
export const onTicketUpdated = onDocumentUpdated(
  { document: 'tickets/{ticketId}', region: REGION, retry: true },
  async (event) => {
    const change = event.data;
    if (!change) return;
    await planTicketWrite(await runtime(), {
      ticketId: event.params.ticketId,
      before: change.before.data() ?? null,
      after: change.after.data() ?? {},
      writeTime: writeTimeId(change.after.updateTime, event.id),
    });
  },
);
