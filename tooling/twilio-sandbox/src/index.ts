export type { Address, SandboxChannel } from './addresses.ts';
export { type ConnectionOverrides, parseCallbackUrl } from './connection-overrides.ts';
export {
  CALLBACK_FAULT_HEADER,
  type CallbackFault,
  type CallbackFaultSpec,
  FAULT_HEADER,
  type RequestFault,
  type RequestFaultSpec,
} from './faults.ts';
export {
  rewriteTwilioUrl,
  type SandboxHttpClientOptions,
  type SandboxTarget,
  sandboxHttpClient,
} from './http-client.ts';
export type { InboundError, InboundInput, InboundResult } from './inbound.ts';
export { MAGIC_NUMBERS, type MagicNumber } from './magic-numbers.ts';
export type { MessageRecord, MessageStatus } from './message-record.ts';
export {
  CALLBACK_DELAY_PRESETS,
  type CallbackDelays,
  type ContentOptions,
  DEFAULT_ACCOUNT_SID,
  DEFAULT_AUTH_TOKEN,
  type FaultOptions,
  type InboxShortLinks,
  type SandboxOptions,
} from './options.ts';
export { DEFAULT_PRICES, type PriceTable } from './prices.ts';
export { OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS } from './recipients.ts';
export {
  type OfflineReason,
  QUALITY_RATINGS,
  SENDER_STATUSES,
  type SenderPatch,
  type SenderRecord,
  type SenderStatus,
} from './senders.ts';
export { start, type TwilioSandbox } from './server.ts';
export { twilioSignature } from './signature.ts';
export type { WebhookAttempt, WebhookDelivery } from './webhook-sender.ts';
