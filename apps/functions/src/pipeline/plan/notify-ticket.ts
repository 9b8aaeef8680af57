import type { NotificationKind } from '@omega/core';
import { logs } from '../../logs.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import { parseDoc, ticketSchema } from '../../store/documents.ts';
import type { PipelineDeps } from '../deps.ts';
import {
  planNotifications,
  recordUnreadableTicket,
  type TicketWriteOutcome,
} from './ticket-event.ts';

/**
 * Plans a notification about a ticket that no ticket write announces: a payment reminder or
 * an urgent staff message (both `critical`), a pickup reminder (the schedule). `changeId`
 * names the occurrence (`pickup_reminder_1`, a staff message's id), so calling twice plans once;
 * `variables` carry what the ticket does not (the urgent message's text). `null` when the ticket
 * does not exist; a ticket that does not parse gets the request recorded skipped `invalid_data`.
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
  const data = snap.data();
  if (!data) {
    logs.ticketDataMissing(input.ticketId, 'ticket not found');
    return null;
  }
  const request = { kind: input.kind, changeId: input.changeId, variables: input.variables };
  const origin = input.kind === 'staff_urgent' ? 'ticket' : 'reminder';
  const parsed = parseDoc(ticketSchema, data);
  if (!parsed.ok) {
    // Fail closed: recorded skipped `invalid_data` on every channel (staff see why), not a 404.
    logs.ticketDataMissing(input.ticketId, parsed.error.message);
    return recordUnreadableTicket(deps, {
      ticketId: input.ticketId,
      data,
      problem: parsed.error.message,
      requests: [request],
      origin,
    });
  }
  return planNotifications(deps, {
    ticketId: input.ticketId,
    ticket: parsed.value,
    requests: [request],
    origin,
  });
}
