// Everything the stack takes from `@omega/functions`, in one place: the deployed functions
// from the package's entry (the stack calls their handlers exactly as production triggers
// them), and the local building blocks from `@omega/functions/local` (the runtime override,
// the in-process Cloud Tasks stand-in, the adapters, the log sink).
export {
  type ChannelSenders,
  fcmPushSender,
  firebaseMediaStore,
  firestoreSettingsSource,
  InProcessTaskQueue,
  lazyTwilioClient,
  type PipelineDeps,
  pushCatcherSender,
  type SendTask,
  setLogSink,
  smtpEmailSender,
  syncWhatsAppTemplates,
  twilioSmsSender,
  twilioWhatsAppSender,
  useRuntime,
} from '@omega/functions/local';
