export { twilioDataToSign } from './data-to-sign.ts';
export { sha256Hex } from './digest.ts';
export { paramsFromForm, type TwilioParams } from './params.ts';
export { timingSafeEqualStrings } from './timing-safe-equal.ts';
export {
  type SignedUrlVariantsOptions,
  signedUrlCandidates,
  signedUrlVariants,
  withLegacyQuery,
  withoutPort,
  withStandardPort,
} from './url-variants.ts';
export {
  bodyHashOf,
  type ValidateTwilioBodyOptions,
  type ValidateTwilioSignatureOptions,
  validateTwilioSignature,
  validateTwilioSignatureWithBody,
} from './validate.ts';
