import type { TemplateCatalog } from '../definition.ts';
import { quoteReminder1, quoteReminder2 } from './quotes.ts';
import {
  appointmentChanged,
  paymentReminder,
  pickupReminder1,
  pickupReminder2,
  pickupReminderFinal,
} from './reminders.ts';
import {
  replyAction,
  replyAddress,
  replyEscalationAck,
  replyHelp,
  replyHours,
  replyOptIn,
  replyOptOut,
  replyStatus,
} from './replies.ts';
import { replySatisfaction, satisfactionSurvey } from './satisfaction.ts';
import { staffUrgent } from './staff.ts';
import {
  statusCancelled,
  statusCompleted,
  statusDiagnosing,
  statusInRepair,
  statusPickedUp,
  statusQuotePending,
  statusWaitingForParts,
} from './status.ts';
import { ticketReceived, walkInWelcome } from './ticket.ts';

/**
 * Every template, keyed by core's `NotificationKind`. The type makes a missing kind, a
 * missing language or a wrongly named variable a compile error.
 */
export const TEMPLATES: TemplateCatalog = {
  walk_in_welcome: walkInWelcome,
  ticket_received: ticketReceived,
  status_diagnosing: statusDiagnosing,
  status_waiting_for_parts: statusWaitingForParts,
  status_in_repair: statusInRepair,
  status_quote_pending: statusQuotePending,
  status_completed: statusCompleted,
  status_picked_up: statusPickedUp,
  status_cancelled: statusCancelled,
  appointment_changed: appointmentChanged,
  pickup_reminder_1: pickupReminder1,
  pickup_reminder_2: pickupReminder2,
  pickup_reminder_final: pickupReminderFinal,
  quote_reminder_1: quoteReminder1,
  quote_reminder_2: quoteReminder2,
  payment_reminder: paymentReminder,
  staff_urgent: staffUrgent,
  reply_help: replyHelp,
  reply_status: replyStatus,
  reply_hours: replyHours,
  reply_address: replyAddress,
  reply_opt_out: replyOptOut,
  reply_opt_in: replyOptIn,
  reply_escalation_ack: replyEscalationAck,
  reply_satisfaction: replySatisfaction,
  reply_action: replyAction,
  satisfaction_survey: satisfactionSurvey,
};
