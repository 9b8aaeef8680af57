// The worker → ingestion contract (docs/forwarding-contract.md). Imported by apps/functions
// as `@omega/webhook-edge/forwarding`; Web Crypto only, no Workers or Node APIs.
export {
  type ForwardedEvent,
  type ForwardedEventErrorCode,
  type ForwardedEventType,
  parseForwardedEvent,
} from './event.ts';
export type { Outcome } from './result.ts';
export {
  DEFAULT_TOLERANCE_SECONDS,
  EVENT_ID_HEADER,
  type ForwardedSignature,
  parseSignatureHeader,
  SIGNATURE_HEADER,
  signForwardedBody,
  type VerifyForwardedErrorCode,
  type VerifyForwardedOptions,
  verifyForwardedSignature,
} from './sign.ts';
