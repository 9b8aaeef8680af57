import type { NotificationKind } from '@omega/core';
import { logs } from '../../logs.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import { parseDoc, ticketSchema } from '../../store/documents.ts';
import type { PipelineDeps } from '../deps.ts';
import { planNotifications, type TicketWriteOutcome } from './ticket-event.ts';

/**
 * Plans a notification about a ticket that no ticket write announces: a payment reminder or
 * an urgent staff message (both `critical`), a pickup reminder (the schedule). `changeId`
 * names the occurrence (`pickup_reminder_1`, a staff message's id), so calling twice plans once;
 * `variables` carry what the ticket does not (the urgent message's text).
 */
export async function notifyTicket(
  deps: PipelineDeps,
  input: {
    ticketId: string;
    kind: NotificationKind;
    changeId: string;
    /** Template variables the ticket does not carry (`staffMessage` of an urgent message). */
    variables?: Readonly<Record<string, string>>;
  },
): Promise<TicketWriteOutcome | null> {
  const snap = await deps.db.collection(COLLECTIONS.tickets).doc(input.ticketId).get();
  const parsed = snap.exists ? parseDoc(ticketSchema, snap.data()) : null;
  if (!parsed?.ok) {
    logs.ticketDataMissing(input.ticketId, parsed ? parsed.error.message : 'ticket not found');
    return null;
  }
  return planNotifications(deps, {
    ticketId: input.ticketId,
    ticket: parsed.value,
    requests: [{ kind: input.kind, changeId: input.changeId, variables: input.variables }],
    origin: input.kind === 'staff_urgent' ? 'ticket' : 'reminder',
  });
}
