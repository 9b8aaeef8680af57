import type { NotificationKind, Priority, TicketStatus } from './types.ts';

/**
 * The priority of every notification kind. Priority decides quiet hours (`low` and `normal`
 * wait for the send window), budget holds (`low` and `normal` are held when the monthly
 * budget is spent) and frequency caps (everything but `critical` counts against them).
 *
 * Ticket events follow the product table: received `normal`; diagnosing, waiting for parts,
 * in repair `low`; completed (ready for pickup) `high`; picked up `low`; cancelled `normal`;
 * quote to approve `high`; appointment changed `high`; pickup reminders `normal`; payment
 * reminder and staff urgent message `critical`. A walk-in's welcome is the "received" event
 * of a client without a profile, so it is `normal` too. Automatic replies (`reply_*`) answer a
 * message the customer has just sent, so they are `high`: they go out at once, even at night.
 * Quote chasers are `normal` like the pickup reminders: they wait for the send window and an
 * exhausted budget holds them. The satisfaction survey is `low`: it waits for the send window
 * and is held by an exhausted budget.
 */
export const PRIORITY_BY_KIND: Readonly<Record<NotificationKind, Priority>> = {
  walk_in_welcome: 'normal',
  ticket_received: 'normal',
  status_diagnosing: 'low',
  status_waiting_for_parts: 'low',
  status_in_repair: 'low',
  status_quote_pending: 'high',
  status_completed: 'high',
  status_picked_up: 'low',
  status_cancelled: 'normal',
  appointment_changed: 'high',
  pickup_reminder_1: 'normal',
  pickup_reminder_2: 'normal',
  pickup_reminder_final: 'normal',
  quote_reminder_1: 'normal',
  quote_reminder_2: 'normal',
  payment_reminder: 'critical',
  staff_urgent: 'critical',
  reply_help: 'high',
  reply_status: 'high',
  reply_hours: 'high',
  reply_address: 'high',
  reply_opt_out: 'high',
  reply_opt_in: 'high',
  reply_escalation_ack: 'high',
  reply_satisfaction: 'high',
  reply_action: 'high',
  satisfaction_survey: 'low',
};

/** Options of {@link notificationKindForStatus}. */
export interface NotificationKindOptions {
  /**
   * The ticket belongs to a walk-in (a client with no customer profile). Only changes the
   * kind for `received`: a walk-in gets `walk_in_welcome` (with the registration link)
   * instead of `ticket_received`.
   */
  walkIn?: boolean;
}

/**
 * The notification kind sent when a ticket enters `status`.
 *
 * @example
 * notificationKindForStatus('completed'); // 'status_completed'
 * notificationKindForStatus('received', { walkIn: true }); // 'walk_in_welcome'
 */
export function notificationKindForStatus(
  status: TicketStatus,
  options: NotificationKindOptions = {},
): NotificationKind {
  if (status === 'received') return options.walkIn === true ? 'walk_in_welcome' : 'ticket_received';
  return `status_${status}`;
}

/** The priority of a notification kind; shorthand for `PRIORITY_BY_KIND[kind]`. */
export function priorityOf(kind: NotificationKind): Priority {
  return PRIORITY_BY_KIND[kind];
}
