// The worker → ingestion contract (README.md). Imported by apps/webhook-edge (signs) and
// apps/functions (verifies) as `@omega/forwarding`; Web Crypto only, no Workers or Node APIs.
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
