// The deployable entry: only re-exports the functions (triggers, task queue, schedules).

export { coverageOnClientWrite, coverageOnProfileWrite } from './functions/coverage-triggers.ts';
export { customerApi } from './functions/customer-api.ts';
export { ingestTwilioEvent } from './functions/ingest.ts';
export {
  budgetCheck,
  pickupReminders,
  quoteChasers,
  reconcileActualPrices,
  reconcileStuck,
  sweepStuck,
  whatsappHealth,
} from './functions/schedules.ts';
export { sendNotification } from './functions/send-task.ts';
export { shopEmailOnCreate } from './functions/shop-email-trigger.ts';
export { staffApi } from './functions/staff-api.ts';
export { onTicketCreated, onTicketUpdated } from './functions/ticket-triggers.ts';
