import type { Timestamp } from 'firebase-admin/firestore';
import { onDocumentCreated, onDocumentUpdated } from 'firebase-functions/v2/firestore';
import { REGION } from './options.ts';
import { secretsOf } from './secrets.ts';

// Handlers and their dependencies are imported on first invocation: the entry is loaded by
// every function instance (and by the CLI at deploy), so it only declares functions.
const load = () =>
  Promise.all([import('../pipeline/plan/ticket-event.ts'), import('./runtime.ts')]);

/** A Firestore write time with its full (nanosecond) precision, as a stable string. */
export function writeTimeId(time: Timestamp | undefined, fallback: string): string {
  if (!time) return fallback;
  return `${time.seconds}.${String(time.nanoseconds).padStart(9, '0')}`;
}

/** Ticket created → walk-in welcome or "ticket received". Retried on failure (idempotent). */
export const onTicketCreated = onDocumentCreated(
  {
    document: 'tickets/{ticketId}',
    region: REGION,
    retry: true,
    secrets: secretsOf('onTicketCreated'),
  },
  async (event) => {
    const snap = event.data;
    if (!snap) return;
    const [{ planTicketWrite }, { runtime }] = await load();
    await planTicketWrite(await runtime('onTicketCreated'), {
      ticketId: event.params.ticketId,
      before: null,
      after: snap.data(),
      writeTime: writeTimeId(snap.createTime, event.id),
    });
  },
);

/** Ticket updated → a notification when the status or the appointment changed. */
export const onTicketUpdated = onDocumentUpdated(
  {
    document: 'tickets/{ticketId}',
    region: REGION,
    retry: true,
    secrets: secretsOf('onTicketUpdated'),
  },
  async (event) => {
    const change = event.data;
    if (!change) return;
    const [{ planTicketWrite }, { runtime }] = await load();
    await planTicketWrite(await runtime('onTicketUpdated'), {
      ticketId: event.params.ticketId,
      before: change.before.data() ?? null,
      after: change.after.data() ?? {},
      writeTime: writeTimeId(change.after.updateTime, event.id),
    });
  },
);
