// The deployable entry: only re-exports the functions (triggers, task queue, schedules).

export { staffApi } from './api/function.ts';
export { customerApi } from './customer-api/function.ts';
export { coverageOnClientWrite, coverageOnProfileWrite } from './functions/coverage-triggers.ts';
export { ingestTwilioEvent } from './functions/ingest.ts';
export {
  budgetCheck,
  pickupReminders,
  reconcileActualPrices,
  reconcileStuck,
} from './functions/schedules.ts';
export { sendNotification } from './functions/send-task.ts';
export { onTicketCreated, onTicketUpdated } from './functions/ticket-triggers.ts';
