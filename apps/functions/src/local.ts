// `@omega/functions/local`: the building blocks the local stack and other packages' tests
// compose (never deployed): the runtime override, the in-process Cloud Tasks stand-in, the
// adapters, the handlers as plain functions.

export { sweepShopEmails } from './actions/shop-email.ts';
export type { ChannelSender, ChannelSenders, OutboundMessage } from './adapters/port.ts';
export { pushCatcherSender } from './adapters/push-catcher/index.ts';
export { fcmPushSender } from './adapters/push-fcm/index.ts';
export { smtpEmailSender } from './adapters/smtp-email/index.ts';
export { type LazyTwilio, lazyTwilioClient } from './adapters/twilio-client/index.ts';
export { twilioSmsSender } from './adapters/twilio-sms/index.ts';
export { twilioWhatsAppSender } from './adapters/twilio-whatsapp/index.ts';
export { syncWhatsAppTemplates } from './content/sync-templates.ts';
export { useRuntime } from './functions/runtime.ts';
export { handleIngestRequest, ingestEvent } from './ingest/handle-request.ts';
export { setLogSink } from './logs.ts';
export type { MediaDeps } from './media/deps.ts';
export { firebaseMediaStore } from './media/store.ts';
export type { PipelineConfig, PipelineDeps, SendTask } from './pipeline/deps.ts';
export { notifyTicket } from './pipeline/plan/notify-ticket.ts';
export { planTicketWrite } from './pipeline/plan/ticket-event.ts';
export { dispatchSend } from './pipeline/send/dispatch.ts';
export { SEND_RATE_LIMITS, SEND_RETRY_CONFIG } from './pipeline/send/retry-config.ts';
export { InProcessTaskQueue } from './queue/in-process-queue.ts';
export { cloudTasksBackoffMs } from './queue/task-queue.ts';
export { runBudgetCheck } from './schedules/budget.ts';
export { runPickupReminders } from './schedules/pickup-reminders.ts';
export { runQuoteChasers } from './schedules/quote-chasers.ts';
export { reconcilePrices, reconcileStuckMessages } from './schedules/reconcile.ts';
export { type SweepRun, sweepStuckNotifications } from './schedules/sweep.ts';
export { firestoreSettingsSource } from './settings/settings-source.ts';
export { runStatsRebuild, type StatsRebuildProgress } from './stats/rebuild.ts';
export { recordSatisfactionAnswer } from './store/satisfaction.ts';
