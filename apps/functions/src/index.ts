// The deployable entry: only re-exports the functions (triggers, task queue, schedules).
export { sendNotification } from './functions/send-task.ts';
export { onTicketCreated, onTicketUpdated } from './functions/ticket-triggers.ts';
