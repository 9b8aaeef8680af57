// Everything the stack takes from `@omega/functions`, in one place.
//
// The deployed functions come from the package's entry (`@omega/functions`): the stack calls
// their handlers (`.run`) exactly as production does. The local building blocks below (the
// runtime override, the in-process Cloud Tasks stand-in, the adapters) are not in the package's
// `exports` yet, so they are imported by path from `apps/functions/src`. When the package
// exports them (e.g. `@omega/functions/local`), only this file changes.
export {
  budgetCheck,
  coverageOnClientWrite,
  coverageOnProfileWrite,
  onTicketCreated,
  onTicketUpdated,
  pickupReminders,
  reconcileActualPrices,
  reconcileStuck,
  sendNotification,
} from '@omega/functions';
export type { ChannelSenders } from '../../../../apps/functions/src/adapters/port.ts';
export { pushCatcherSender } from '../../../../apps/functions/src/adapters/push-catcher/index.ts';
export { smtpEmailSender } from '../../../../apps/functions/src/adapters/smtp-email/index.ts';
export { lazyTwilioClient } from '../../../../apps/functions/src/adapters/twilio-client/index.ts';
export { twilioSmsSender } from '../../../../apps/functions/src/adapters/twilio-sms/index.ts';
export { twilioWhatsAppSender } from '../../../../apps/functions/src/adapters/twilio-whatsapp/index.ts';
export { syncWhatsAppTemplates } from '../../../../apps/functions/src/content/sync-templates.ts';
export { useRuntime } from '../../../../apps/functions/src/functions/runtime.ts';
export type { PipelineDeps, SendTask } from '../../../../apps/functions/src/pipeline/deps.ts';
export { SEND_RETRY_CONFIG } from '../../../../apps/functions/src/pipeline/retry-config.ts';
export { InProcessTaskQueue } from '../../../../apps/functions/src/queue/in-process-queue.ts';
export { cloudTasksBackoffMs } from '../../../../apps/functions/src/queue/task-queue.ts';
export { firestoreSettingsSource } from '../../../../apps/functions/src/settings/settings-source.ts';
